import { z } from 'zod';
import { reservation, reservationFacts } from './reservation.js';
import { arn, dateSpec, defineService } from './types.js';

const cluster = z.object({
  name: z.string(),
  engineVersion: z.string().default('7.1'),
  nodeType: z.string().default('db.r7g.large'),
  /** Service updates of this cluster (DescribeServiceUpdates answers per cluster). */
  serviceUpdates: z
    .array(
      z.object({
        name: z.string(),
        released: dateSpec.default('-30d'),
        /** When AWS starts applying it by itself; absent for optional updates. */
        autoUpdateStart: dateSpec.optional(),
        status: z.enum(['available', 'in-progress', 'complete', 'scheduled']).default('available'),
        type: z.enum(['security-update']).default('security-update'),
        description: z.string().optional(),
      }),
    )
    .default([]),
});

/** Amazon MemoryDB: reserved nodes, clusters and their service updates. */
export const memorydb = defineService({
  name: 'memorydb',
  model: 'memorydb-2021-01-01',
  scope: 'regional',
  scenario: z.object({
    reservedNodes: z.array(reservation).default([]),
    clusters: z.array(cluster).default([]),
  }),
  handlers: {
    DescribeClusters: ({ data, accountId, region, input }) => ({
      Clusters: data.clusters
        .filter((c) => !input.ClusterName || input.ClusterName === c.name)
        .map((c) => ({
          Name: c.name,
          Status: 'available',
          NumberOfShards: 1,
          NodeType: c.nodeType,
          EngineVersion: c.engineVersion,
          ARN: arn('memorydb', region, accountId, `cluster/${c.name}`),
          AutoMinorVersionUpgrade: true,
          MaintenanceWindow: 'sun:23:00-mon:01:30',
        })),
    }),
    DescribeServiceUpdates: ({ data, date, input }) => {
      const names = (input.ClusterNames as string[] | undefined) ?? [];
      const statuses = (input.Status as string[] | undefined) ?? [];
      return {
        ServiceUpdates: data.clusters
          .filter((c) => names.length === 0 || names.includes(c.name))
          .flatMap((c) =>
            c.serviceUpdates
              .filter((u) => statuses.length === 0 || statuses.includes(u.status))
              .map((u) => ({
                ClusterName: c.name,
                ServiceUpdateName: u.name,
                ReleaseDate: date(u.released),
                Description: u.description ?? 'Security update',
                Status: u.status,
                Type: u.type,
                NodesUpdated: u.status === 'complete' ? '2/2' : '0/2',
                AutoUpdateStartDate: u.autoUpdateStart ? date(u.autoUpdateStart) : undefined,
              })),
          ),
      };
    },
    DescribeReservedNodes: ({ data, accountId, region, date, now, input }) => ({
      ReservedNodes: data.reservedNodes
        .map((r, index) => ({
          r,
          f: reservationFacts(r, `${accountId}/${region}/memorydb/${index}`, date, now),
        }))
        .filter(({ f }) => !input.ReservationId || input.ReservationId === f.id)
        .filter(({ r }) => !input.NodeType || input.NodeType === r.type)
        .map(({ r, f }) => ({
          ReservationId: f.id,
          ReservedNodesOfferingId: f.offeringId,
          NodeType: r.type,
          StartTime: f.start,
          Duration: f.duration,
          FixedPrice: 0,
          NodeCount: r.count,
          OfferingType: r.offeringType,
          State: f.state,
          RecurringCharges: [{ RecurringChargeAmount: 0.2, RecurringChargeFrequency: 'Hourly' }],
          ARN: arn('memorydb', region, accountId, `reservednode/${f.id}`),
        })),
    }),
  },
});
