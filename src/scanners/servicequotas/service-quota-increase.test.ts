import { describe, expect, it } from 'vitest';
import { userLifecycleTable } from '../../../test/support/scanner-fixtures.js';
import {
  runCase,
  type ScenarioInput,
  TEST_ACCOUNT,
  testScanner,
} from '../../../test/support/scanner-tester.js';
import { serviceQuotaIncrease } from './service-quota-increase.js';

const KIND = 'service-quota-increase';
const R = 'us-east-1';
const NOW = '2026-03-01T00:00:00.000Z';

/** EC2 vCPU usage is read only where an instance exists: worlds have one unless told otherwise. */
const ONE_INSTANCE = [{ type: 'm6i.xlarge' }];

/**
 * A one-account world with these quotas (usage served by CloudWatch), increase requests and EC2
 * instances in us-east-1.
 */
function world(
  quotas: unknown[],
  requests: unknown[] = [],
  instances: unknown[] = ONE_INSTANCE,
): ScenarioInput {
  const ec2 = instances.length > 0 ? { ec2: { instances } } : {};
  return {
    accounts: [{ id: TEST_ACCOUNT, regions: { [R]: { servicequotas: { quotas, requests }, ...ec2 } } }],
  } as ScenarioInput;
}

// A user's row (OPSRADAR_LIFECYCLE_DIR) for a quota whose usage no EC2 instance makes: Fargate vCPUs
// are used by tasks, so the row is read whether or not the region has an instance.
const FARGATE_DIMENSIONS = {
  Service: 'Fargate',
  Type: 'Resource',
  Resource: 'vCPU',
  Class: 'Standard/OnDemand',
};
userLifecycleTable('service-quotas', [
  'table: service-quotas',
  "asOf: '2026-02-20'",
  'sources:',
  '  - { title: Our platform notes, url: https://wiki.example.com/quotas, checkedOn: 2026-02-20 }',
  'rows:',
  `  - { serviceCode: fargate, quotaCode: L-3032A538, name: Fargate On-Demand vCPU resource count, dimensions: ${JSON.stringify(FARGATE_DIMENSIONS)}, stat: Maximum, source: 'https://wiki.example.com/quotas', readOn: '2026-02-20' }`,
]);

const VCPU_DIMENSIONS = { Service: 'EC2', Type: 'Resource', Resource: 'vCPU', Class: 'Standard/OnDemand' };

/** Running On-Demand Standard instances, measured in vCPUs through AWS/Usage. */
const vcpu = (value: number, usage?: number) => ({
  serviceCode: 'ec2',
  quotaCode: 'L-1216C47A',
  name: 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances',
  value,
  ...(usage === undefined ? {} : { usage }),
  metric: { namespace: 'AWS/Usage', name: 'ResourceCount', dimensions: VCPU_DIMENSIONS, stat: 'Maximum' },
});

const VCPU_ARN = `arn:aws:servicequotas:${R}:${TEST_ACCOUNT}:ec2/L-1216C47A`;

testScanner(serviceQuotaIncrease, {
  now: NOW,
  quiet: [
    { name: 'no quotas and no requests', scenario: world([]) },
    {
      name: 'a vCPU quota 95% used where no instance exists: EC2 vCPU usage is not read there',
      scenario: world([vcpu(1000, 950)], [], []),
    },
    { name: 'usage below the default threshold (70% < 80%)', scenario: world([vcpu(1000, 700)]) },
    { name: 'a quota with a usage metric but no datapoints', scenario: world([vcpu(1000)]) },
    {
      name: 'a quota without a usage metric',
      scenario: world([
        { serviceCode: 'vpc', quotaCode: 'L-F678F1CE', name: 'VPCs per Region', value: 5, usage: 5 },
      ]),
    },
    {
      name: 'a full quota whose usage metric is not an AWS/Usage one (Lambda concurrency): not watched',
      scenario: world([
        {
          serviceCode: 'lambda',
          quotaCode: 'L-B99A9384',
          name: 'Concurrent executions',
          value: 1000,
          usage: 1000,
          metric: { namespace: 'AWS/Lambda', name: 'ConcurrentExecutions', dimensions: {} },
        },
      ]),
    },
    {
      name: 'vCPU usage published, but no applied quota value to compare it with',
      scenario: {
        accounts: [
          {
            id: TEST_ACCOUNT,
            regions: {
              [R]: {
                cloudwatch: {
                  metrics: [
                    {
                      namespace: 'AWS/Usage',
                      name: 'ResourceCount',
                      dimensions: VCPU_DIMENSIONS,
                      value: 900,
                    },
                  ],
                },
              },
            },
          },
        ],
      } as ScenarioInput,
    },
    {
      name: 'requests AWS already decided (approved, denied, closed)',
      scenario: world(
        [],
        [
          {
            id: 'req-approved',
            serviceCode: 'ec2',
            quotaCode: 'L-1216C47A',
            quotaName: 'vCPU',
            desiredValue: 2000,
            status: 'APPROVED',
          },
          {
            id: 'req-denied',
            serviceCode: 'lambda',
            quotaCode: 'L-B99A9384',
            quotaName: 'Concurrent executions',
            desiredValue: 5000,
            status: 'DENIED',
          },
          {
            id: 'req-closed',
            serviceCode: 'vpc',
            quotaCode: 'L-F678F1CE',
            quotaName: 'VPCs per Region',
            desiredValue: 10,
            status: 'CASE_CLOSED',
          },
        ],
      ),
    },
    {
      name: 'a stricter threshold from the settings (90%) keeps 85% quiet',
      settings: { quotaUsageThreshold: 0.9 },
      scenario: world([vcpu(1000, 850)]),
    },
  ],
  found: [
    {
      name: 'usage exactly at the default threshold (80%)',
      scenario: world([vcpu(1000, 800)]),
      expected: [
        {
          kind: KIND,
          accountId: TEST_ACCOUNT,
          region: R,
          resource: VCPU_ARN,
          eventDate: null,
          title:
            'ec2 quota "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances" at 80% (800 of 1000)',
          evidence: {
            reason: 'usage',
            serviceCode: 'ec2',
            quotaCode: 'L-1216C47A',
            quotaName: 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances',
            value: 1000,
            usage: 800,
            utilization: 0.8,
            threshold: 0.8,
          },
        },
      ],
    },
    {
      name: 'a looser threshold from the settings (50%) reports 60% of the G and VT vCPU quota',
      settings: { quotaUsageThreshold: 0.5 },
      scenario: world([
        {
          serviceCode: 'ec2',
          quotaCode: 'L-DB2E81BA',
          name: 'Running On-Demand G and VT instances',
          value: 64,
          usage: 38.4,
          metric: { dimensions: { ...VCPU_DIMENSIONS, Class: 'G/OnDemand' } },
        },
      ]),
      expected: [
        {
          kind: KIND,
          accountId: TEST_ACCOUNT,
          region: R,
          resource: `arn:aws:servicequotas:${R}:${TEST_ACCOUNT}:ec2/L-DB2E81BA`,
          eventDate: null,
          title: 'ec2 quota "Running On-Demand G and VT instances" at 60% (38.4 of 64)',
          evidence: {
            reason: 'usage',
            serviceCode: 'ec2',
            quotaCode: 'L-DB2E81BA',
            quotaName: 'Running On-Demand G and VT instances',
            value: 64,
            usage: 38.4,
            utilization: 0.6,
            threshold: 0.5,
          },
        },
      ],
    },
    {
      name: "a user's Fargate vCPU row is read in a region without any EC2 instance",
      scenario: world(
        [
          {
            serviceCode: 'fargate',
            quotaCode: 'L-3032A538',
            name: 'Fargate On-Demand vCPU resource count',
            value: 100,
            usage: 90,
            metric: { dimensions: FARGATE_DIMENSIONS },
          },
        ],
        [],
        [],
      ),
      expected: [
        {
          resource: `arn:aws:servicequotas:${R}:${TEST_ACCOUNT}:fargate/L-3032A538`,
          eventDate: null,
          title: 'fargate quota "Fargate On-Demand vCPU resource count" at 90% (90 of 100)',
          evidence: {
            reason: 'usage',
            serviceCode: 'fargate',
            quotaCode: 'L-3032A538',
            quotaName: 'Fargate On-Demand vCPU resource count',
            value: 100,
            usage: 90,
            utilization: 0.9,
            threshold: 0.8,
          },
        },
      ],
    },
    {
      name: 'open increase requests, listed even where nothing runs yet (pending, and with a support case opened)',
      scenario: world(
        [],
        [
          {
            id: 'req-pending',
            serviceCode: 'ec2',
            quotaCode: 'L-1216C47A',
            quotaName: 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances',
            desiredValue: 2000,
            status: 'PENDING',
            created: '2026-02-27T09:00:00Z',
          },
          {
            id: 'req-case',
            serviceCode: 'elasticloadbalancing',
            quotaCode: 'L-53DA6B97',
            quotaName: 'Application Load Balancers per Region',
            desiredValue: 100,
            status: 'CASE_OPENED',
            caseId: '1234567890',
            created: '2026-02-20T00:00:00Z',
            lastUpdated: '2026-02-22T00:00:00Z',
          },
        ],
        [],
      ),
      expected: [
        {
          kind: KIND,
          accountId: TEST_ACCOUNT,
          region: R,
          resource: 'req-case',
          eventDate: null,
          title:
            'Quota increase request for elasticloadbalancing "Application Load Balancers per Region" is CASE_OPENED',
          evidence: {
            reason: 'request',
            requestId: 'req-case',
            caseId: '1234567890',
            serviceCode: 'elasticloadbalancing',
            quotaCode: 'L-53DA6B97',
            quotaName: 'Application Load Balancers per Region',
            quotaArn: `arn:aws:servicequotas:${R}:${TEST_ACCOUNT}:elasticloadbalancing/L-53DA6B97`,
            desiredValue: 100,
            status: 'CASE_OPENED',
            created: '2026-02-20T00:00:00.000Z',
            lastUpdated: '2026-02-22T00:00:00.000Z',
          },
        },
        {
          kind: KIND,
          accountId: TEST_ACCOUNT,
          region: R,
          resource: 'req-pending',
          eventDate: null,
          title:
            'Quota increase request for ec2 "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances" is PENDING',
          evidence: {
            reason: 'request',
            requestId: 'req-pending',
            caseId: null,
            serviceCode: 'ec2',
            quotaCode: 'L-1216C47A',
            quotaName: 'Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances',
            quotaArn: VCPU_ARN,
            desiredValue: 2000,
            status: 'PENDING',
            created: '2026-02-27T09:00:00.000Z',
            lastUpdated: '2026-02-27T09:00:00.000Z',
          },
        },
      ],
    },
  ],
});

describe('service-quota-increase: where EC2 vCPU usage is read', () => {
  const calls = async (instances: unknown[]) =>
    (
      await runCase(
        serviceQuotaIncrease,
        { now: NOW },
        { name: 'gate', scenario: world([vcpu(1000, 950)], [], instances) },
      )
    ).actions;

  it('asks CloudWatch nothing where no instance exists (built-in table: EC2 vCPU rows only)', async () => {
    // The user's Fargate row still needs one GetMetricData: compare with the built-in table alone.
    const previous = process.env.OPSRADAR_LIFECYCLE_DIR;
    delete process.env.OPSRADAR_LIFECYCLE_DIR;
    try {
      expect(await calls([])).not.toContain('cloudwatch:GetMetricData');
    } finally {
      process.env.OPSRADAR_LIFECYCLE_DIR = previous;
    }
  });

  it('reads the usage where an instance exists', async () => {
    expect(await calls(ONE_INSTANCE)).toContain('cloudwatch:GetMetricData');
  });
});
