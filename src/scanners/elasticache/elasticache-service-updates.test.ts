import { deniedCase } from '../../../test/support/scanner-fixtures.js';
import { oneAccountWorld, TEST_ACCOUNT, testScanner } from '../../../test/support/scanner-tester.js';
import { elasticacheServiceUpdates } from './elasticache-service-updates.js';

/** A one-account world with this ElastiCache data in us-east-1. */
const world = (data: Record<string, unknown>, knobs?: Record<string, unknown>) =>
  oneAccountWorld({ elasticache: data }, {}, knobs);

const SECURITY = {
  name: 'elasticache-20260215-001',
  released: '2026-02-15T00:00:00Z',
  recommendedApplyBy: '2026-03-20T00:00:00Z',
  severity: 'important',
  autoUpdateAfterRecommendedApplyByDate: true,
};
const CRITICAL = {
  name: 'elasticache-20260220-002',
  released: '2026-02-20T00:00:00Z',
  recommendedApplyBy: '2026-03-10T00:00:00Z',
  severity: 'critical',
};
const UNDATED = { name: 'elasticache-20260101-003', released: '2026-01-01T00:00:00Z', severity: 'low' };
const LATER = { ...SECURITY, name: 'elasticache-20260225-004', recommendedApplyBy: '2026-09-01T00:00:00Z' };

const rg = (id: string) => `arn:aws:elasticache:us-east-1:${TEST_ACCOUNT}:replicationgroup:${id}`;
const row = (u: typeof SECURITY | typeof CRITICAL, auto: boolean | null, status = 'not-applied') => ({
  serviceUpdateName: u.name,
  type: 'security-update',
  severity: u.severity,
  status,
  releaseDate: new Date(u.released).toISOString(),
  recommendedApplyByDate: new Date(u.recommendedApplyBy).toISOString(),
  nodesUpdated: '0/2',
  slaMet: 'n/a',
  autoUpdateAfterApplyBy: auto,
});

testScanner(elasticacheServiceUpdates, {
  now: '2026-03-01T00:00:00.000Z',
  horizonDays: { 'engine-maintenance': 60 },
  quiet: [
    {
      name: 'applied, undated and far-off updates',
      scenario: world({
        serviceUpdates: [SECURITY, UNDATED, LATER],
        replicationGroups: [
          { id: 'done', updates: [{ serviceUpdate: SECURITY.name, status: 'complete' }] },
          { id: 'undated', updates: [{ serviceUpdate: UNDATED.name }] },
          { id: 'later', updates: [{ serviceUpdate: LATER.name }] },
        ],
      }),
    },
    deniedCase('access denied is coverage, never "nothing to apply"', 'elasticache', {
      elasticache: {
        serviceUpdates: [SECURITY],
        replicationGroups: [{ id: 'x', updates: [{ serviceUpdate: SECURITY.name }] }],
      },
    }),
  ],
  found: [
    {
      name: 'open updates per replication group and Memcached cluster, across pages, earliest apply-by first',
      scenario: world({
        serviceUpdates: [SECURITY, CRITICAL, UNDATED, LATER],
        replicationGroups: [
          ...Array.from({ length: 110 }, (_, n) => ({
            id: `filler-${n}`,
            updates: [{ serviceUpdate: LATER.name }],
          })),
          {
            id: 'sessions',
            updates: [
              { serviceUpdate: SECURITY.name, status: 'scheduled' },
              { serviceUpdate: CRITICAL.name },
              { serviceUpdate: UNDATED.name },
            ],
          },
        ],
        cacheClusters: [
          {
            id: 'memc',
            engine: 'memcached',
            engineVersion: '1.6.22',
            nodes: 2,
            updates: [{ serviceUpdate: SECURITY.name }],
          },
        ],
      }),
      expected: [
        {
          resource: `arn:aws:elasticache:us-east-1:${TEST_ACCOUNT}:cluster:memc`,
          eventDate: '2026-03-20T00:00:00.000Z',
          title: 'ElastiCache memc: 1 service update(s), apply by 2026-03-20',
          evidence: {
            service: 'elasticache',
            resourceType: 'cache-cluster',
            resourceId: 'memc',
            engine: 'memcached',
            autoUpdateKnown: true,
            updates: [row(SECURITY, true)],
          },
        },
        {
          resource: rg('sessions'),
          eventDate: '2026-03-10T00:00:00.000Z',
          title: 'ElastiCache sessions: 3 service update(s), apply by 2026-03-10',
          evidence: {
            service: 'elasticache',
            resourceType: 'replication-group',
            resourceId: 'sessions',
            engine: 'redis',
            autoUpdateKnown: true,
            updates: [
              row(CRITICAL, null),
              row(SECURITY, true, 'scheduled'),
              {
                serviceUpdateName: UNDATED.name,
                type: 'security-update',
                severity: 'low',
                status: 'not-applied',
                releaseDate: '2026-01-01T00:00:00.000Z',
                recommendedApplyByDate: null,
                nodesUpdated: '0/2',
                slaMet: 'n/a',
                autoUpdateAfterApplyBy: null,
              },
            ],
          },
        },
      ],
    },
    {
      name: 'DescribeServiceUpdates refused: the update is still reported, auto-update unknown',
      scenario: world(
        {
          serviceUpdates: [SECURITY],
          replicationGroups: [{ id: 'sessions', updates: [{ serviceUpdate: SECURITY.name }] }],
        },
        { services: { elasticache: { deny: ['DescribeServiceUpdates'] } } },
      ),
      expected: [
        {
          resource: rg('sessions'),
          eventDate: '2026-03-20T00:00:00.000Z',
          evidence: {
            service: 'elasticache',
            resourceType: 'replication-group',
            resourceId: 'sessions',
            engine: 'redis',
            autoUpdateKnown: false,
            updates: [row(SECURITY, null)],
          },
        },
      ],
    },
  ],
});
