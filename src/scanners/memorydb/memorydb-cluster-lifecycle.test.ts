import { deniedCase } from '../../../test/support/scanner-fixtures.js';
import { oneAccountWorld, TEST_ACCOUNT, testScanner } from '../../../test/support/scanner-tester.js';
import { memorydbClusterLifecycle } from './memorydb-cluster-lifecycle.js';

/** A one-account world with these MemoryDB clusters in us-east-1 and this Health data. */
const world = (clusters: unknown[], health: Record<string, unknown> = {}) =>
  oneAccountWorld({ memorydb: { clusters } }, health);

const arn = (name: string) => `arn:aws:memorydb:us-east-1:${TEST_ACCOUNT}:cluster/${name}`;
const update = (name: string, autoUpdateStart?: string, status = 'available') => ({
  name,
  released: '2026-02-01T00:00:00Z',
  status,
  ...(autoUpdateStart ? { autoUpdateStart } : {}),
});

testScanner(memorydbClusterLifecycle, {
  now: '2026-03-01T00:00:00.000Z',
  horizonDays: { 'engine-maintenance': 60, 'engine-end-of-support': 365 },
  quiet: [
    {
      name: 'complete, undated and far-off updates; no dates for the engine without a catalog',
      scenario: world([
        {
          name: 'calm',
          engineVersion: '6.2',
          serviceUpdates: [
            update('memorydb-20260101', '2026-03-10T00:00:00Z', 'complete'),
            update('memorydb-20260102'),
            update('memorydb-20260103', '2026-09-01T00:00:00Z'),
          ],
        },
      ]),
    },
    deniedCase('access denied is coverage', 'memorydb', { memorydb: { clusters: [{ name: 'x' }] } }),
  ],
  found: [
    {
      name: 'an update applied automatically soon, and Redis OSS 6 dated by the version catalog',
      scenario: world(
        [
          {
            name: 'sessions',
            engineVersion: '6.2',
            serviceUpdates: [
              update('memorydb-20260215', '2026-03-20T00:00:00Z'),
              update('memorydb-20260102'),
            ],
          },
        ],
        {
          supportPlan: 'business',
          serviceLifecycles: [
            {
              service: 'MEMORYDB',
              version: 'redis 6',
              recommendedVersion: 'valkey 7.3',
              lifecycleEvents: [
                {
                  lifecycleEventType: 'END_OF_STANDARD_SUPPORT',
                  date: '2027-01-31T00:00:00Z',
                  impactRisks: ['BILLING'],
                },
              ],
            },
          ],
        },
      ),
      expected: [
        {
          kind: 'engine-end-of-support',
          resource: arn('sessions'),
          eventDate: '2027-01-31T00:00:00.000Z',
          evidence: {
            service: 'memorydb',
            clusterName: 'sessions',
            engine: 'redis',
            engineVersion: '6.2',
            standardSupportEnd: '2027-01-31T00:00:00.000Z',
            extendedSupportEnd: null,
            pastStandardSupport: false,
            recommendedVersion: 'valkey 7.3',
            dateSource: 'version-catalog',
            dateSourceUrl:
              'https://docs.aws.amazon.com/health/latest/APIReference/API_DescribeServiceLifecycle.html',
            datesReadOn: '2026-03-01',
            note: null,
          },
        },
        {
          kind: 'engine-maintenance',
          resource: arn('sessions'),
          eventDate: '2026-03-20T00:00:00.000Z',
          evidence: {
            service: 'memorydb',
            clusterName: 'sessions',
            engineVersion: '6.2',
            updates: [
              {
                serviceUpdateName: 'memorydb-20260215',
                type: 'security-update',
                status: 'available',
                releaseDate: '2026-02-01T00:00:00.000Z',
                autoUpdateStartDate: '2026-03-20T00:00:00.000Z',
                nodesUpdated: '0/2',
                description: 'Security update',
              },
              {
                serviceUpdateName: 'memorydb-20260102',
                type: 'security-update',
                status: 'available',
                releaseDate: '2026-02-01T00:00:00.000Z',
                autoUpdateStartDate: null,
                nodesUpdated: '0/2',
                description: 'Security update',
              },
            ],
          },
        },
      ],
    },
  ],
});
