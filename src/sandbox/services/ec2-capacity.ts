import { z } from 'zod';
import { type SandboxZonesData, zoneName, zonesOf } from './ec2-zones.js';
import { applyFilters, tagList } from './filters.js';
import { arn, dateSpec, defineService, stableId } from './types.js';

const capacityReservation = z.object({
  /** Default: a stable `cr-` id from the account, region and position. */
  id: z.string().optional(),
  instanceType: z.string().default('m6i.large'),
  platform: z.string().default('Linux/UNIX'),
  /** Zone letter or full zone name, as the account sees it. */
  zone: z.string().default('a'),
  count: z.number().int().positive().default(1),
  /** Instances running in it (AvailableInstanceCount = count - used). */
  used: z.number().int().min(0).default(0),
  /** `default` (On-Demand Capacity Reservation) or `capacity-block` (Capacity Blocks for ML). */
  type: z.enum(['default', 'capacity-block']).default('default'),
  start: dateSpec.default('-30d'),
  /** Absent = no end date (EndDateType unlimited); a Capacity Block always has one. */
  end: dateSpec.optional(),
  /** Default: `scheduled` before `start`, `expired` after `end`, else `active`. */
  state: z
    .enum([
      'active',
      'expired',
      'cancelled',
      'pending',
      'failed',
      'scheduled',
      'payment-pending',
      'payment-failed',
      'assessing',
      'delayed',
      'unsupported',
    ])
    .optional(),
  tags: z.record(z.string(), z.string()).default({}),
});

/**
 * EC2 On-Demand Capacity Reservations and Capacity Blocks for ML (`DescribeCapacityReservations`,
 * paginated). Data under `regions.<region>.ec2capacity`; AZ IDs follow the account's `ec2zones` mapping.
 */
export const ec2capacity = defineService({
  name: 'ec2capacity',
  model: 'ec2-2016-11-15',
  scope: 'regional',
  scenario: z.object({ capacityReservations: z.array(capacityReservation).default([]) }),
  handlers: {
    DescribeCapacityReservations: ({ data, dataOf, accountId, region, date, now, input }) => {
      const zones = zonesOf(region, dataOf('ec2zones') as SandboxZonesData | undefined);
      const all = data.capacityReservations.map((cr, index) => {
        const start = date(cr.start);
        const end = cr.end ? date(cr.end) : undefined;
        const state =
          cr.state ??
          (start > now ? 'scheduled' : end && end.getTime() <= now.getTime() ? 'expired' : 'active');
        const zone = zoneName(region, cr.zone);
        const id = cr.id ?? `cr-${stableId(`${accountId}/${region}/capacity/${index}`)}`;
        return { cr, id, start, end, state, zone, zoneId: zones.find((z) => z.name === zone)?.id };
      });
      const ids = Array.isArray(input.CapacityReservationIds)
        ? (input.CapacityReservationIds as string[])
        : [];
      const selected = applyFilters(
        all.filter((r) => ids.length === 0 || ids.includes(r.id)),
        input.Filters,
        {
          state: (r) => r.state,
          'instance-type': (r) => r.cr.instanceType,
          'availability-zone': (r) => r.zone,
          'end-date-type': (r) => (r.end ? 'limited' : 'unlimited'),
          'instance-platform': (r) => r.cr.platform,
        },
        (r) => r.cr.tags,
      );
      return {
        CapacityReservations: selected.map((r) => ({
          CapacityReservationId: r.id,
          OwnerId: accountId,
          CapacityReservationArn: arn('ec2', region, accountId, `capacity-reservation/${r.id}`),
          AvailabilityZoneId: r.zoneId,
          InstanceType: r.cr.instanceType,
          InstancePlatform: r.cr.platform,
          AvailabilityZone: r.zone,
          Tenancy: 'default',
          TotalInstanceCount: r.cr.count,
          AvailableInstanceCount: Math.max(0, r.cr.count - r.cr.used),
          EbsOptimized: true,
          EphemeralStorage: false,
          State: r.state,
          StartDate: r.start,
          EndDate: r.end,
          EndDateType: r.end ? 'limited' : 'unlimited',
          InstanceMatchCriteria: r.cr.type === 'capacity-block' ? 'targeted' : 'open',
          CreateDate: r.start,
          Tags: tagList(r.cr.tags),
          ReservationType: r.cr.type,
        })),
      };
    },
  },
});
