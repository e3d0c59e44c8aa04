import { type ScenarioInput, TEST_ACCOUNT, testScanner } from '../../../test/support/scanner-tester.js';
import { availabilityZoneRetirement } from './availability-zone-retirement.js';

const KIND = 'availability-zone-retirement';
const TOKYO = 'ap-northeast-1';

/** An older Tokyo account: its `b` zone is apne1-az3, the zone AWS retired (table: data/lifecycle). */
const OLD_ACCOUNT_ZONES = { a: 'apne1-az4', b: 'apne1-az3', c: 'apne1-az1', d: 'apne1-az2' };

function world(region: string, data: Record<string, unknown>): ScenarioInput {
  return { accounts: [{ id: TEST_ACCOUNT, regions: { [region]: data } }] } as ScenarioInput;
}

const SOURCE = 'https://dev.classmethod.jp/articles/20250228-tokyo-region-apne1-az3-decommissioned/';

/** What each finding says of the zone: apne1-az3 under this account's name for it, and AWS's deadline. */
const retiringZone = (zoneName: string) => ({
  zoneId: 'apne1-az3',
  zoneName,
  deadline: '2025-02-28',
  source: SOURCE,
});

/** The finding on an instance still in apne1-az3 (`zoneName` in this account): it must move by the deadline. */
const retiringInstance = (
  id: string,
  zoneName: string,
  instance: { instanceType: string; state: string; name: string | null },
) => ({
  resource: `arn:aws:ec2:${TOKYO}:${TEST_ACCOUNT}:instance/${id}`,
  eventDate: '2025-02-28T00:00:00.000Z',
  title: `EC2 instance ${id} is in retiring zone apne1-az3 (${zoneName}); move it by 2025-02-28`,
  evidence: { ...retiringZone(zoneName), resourceType: 'instance', id, ...instance },
});

testScanner(availabilityZoneRetirement, {
  now: '2025-01-15T00:00:00.000Z',
  horizonDays: { [KIND]: 730 },
  quiet: [
    {
      name: 'a region where no zone retires, with instances and subnets',
      regions: ['us-east-1'],
      scenario: world('us-east-1', {
        ec2: { instances: [{ id: 'i-0aaaaaaaaaaaaaaa1', zone: 'b' }] },
        ec2zones: { subnets: [{ id: 'subnet-0aaaaaaaaaaaaaaa1', zone: 'b' }] },
      }),
    },
    {
      name: 'a newer Tokyo account that never had apne1-az3',
      regions: [TOKYO],
      scenario: world(TOKYO, {
        ec2: { instances: [{ id: 'i-0bbbbbbbbbbbbbbb1', zone: 'a' }] },
        ec2zones: { subnets: [{ id: 'subnet-0bbbbbbbbbbbbbbb1', zone: 'c' }] },
      }),
    },
    {
      name: 'an older Tokyo account whose resources are all outside apne1-az3 (a terminated instance left there)',
      regions: [TOKYO],
      scenario: world(TOKYO, {
        ec2: {
          instances: [
            { id: 'i-0ccccccccccccccc1', zone: 'a' },
            { id: 'i-0ccccccccccccccc2', zone: 'b', state: 'terminated' },
          ],
        },
        ec2zones: { zones: OLD_ACCOUNT_ZONES, subnets: [{ id: 'subnet-0ccccccccccccccc1', zone: 'd' }] },
      }),
    },
  ],
  found: [
    {
      name: 'an older Tokyo account with a subnet and two instances in apne1-az3 (its ap-northeast-1b)',
      regions: [TOKYO],
      scenario: world(TOKYO, {
        ec2: {
          instances: [
            { id: 'i-0ddddddddddddddd1', zone: 'b', type: 'm5.large', tags: { Name: 'batch-1' } },
            { id: 'i-0ddddddddddddddd2', zone: 'b', type: 't3.small', state: 'stopped' },
            { id: 'i-0ddddddddddddddd3', zone: 'c' },
          ],
        },
        ec2zones: {
          zones: OLD_ACCOUNT_ZONES,
          subnets: [
            { id: 'subnet-0ddddddddddddddd1', zone: 'b', cidr: '10.0.1.0/24', tags: { Name: 'private-1b' } },
            { id: 'subnet-0ddddddddddddddd2', zone: 'c', cidr: '10.0.2.0/24' },
          ],
        },
      }),
      expected: [
        retiringInstance('i-0ddddddddddddddd1', 'ap-northeast-1b', {
          instanceType: 'm5.large',
          state: 'running',
          name: 'batch-1',
        }),
        retiringInstance('i-0ddddddddddddddd2', 'ap-northeast-1b', {
          instanceType: 't3.small',
          state: 'stopped',
          name: null,
        }),
        {
          resource: `arn:aws:ec2:${TOKYO}:${TEST_ACCOUNT}:subnet/subnet-0ddddddddddddddd1`,
          eventDate: '2025-02-28T00:00:00.000Z',
          title:
            'Subnet subnet-0ddddddddddddddd1 is in retiring zone apne1-az3 (ap-northeast-1b); move it by 2025-02-28',
          evidence: {
            ...retiringZone('ap-northeast-1b'),
            resourceType: 'subnet',
            id: 'subnet-0ddddddddddddddd1',
            vpcId: 'vpc-0a1b2c3d4e5f60000',
            cidrBlock: '10.0.1.0/24',
            name: 'private-1b',
          },
        },
      ],
    },
    {
      name: 'the same retiring AZ ID under another zone name in another account (a = apne1-az3)',
      regions: [TOKYO],
      scenario: world(TOKYO, {
        ec2: { instances: [{ id: 'i-0eeeeeeeeeeeeeee1', zone: 'a', type: 'c5.xlarge' }] },
        ec2zones: { zones: { a: 'apne1-az3', c: 'apne1-az2', d: 'apne1-az1' } },
      }),
      expected: [
        retiringInstance('i-0eeeeeeeeeeeeeee1', 'ap-northeast-1a', {
          instanceType: 'c5.xlarge',
          state: 'running',
          name: null,
        }),
      ],
    },
  ],
});
