import { z } from 'zod';
import { DAY_MS } from '../../core/time.js';
import { reservation, reservationFacts } from './reservation.js';
import { arn, dateSpec, defineService, type HandlerContext } from './types.js';

/** A service update (security or engine update) as AWS publishes it for a Region. */
const serviceUpdate = z.object({
  name: z.string(),
  released: dateSpec.default('-30d'),
  /** Absent on updates AWS gives no apply-by date. */
  recommendedApplyBy: dateSpec.optional(),
  severity: z.enum(['critical', 'important', 'medium', 'low']).default('important'),
  status: z.enum(['available', 'cancelled', 'expired']).default('available'),
  type: z.literal('security-update').default('security-update'),
  engine: z.string().default('redis'),
  engineVersion: z.string().optional(),
  description: z.string().optional(),
  autoUpdateAfterRecommendedApplyByDate: z.boolean().optional(),
});

/** A resource's state for one service update. */
const updateAction = z.object({
  serviceUpdate: z.string(),
  status: z.string().default('not-applied'),
  slaMet: z.enum(['yes', 'no', 'n/a']).default('n/a'),
});

const cluster = z.object({
  id: z.string(),
  engine: z.enum(['redis', 'valkey', 'memcached']).default('redis'),
  engineVersion: z.string().default('7.1.0'),
  nodeType: z.string().default('cache.r7g.large'),
  /** Replication groups only: member clusters `<id>-001`… */
  nodes: z.number().int().positive().default(2),
  updates: z.array(updateAction).default([]),
});

const scenario = z.object({
  reservedCacheNodes: z.array(reservation).default([]),
  serviceUpdates: z.array(serviceUpdate).default([]),
  /** Redis OSS / Valkey replication groups. */
  replicationGroups: z.array(cluster).default([]),
  /** Clusters outside replication groups (Memcached, or a single Redis OSS node). */
  cacheClusters: z.array(cluster).default([]),
});
type Data = z.output<typeof scenario>;

function cacheClusters({ data, accountId, region, now }: HandlerContext<Data>) {
  const members = data.replicationGroups.flatMap((g) =>
    Array.from({ length: g.nodes }, (_, n) => ({
      ...g,
      id: `${g.id}-${String(n + 1).padStart(3, '0')}`,
      group: g.id,
    })),
  );
  return [...data.cacheClusters.map((c) => ({ ...c, group: undefined })), ...members].map((c) => ({
    CacheClusterId: c.id,
    ARN: arn('elasticache', region, accountId, `cluster:${c.id}`),
    CacheNodeType: c.nodeType,
    Engine: c.engine,
    EngineVersion: c.engineVersion,
    CacheClusterStatus: 'available',
    NumCacheNodes: c.engine === 'memcached' ? c.nodes : 1,
    CacheClusterCreateTime: new Date(now.getTime() - 400 * DAY_MS),
    ReplicationGroupId: c.group,
    AutoMinorVersionUpgrade: true,
  }));
}

function updateActions({ data, date, input }: HandlerContext<Data>) {
  const updates = new Map(data.serviceUpdates.map((u) => [u.name, u]));
  const wantedUpdate = (input.ServiceUpdateStatus as string[] | undefined) ?? [];
  const wantedAction = (input.UpdateActionStatus as string[] | undefined) ?? [];
  const rows = [
    ...data.replicationGroups.map((g) => ({ g, key: { ReplicationGroupId: g.id } })),
    ...data.cacheClusters.map((g) => ({ g, key: { CacheClusterId: g.id } })),
  ];
  return rows.flatMap(({ g, key }) =>
    g.updates.flatMap((a) => {
      const u = updates.get(a.serviceUpdate);
      if (!u) return [];
      if (wantedUpdate.length > 0 && !wantedUpdate.includes(u.status)) return [];
      if (wantedAction.length > 0 && !wantedAction.includes(a.status)) return [];
      return [
        {
          ...key,
          ServiceUpdateName: u.name,
          ServiceUpdateReleaseDate: date(u.released),
          ServiceUpdateSeverity: u.severity,
          ServiceUpdateStatus: u.status,
          ServiceUpdateRecommendedApplyByDate: u.recommendedApplyBy ? date(u.recommendedApplyBy) : undefined,
          ServiceUpdateType: u.type,
          UpdateActionAvailableDate: date(u.released),
          UpdateActionStatus: a.status,
          NodesUpdated: a.status === 'complete' ? `${g.nodes}/${g.nodes}` : `0/${g.nodes}`,
          SlaMet: a.slaMet,
          Engine: g.engine,
        },
      ];
    }),
  );
}

/** Amazon ElastiCache: reserved cache nodes, clusters and service updates. */
export const elasticache = defineService({
  name: 'elasticache',
  model: 'elasticache-2015-02-02',
  scope: 'regional',
  scenario,
  handlers: {
    DescribeReservedCacheNodes: ({ data, accountId, region, date, now, input }) => ({
      ReservedCacheNodes: data.reservedCacheNodes
        .map((r, index) => ({
          r,
          f: reservationFacts(r, `${accountId}/${region}/elasticache/${index}`, date, now),
        }))
        .filter(({ f }) => !input.ReservedCacheNodeId || input.ReservedCacheNodeId === f.id)
        .map(({ r, f }) => ({
          ReservedCacheNodeId: f.id,
          ReservedCacheNodesOfferingId: f.offeringId,
          CacheNodeType: r.type,
          StartTime: f.start,
          Duration: f.duration,
          FixedPrice: 0,
          UsagePrice: 0,
          CacheNodeCount: r.count,
          ProductDescription: r.productDescription ?? 'redis',
          OfferingType: r.offeringType,
          State: f.state,
          RecurringCharges: [{ RecurringChargeAmount: 0.1, RecurringChargeFrequency: 'Hourly' }],
          ReservationARN: arn('elasticache', region, accountId, `reserved-instance:${f.id}`),
        })),
    }),
    DescribeCacheClusters: (ctx) => ({ CacheClusters: cacheClusters(ctx) }),
    DescribeUpdateActions: (ctx) => ({ UpdateActions: updateActions(ctx) }),
    DescribeServiceUpdates: ({ data, date, input }) => ({
      ServiceUpdates: data.serviceUpdates
        .filter((u) => !input.ServiceUpdateName || input.ServiceUpdateName === u.name)
        .map((u) => ({
          ServiceUpdateName: u.name,
          ServiceUpdateReleaseDate: date(u.released),
          ServiceUpdateSeverity: u.severity,
          ServiceUpdateRecommendedApplyByDate: u.recommendedApplyBy ? date(u.recommendedApplyBy) : undefined,
          ServiceUpdateStatus: u.status,
          ServiceUpdateDescription: u.description,
          ServiceUpdateType: u.type,
          Engine: u.engine,
          EngineVersion: u.engineVersion,
          AutoUpdateAfterRecommendedApplyByDate: u.autoUpdateAfterRecommendedApplyByDate,
        })),
    }),
  },
});
