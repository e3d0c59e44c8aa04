import { z } from 'zod';
import type { Scenario, ScenarioAccount } from '../scenario.js';
import { zoneName } from './ec2-zones.js';
import { applyFilters, tagList } from './filters.js';
import { AwsError, dateSpec, defineService, stableId } from './types.js';

const INSTANCE_STATES: Record<string, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

const instance = z.object({
  /** Default: a stable id derived from the account, region and position. */
  id: z.string().optional(),
  type: z.string().default('t3.micro'),
  state: z
    .enum(['pending', 'running', 'shutting-down', 'terminated', 'stopping', 'stopped'])
    .default('running'),
  imageId: z.string().default('ami-0abcdef1234567890'),
  launchedAt: dateSpec.default('-90d'),
  /** Availability zone suffix (`a`, `c`, `d`) or a full zone name. */
  zone: z.string().default('a'),
  platform: z.string().optional(),
  platformDetails: z.string().default('Linux/UNIX'),
  tags: z.record(z.string(), z.string()).default({}),
});

const reservedInstance = z.object({
  id: z.string().optional(),
  instanceType: z.string().default('m5.large'),
  count: z.number().int().positive().default(1),
  /** Default: one year (or three, with `years: 3`) before `end`. */
  start: dateSpec.optional(),
  end: dateSpec,
  years: z.union([z.literal(1), z.literal(3)]).default(1),
  /** Default: `active` while `end` is ahead, else `retired`. */
  state: z
    .enum(['payment-pending', 'active', 'payment-failed', 'retired', 'queued', 'queued-deleted'])
    .optional(),
  offeringClass: z.enum(['standard', 'convertible']).default('standard'),
  offeringType: z.enum(['No Upfront', 'Partial Upfront', 'All Upfront']).default('No Upfront'),
  productDescription: z.string().default('Linux/UNIX'),
  scope: z.enum(['Region', 'Availability Zone']).default('Region'),
  tags: z.record(z.string(), z.string()).default({}),
});

export type SandboxInstance = z.output<typeof instance>;

/** Region endpoint and opt-in status of every region of this world, as one account sees them. */
export function regionStatuses(
  scenario: Scenario,
  account: ScenarioAccount,
): Array<{ name: string; optIn: 'opt-in-not-required' | 'opted-in' | 'not-opted-in' }> {
  const standard = scenario.organization.regions.map((name) => ({
    name,
    optIn: 'opt-in-not-required' as const,
  }));
  const optIn = scenario.organization.optInRegions.map((name) => ({
    name,
    optIn: account.optInRegions[name] === 'ENABLED' ? ('opted-in' as const) : ('not-opted-in' as const),
  }));
  return [...standard, ...optIn].sort((a, b) => a.name.localeCompare(b.name));
}

/** EC2: regions (opt-in aware), instances (paginated) and Reserved Instances. */
export const ec2 = defineService({
  name: 'ec2',
  model: 'ec2-2016-11-15',
  scope: 'regional',
  scenario: z.object({
    instances: z.array(instance).default([]),
    reservedInstances: z.array(reservedInstance).default([]),
  }),
  handlers: {
    DescribeRegions: ({ scenario, account, input }) => {
      const all = input.AllRegions === true;
      const names = Array.isArray(input.RegionNames) ? (input.RegionNames as string[]) : [];
      const statuses = regionStatuses(scenario, account).filter(
        (r) => (all || r.optIn !== 'not-opted-in') && (names.length === 0 || names.includes(r.name)),
      );
      const filtered = applyFilters(statuses, input.Filters, {
        'opt-in-status': (r) => r.optIn,
        'region-name': (r) => r.name,
        endpoint: (r) => `ec2.${r.name}.amazonaws.com`,
      });
      return {
        Regions: filtered.map((r) => ({
          Endpoint: `ec2.${r.name}.amazonaws.com`,
          RegionName: r.name,
          OptInStatus: r.optIn,
        })),
      };
    },
    DescribeInstances: ({ data, accountId, region, date, input }) => {
      const all = data.instances.map((item, index) => ({
        item,
        id: item.id ?? instanceId(accountId, region, index),
      }));
      const ids = Array.isArray(input.InstanceIds) ? (input.InstanceIds as string[]) : [];
      for (const id of ids) {
        if (!all.some((i) => i.id === id)) {
          throw new AwsError('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
        }
      }
      const selected = applyFilters(
        all.filter((i) => ids.length === 0 || ids.includes(i.id)),
        input.Filters,
        {
          'instance-state-name': (i) => i.item.state,
          'instance-id': (i) => i.id,
          'instance-type': (i) => i.item.type,
          'image-id': (i) => i.item.imageId,
          'availability-zone': (i) => zoneName(region, i.item.zone),
        },
        (i) => i.item.tags,
      );
      return {
        Reservations: selected.map(({ item, id }) => ({
          ReservationId: `r-${stableId(`${id}/reservation`)}`,
          OwnerId: accountId,
          Groups: [],
          Instances: [
            {
              InstanceId: id,
              ImageId: item.imageId,
              InstanceType: item.type,
              LaunchTime: date(item.launchedAt),
              State: { Code: INSTANCE_STATES[item.state], Name: item.state },
              Placement: {
                AvailabilityZone: zoneName(region, item.zone),
                Tenancy: 'default',
              },
              Platform: item.platform,
              PlatformDetails: item.platformDetails,
              Architecture: 'x86_64',
              RootDeviceType: 'ebs',
              Tags: tagList(item.tags),
            },
          ],
        })),
      };
    },
    DescribeReservedInstances: ({ data, accountId, region, date, now, input }) => {
      const all = data.reservedInstances.map((ri, index) => {
        const end = date(ri.end);
        const seconds = ri.years * 365 * 86_400;
        const start = ri.start ? date(ri.start) : new Date(end.getTime() - seconds * 1000);
        return {
          id: ri.id ?? stableUuid4(`${accountId}/${region}/ri/${index}`),
          ri,
          start,
          end,
          state: ri.state ?? (end.getTime() > now.getTime() ? 'active' : 'retired'),
          seconds: Math.round((end.getTime() - start.getTime()) / 1000),
        };
      });
      const ids = Array.isArray(input.ReservedInstancesIds) ? (input.ReservedInstancesIds as string[]) : [];
      const selected = applyFilters(
        all.filter((r) => ids.length === 0 || ids.includes(r.id)),
        input.Filters,
        {
          state: (r) => r.state,
          'instance-type': (r) => r.ri.instanceType,
          'reserved-instances-id': (r) => r.id,
          scope: (r) => r.ri.scope,
        },
        (r) => r.ri.tags,
      );
      return {
        ReservedInstances: selected.map(({ id, ri, start, end, state, seconds }) => ({
          ReservedInstancesId: id,
          InstanceType: ri.instanceType,
          AvailabilityZone: ri.scope === 'Availability Zone' ? `${region}a` : undefined,
          Start: start,
          End: end,
          Duration: seconds,
          State: state,
          InstanceCount: ri.count,
          ProductDescription: ri.productDescription,
          OfferingClass: ri.offeringClass,
          OfferingType: ri.offeringType,
          Scope: ri.scope,
          FixedPrice: 0,
          UsagePrice: 0,
          CurrencyCode: 'USD',
          InstanceTenancy: 'default',
          RecurringCharges: [{ Amount: 0.05, Frequency: 'Hourly' }],
          Tags: tagList(ri.tags),
        })),
      };
    },
  },
});

export function instanceId(accountId: string, region: string, index: number): string {
  return `i-${stableId(`${accountId}/${region}/instance/${index}`)}`;
}

function stableUuid4(seed: string): string {
  const hex = stableId(seed, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
