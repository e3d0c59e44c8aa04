import { type ScenarioInput, TEST_ACCOUNT, testScanner } from '../../../test/support/scanner-tester.js';
import { reservationExpiry } from './reservation-expiry.js';

const KIND = 'reservation-expiry';
const R = 'us-east-1';

/** One running resource of every service a regional reservation pays for. */
const RUNNING: Record<string, Record<string, unknown[]>> = {
  ec2: { instances: [{ type: 'c6g.xlarge' }] },
  rds: { dbInstances: [{ id: 'orders-db' }] },
  elasticache: { cacheClusters: [{ id: 'sessions' }] },
  redshift: { clusters: [{ id: 'warehouse' }] },
  opensearch: { domains: [{ name: 'search-prod' }] },
  memorydb: { clusters: [{ name: 'ledger' }] },
};

/**
 * A one-account world: regional reservations in us-east-1 beside the running resources of `running`
 * (services), and Savings Plans (account-wide).
 */
function world(
  regional: Record<string, Record<string, unknown[]>>,
  savingsPlans: unknown[] = [],
  running: string[] = Object.keys(RUNNING),
): ScenarioInput {
  const data: Record<string, Record<string, unknown[]>> = {};
  for (const service of new Set([...Object.keys(regional), ...running])) {
    data[service] = { ...(running.includes(service) ? RUNNING[service] : {}), ...regional[service] };
  }
  return {
    accounts: [{ id: TEST_ACCOUNT, regions: { [R]: data }, global: { savingsplans: { savingsPlans } } }],
  } as ScenarioInput;
}

/** A reservation of every regional kind ending within the horizon. */
const ENDING_SOON = {
  ec2: { reservedInstances: [{ id: 'ri-soon', end: '2026-03-20T00:00:00Z' }] },
  rds: { reservedDBInstances: [{ id: 'rds-soon', type: 'db.r6g.large', end: '2026-03-20T00:00:00Z' }] },
  elasticache: {
    reservedCacheNodes: [{ id: 'ec-soon', type: 'cache.r6g.large', end: '2026-03-20T00:00:00Z' }],
  },
  redshift: { reservedNodes: [{ id: 'rs-soon', type: 'ra3.xlplus', end: '2026-03-20T00:00:00Z' }] },
  opensearch: {
    reservedInstances: [{ id: 'os-soon', type: 'r6g.large.search', end: '2026-03-20T00:00:00Z' }],
  },
  memorydb: { reservedNodes: [{ id: 'mdb-soon', type: 'db.r6g.large', end: '2026-03-20T00:00:00Z' }] },
};

/** An EC2 Reserved Instance ending within the horizon, and what the scanner reports of it. */
const EC2_RI = {
  id: 'ri-0abc',
  instanceType: 'c6g.xlarge',
  count: 4,
  start: '2025-03-20T00:00:00Z',
  end: '2026-03-20T00:00:00Z',
};
const EC2_FOUND = {
  kind: KIND,
  accountId: TEST_ACCOUNT,
  region: R,
  resource: `arn:aws:ec2:${R}:${TEST_ACCOUNT}:reserved-instances/ri-0abc`,
  eventDate: '2026-03-20T00:00:00.000Z',
  title: 'EC2 reservation ri-0abc ends 2026-03-20',
  evidence: {
    service: 'EC2',
    id: 'ri-0abc',
    instanceType: 'c6g.xlarge',
    count: 4,
    scope: 'Region',
    availabilityZone: null,
    productDescription: 'Linux/UNIX',
    offeringType: 'No Upfront',
    offeringClass: 'standard',
    start: '2025-03-20T00:00:00.000Z',
    end: '2026-03-20T00:00:00.000Z',
  },
};

testScanner(reservationExpiry, {
  now: '2026-03-01T00:00:00.000Z',
  horizonDays: { [KIND]: 60 },
  quiet: [
    { name: 'no reservations at all', scenario: world({}) },
    {
      name: 'reservations ending soon in a region where none of their services runs anything (no bill changes)',
      scenario: world(ENDING_SOON, [], []),
    },
    {
      name: 'every kind of reservation ending after the horizon',
      scenario: world(
        {
          ec2: { reservedInstances: [{ id: 'ri-late', end: '2026-12-01T00:00:00Z' }] },
          rds: {
            reservedDBInstances: [{ id: 'rds-late', type: 'db.r6g.large', end: '2026-12-01T00:00:00Z' }],
          },
          elasticache: {
            reservedCacheNodes: [{ id: 'ec-late', type: 'cache.r6g.large', end: '2026-12-01T00:00:00Z' }],
          },
          redshift: { reservedNodes: [{ id: 'rs-late', type: 'ra3.xlplus', end: '2026-12-01T00:00:00Z' }] },
          opensearch: {
            reservedInstances: [{ id: 'os-late', type: 'r6g.large.search', end: '2026-12-01T00:00:00Z' }],
          },
          memorydb: {
            reservedNodes: [{ id: 'mdb-late', type: 'db.r6g.large', end: '2026-12-01T00:00:00Z' }],
          },
        },
        [{ id: 'sp-late', end: '2026-12-01T00:00:00Z' }],
      ),
    },
    {
      name: 'reservations that already ended (retired) or are not active yet',
      scenario: world({
        ec2: {
          reservedInstances: [
            { id: 'ri-retired', end: '2026-02-01T00:00:00Z' },
            { id: 'ri-pending', end: '2026-03-15T00:00:00Z', state: 'payment-pending' },
          ],
        },
        rds: {
          reservedDBInstances: [{ id: 'rds-retired', type: 'db.t3.micro', end: '2026-01-01T00:00:00Z' }],
        },
      }),
    },
  ],
  found: [
    {
      name: 'only the reservations of services that run something in the region (EC2 here, not RDS)',
      scenario: world(
        {
          ec2: { reservedInstances: [EC2_RI] },
          rds: {
            reservedDBInstances: [{ id: 'rds-idle', type: 'db.r6g.large', end: '2026-03-20T00:00:00Z' }],
          },
        },
        [],
        ['ec2'],
      ),
      expected: [EC2_FOUND],
    },
    {
      name: 'one reservation of every kind ending within the horizon',
      scenario: world(
        {
          ec2: { reservedInstances: [EC2_RI] },
          rds: {
            reservedDBInstances: [
              {
                id: 'rds-ri-1',
                type: 'db.r6g.large',
                count: 2,
                multiAZ: true,
                productDescription: 'postgresql',
                start: '2025-04-01T00:00:00Z',
                end: '2026-04-01T00:00:00Z',
              },
            ],
          },
          elasticache: {
            reservedCacheNodes: [
              {
                id: 'ec-ri-1',
                type: 'cache.r6g.large',
                start: '2025-03-10T00:00:00Z',
                end: '2026-03-10T00:00:00Z',
              },
            ],
          },
          redshift: {
            reservedNodes: [
              {
                id: 'rs-ri-1',
                type: 'ra3.xlplus',
                count: 2,
                start: '2025-03-05T00:00:00Z',
                end: '2026-03-05T00:00:00Z',
              },
            ],
          },
          opensearch: {
            reservedInstances: [
              {
                id: 'os-ri-1',
                name: 'search-prod',
                type: 'r6g.large.search',
                count: 3,
                start: '2025-04-20T00:00:00Z',
                end: '2026-04-20T00:00:00Z',
              },
            ],
          },
          memorydb: {
            reservedNodes: [
              {
                id: 'mdb-ri-1',
                type: 'db.r7g.large',
                count: 2,
                offeringType: 'All Upfront',
                start: '2023-03-25T00:00:00Z',
                end: '2026-03-25T00:00:00Z',
              },
              {
                id: 'mdb-pending',
                type: 'db.r7g.large',
                state: 'payment-pending',
                end: '2026-03-26T00:00:00Z',
              },
            ],
          },
        },
        [{ id: 'sp-1', type: 'Compute', commitment: '2.5', end: '2026-04-10T00:00:00Z' }],
      ),
      expected: [
        EC2_FOUND,
        {
          kind: KIND,
          accountId: TEST_ACCOUNT,
          region: R,
          resource: `arn:aws:rds:${R}:${TEST_ACCOUNT}:ri:rds-ri-1`,
          eventDate: '2026-04-01T00:00:00.000Z',
          title: 'RDS reservation rds-ri-1 ends 2026-04-01',
          evidence: {
            service: 'RDS',
            id: 'rds-ri-1',
            instanceClass: 'db.r6g.large',
            count: 2,
            productDescription: 'postgresql',
            offeringType: 'No Upfront',
            multiAZ: true,
            start: '2025-04-01T00:00:00.000Z',
            end: '2026-04-01T00:00:00.000Z',
          },
        },
        {
          kind: KIND,
          accountId: TEST_ACCOUNT,
          region: R,
          resource: `arn:aws:elasticache:${R}:${TEST_ACCOUNT}:reserved-instance:ec-ri-1`,
          eventDate: '2026-03-10T00:00:00.000Z',
          title: 'ElastiCache reservation ec-ri-1 ends 2026-03-10',
          evidence: {
            service: 'ElastiCache',
            id: 'ec-ri-1',
            nodeType: 'cache.r6g.large',
            count: 1,
            productDescription: 'redis',
            offeringType: 'No Upfront',
            start: '2025-03-10T00:00:00.000Z',
            end: '2026-03-10T00:00:00.000Z',
          },
        },
        {
          kind: KIND,
          accountId: TEST_ACCOUNT,
          region: R,
          resource: `arn:aws:memorydb:${R}:${TEST_ACCOUNT}:reservednode/mdb-ri-1`,
          eventDate: '2026-03-25T00:00:00.000Z',
          title: 'MemoryDB reservation mdb-ri-1 ends 2026-03-25',
          evidence: {
            service: 'MemoryDB',
            id: 'mdb-ri-1',
            nodeType: 'db.r7g.large',
            count: 2,
            offeringType: 'All Upfront',
            start: '2023-03-25T00:00:00.000Z',
            end: '2026-03-25T00:00:00.000Z',
          },
        },
        {
          kind: KIND,
          accountId: TEST_ACCOUNT,
          region: R,
          resource: `arn:aws:redshift:${R}:${TEST_ACCOUNT}:reserved-node/rs-ri-1`,
          eventDate: '2026-03-05T00:00:00.000Z',
          title: 'Redshift reservation rs-ri-1 ends 2026-03-05',
          evidence: {
            service: 'Redshift',
            id: 'rs-ri-1',
            nodeType: 'ra3.xlplus',
            count: 2,
            offeringType: 'No Upfront',
            start: '2025-03-05T00:00:00.000Z',
            end: '2026-03-05T00:00:00.000Z',
          },
        },
        {
          kind: KIND,
          accountId: TEST_ACCOUNT,
          region: R,
          resource: `arn:aws:es:${R}:${TEST_ACCOUNT}:reserved-instance/os-ri-1`,
          eventDate: '2026-04-20T00:00:00.000Z',
          title: 'OpenSearch reservation os-ri-1 ends 2026-04-20',
          evidence: {
            service: 'OpenSearch',
            id: 'os-ri-1',
            name: 'search-prod',
            instanceType: 'r6g.large.search',
            count: 3,
            paymentOption: 'NO_UPFRONT',
            start: '2025-04-20T00:00:00.000Z',
            end: '2026-04-20T00:00:00.000Z',
          },
        },
        {
          kind: KIND,
          accountId: TEST_ACCOUNT,
          region: 'global',
          resource: `arn:aws:savingsplans::${TEST_ACCOUNT}:savingsplan/sp-1`,
          eventDate: '2026-04-10T00:00:00.000Z',
          title: 'SavingsPlans reservation sp-1 ends 2026-04-10',
          evidence: {
            service: 'SavingsPlans',
            id: 'sp-1',
            savingsPlanType: 'Compute',
            paymentOption: 'No Upfront',
            commitment: '2.5',
            currency: 'USD',
            start: '2025-04-10T00:00:00.000Z',
            end: '2026-04-10T00:00:00.000Z',
          },
        },
      ],
    },
  ],
});
