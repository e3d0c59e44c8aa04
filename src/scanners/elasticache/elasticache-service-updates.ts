import {
  ElastiCacheClient,
  paginateDescribeServiceUpdates,
  paginateDescribeUpdateActions,
  type UpdateAction,
  type UpdateActionStatus,
} from '@aws-sdk/client-elasticache';
import { appendTo } from '../../core/collections.js';
import { cacheClusters } from '../shared.js';
import { inDateOrder, isoOrNull, orNull, pageItems, withinHorizon } from '../support.js';
import type { Scanner } from '../types.js';

const KIND = 'engine-maintenance';

/** Statuses of an update action that still needs work (complete / not-applicable / stopping are done or moot). */
const OPEN: UpdateActionStatus[] = [
  'not-applied',
  'waiting-to-start',
  'scheduling',
  'scheduled',
  'stopped',
  'in-progress',
];

/** Whether each service update is applied by AWS after its apply-by date (DescribeServiceUpdates). */
async function autoUpdates(client: ElastiCacheClient): Promise<Map<string, boolean | null>> {
  const auto = new Map<string, boolean | null>();
  const pages = paginateDescribeServiceUpdates(
    { client, pageSize: 100 },
    { ServiceUpdateStatus: ['available'] },
  );
  for await (const page of pages) {
    for (const u of page.ServiceUpdates ?? []) {
      if (u.ServiceUpdateName) auto.set(u.ServiceUpdateName, u.AutoUpdateAfterRecommendedApplyByDate ?? null);
    }
  }
  return auto;
}

/** Update actions still open, by resource (`replicationgroup:<id>` or `cluster:<id>`). */
async function openActions(client: ElastiCacheClient): Promise<Map<string, UpdateAction[]>> {
  const byResource = new Map<string, UpdateAction[]>();
  const pages = paginateDescribeUpdateActions(
    { client, pageSize: 100 },
    { ServiceUpdateStatus: ['available'], UpdateActionStatus: OPEN },
  );
  for await (const a of pageItems(pages, (page) => page.UpdateActions)) {
    // Filters are repeated here: not every endpoint applies them.
    if (a.ServiceUpdateStatus !== 'available' || !OPEN.includes(a.UpdateActionStatus as UpdateActionStatus))
      continue;
    const key = a.ReplicationGroupId
      ? `replicationgroup:${a.ReplicationGroupId}`
      : a.CacheClusterId
        ? `cluster:${a.CacheClusterId}`
        : null;
    if (key) appendTo(byResource, key, a);
  }
  return byResource;
}

function actionRow(a: UpdateAction, auto: Map<string, boolean | null> | undefined) {
  return {
    serviceUpdateName: orNull(a.ServiceUpdateName),
    type: orNull(a.ServiceUpdateType),
    severity: orNull(a.ServiceUpdateSeverity),
    status: orNull(a.UpdateActionStatus),
    releaseDate: isoOrNull(a.ServiceUpdateReleaseDate),
    recommendedApplyByDate: isoOrNull(a.ServiceUpdateRecommendedApplyByDate),
    nodesUpdated: orNull(a.NodesUpdated),
    slaMet: orNull(a.SlaMet),
    autoUpdateAfterApplyBy: auto?.get(a.ServiceUpdateName ?? '') ?? null,
  };
}

/**
 * ElastiCache service updates (security and engine updates) not yet applied to a replication
 * group or cluster: one finding per resource, dated by its earliest recommended apply-by date.
 * Updates without an apply-by date are listed in the evidence but make no finding alone. Whether
 * AWS applies an update itself after that date comes from DescribeServiceUpdates, an optional call.
 */
export const elasticacheServiceUpdates: Scanner = {
  id: 'elasticache-service-updates',
  eventKinds: [KIND],
  scope: 'regional',
  permissions: [
    'elasticache:DescribeCacheClusters',
    'elasticache:DescribeServiceUpdates',
    'elasticache:DescribeUpdateActions',
  ],
  summary: {
    ja: 'ElastiCache の未適用のサービス更新（推奨適用期限・自動適用の有無）',
    en: 'ElastiCache service updates not yet applied, with recommended apply-by dates and auto-update',
  },
  async *scan(ctx) {
    // Update actions belong to clusters (replication group members are listed as clusters, and
    // serverless caches get none): no cluster, nothing to apply. The listing is shared.
    if ((await cacheClusters(ctx)).length === 0) return;
    const client = ctx.client(ElastiCacheClient);
    const byResource = await openActions(client);
    if (byResource.size === 0) return;
    const auto = await ctx.optional('elasticache:DescribeServiceUpdates', () => autoUpdates(client));
    for (const [key, actions] of byResource) {
      const { rows, first } = inDateOrder(
        actions.map((a) => actionRow(a, auto)),
        (row) => row.recommendedApplyByDate,
      );
      if (first === null || !withinHorizon(ctx, KIND, first)) continue;
      const [type, id] = key.split(':') as [string, string];
      yield {
        kind: KIND,
        resource: `arn:aws:elasticache:${ctx.region}:${ctx.accountId}:${key}`,
        eventDate: first,
        title: `ElastiCache ${id}: ${rows.length} service update(s), apply by ${first.slice(0, 10)}`,
        evidence: {
          service: 'elasticache',
          resourceType: type === 'replicationgroup' ? 'replication-group' : 'cache-cluster',
          resourceId: id,
          engine: orNull(actions[0]?.Engine),
          // Known only when DescribeServiceUpdates answered.
          autoUpdateKnown: auto !== undefined,
          updates: rows,
        },
      };
    }
  },
};
