import { z } from 'zod';
import { reservation, reservationFacts } from './reservation.js';
import { arn, dateSpec, defineService } from './types.js';

const cluster = z.object({
  id: z.string(),
  version: z.string().default('1.0'),
  revision: z.string().default('1.0.100000'),
  track: z.string().default('current'),
  /** NextMaintenanceWindowStartTime; absent while the cluster is being created or paused. */
  nextMaintenance: dateSpec.optional(),
  window: z.string().default('sun:18:00-sun:18:30'),
  /** A version change waiting for the next window (PendingModifiedValues.ClusterVersion). */
  pendingVersion: z.string().optional(),
  pendingActions: z.array(z.string()).default([]),
  /** Newer database revisions DescribeClusterDbRevisions offers. */
  revisionTargets: z
    .array(z.object({ revision: z.string(), description: z.string().optional(), released: dateSpec }))
    .default([]),
  deferred: z.object({ start: dateSpec, end: dateSpec }).optional(),
});

/** Amazon Redshift: reserved nodes (state `pending-payment` before activation). */
export const redshift = defineService({
  name: 'redshift',
  model: 'redshift-2012-12-01',
  scope: 'regional',
  scenario: z.object({
    reservedNodes: z.array(reservation).default([]),
    clusters: z.array(cluster).default([]),
  }),
  handlers: {
    DescribeClusters: ({ data, accountId, region, date, input }) => ({
      Clusters: data.clusters
        .filter((c) => !input.ClusterIdentifier || input.ClusterIdentifier === c.id)
        .map((c) => ({
          ClusterIdentifier: c.id,
          NodeType: 'ra3.xlplus',
          ClusterStatus: 'available',
          ClusterAvailabilityStatus: 'Available',
          PreferredMaintenanceWindow: c.window,
          PendingModifiedValues: c.pendingVersion ? { ClusterVersion: c.pendingVersion } : {},
          ClusterVersion: c.version,
          AllowVersionUpgrade: true,
          NumberOfNodes: 2,
          ClusterRevisionNumber: c.revision.split('.').pop(),
          PendingActions: c.pendingActions.length > 0 ? c.pendingActions : undefined,
          MaintenanceTrackName: c.track,
          DeferredMaintenanceWindows: c.deferred
            ? [
                {
                  DeferMaintenanceIdentifier: `dfm-${c.id}`,
                  DeferMaintenanceStartTime: date(c.deferred.start),
                  DeferMaintenanceEndTime: date(c.deferred.end),
                },
              ]
            : [],
          NextMaintenanceWindowStartTime: c.nextMaintenance ? date(c.nextMaintenance) : undefined,
          ClusterNamespaceArn: arn('redshift', region, accountId, `namespace:${c.id}`),
        })),
    }),
    DescribeClusterDbRevisions: ({ data, date, input }) => ({
      ClusterDbRevisions: data.clusters
        .filter((c) => !input.ClusterIdentifier || input.ClusterIdentifier === c.id)
        .map((c) => ({
          ClusterIdentifier: c.id,
          CurrentDatabaseRevision: c.revision,
          RevisionTargets: c.revisionTargets.map((t) => ({
            DatabaseRevision: t.revision,
            Description: t.description,
            DatabaseRevisionReleaseDate: date(t.released),
          })),
        })),
    }),
    DescribeReservedNodes: ({ data, accountId, region, date, now, input }) => ({
      ReservedNodes: data.reservedNodes
        .map((r, index) => ({
          r,
          f: reservationFacts(r, `${accountId}/${region}/redshift/${index}`, date, now),
        }))
        .filter(({ f }) => !input.ReservedNodeId || input.ReservedNodeId === f.id)
        .map(({ r, f }) => ({
          ReservedNodeId: f.id,
          ReservedNodeOfferingId: f.offeringId,
          NodeType: r.type,
          StartTime: f.start,
          Duration: f.duration,
          FixedPrice: 0,
          UsagePrice: 0,
          CurrencyCode: 'USD',
          NodeCount: r.count,
          State: f.state,
          OfferingType: r.offeringType,
          RecurringCharges: [{ RecurringChargeAmount: 0.25, RecurringChargeFrequency: 'Hourly' }],
          ReservedNodeOfferingType: 'Regular',
        })),
    }),
  },
});
