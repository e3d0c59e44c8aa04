import { deniedCase, VERSION_CATALOG_URL } from '../../../test/support/scanner-fixtures.js';
import { oneAccountWorld, TEST_ACCOUNT, testScanner } from '../../../test/support/scanner-tester.js';
import { elasticacheEngineEndOfSupport } from './elasticache-engine-end-of-support.js';

/** A one-account world with this ElastiCache data in us-east-1 and this Health data. */
const world = (data: Record<string, unknown>, health: Record<string, unknown> = {}) =>
  oneAccountWorld({ elasticache: data }, health);

const EXT_URL = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/extended-support.html';

testScanner(elasticacheEngineEndOfSupport, {
  now: '2026-06-01T00:00:00.000Z',
  horizonDays: { 'engine-end-of-support': 180 },
  quiet: [
    {
      name: 'Valkey, Redis OSS 7.1 and Memcached have no end date; Redis OSS 6 ends beyond the horizon',
      scenario: world({
        replicationGroups: [
          { id: 'valkey', engine: 'valkey', engineVersion: '8.0.1' },
          { id: 'r7', engineVersion: '7.1.0' },
          { id: 'r6', engineVersion: '6.2.6' },
        ],
        cacheClusters: [{ id: 'memc', engine: 'memcached', engineVersion: '1.6.22' }],
      }),
    },
    deniedCase('access denied is coverage', 'elasticache', {
      elasticache: { replicationGroups: [{ id: 'x', engineVersion: '5.0.6' }] },
    }),
  ],
  found: [
    {
      name: 'Redis OSS 5 in Extended Support (table), one finding per replication group, across pages',
      scenario: world({
        replicationGroups: [
          ...Array.from({ length: 60 }, (_, n) => ({ id: `filler-${n}`, engineVersion: '7.1.0' })),
          { id: 'sessions', engineVersion: '5.0.6', nodes: 3 },
        ],
      }),
      expected: [
        {
          resource: `arn:aws:elasticache:us-east-1:${TEST_ACCOUNT}:replicationgroup:sessions`,
          eventDate: '2026-01-31T00:00:00.000Z',
          title: 'ElastiCache sessions: Redis OSS 5.0.6 standard support ended 2026-01-31',
          evidence: {
            service: 'elasticache',
            resourceType: 'replication-group',
            resourceId: 'sessions',
            engine: 'redis',
            engineVersion: '5.0.6',
            nodes: 3,
            standardSupportEnd: '2026-01-31T00:00:00.000Z',
            extendedSupportEnd: '2029-01-31T00:00:00.000Z',
            pastStandardSupport: true,
            recommendedVersion: null,
            dateSource: 'lifecycle-table',
            dateSourceUrl: EXT_URL,
            datesReadOn: '2026-12-02',
            note: null,
          },
        },
      ],
    },
    {
      name: 'with a support plan the catalog dates Redis OSS 6 sooner than the table',
      scenario: world(
        { cacheClusters: [{ id: 'single', engineVersion: '6.0.5', nodes: 1 }] },
        {
          supportPlan: 'business',
          serviceLifecycles: [
            {
              service: 'ELASTICACHE',
              version: 'Redis OSS 6',
              recommendedVersion: 'Valkey 8.1',
              lifecycleEvents: [
                {
                  lifecycleEventType: 'END_OF_STANDARD_SUPPORT',
                  date: '2026-10-31T00:00:00Z',
                  impactRisks: ['BILLING'],
                },
                {
                  lifecycleEventType: 'END_OF_EXTENDED_SUPPORT',
                  date: '2029-10-31T00:00:00Z',
                  impactRisks: ['END_OF_SUPPORT'],
                },
              ],
            },
          ],
        },
      ),
      expected: [
        {
          resource: `arn:aws:elasticache:us-east-1:${TEST_ACCOUNT}:cluster:single`,
          eventDate: '2026-10-31T00:00:00.000Z',
          evidence: {
            service: 'elasticache',
            resourceType: 'cache-cluster',
            resourceId: 'single',
            engine: 'redis',
            engineVersion: '6.0.5',
            nodes: 1,
            standardSupportEnd: '2026-10-31T00:00:00.000Z',
            extendedSupportEnd: '2029-10-31T00:00:00.000Z',
            pastStandardSupport: false,
            recommendedVersion: 'Valkey 8.1',
            dateSource: 'version-catalog',
            dateSourceUrl: VERSION_CATALOG_URL,
            datesReadOn: '2026-06-01',
            note: null,
          },
        },
      ],
    },
  ],
});
