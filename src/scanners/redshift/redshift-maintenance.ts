import {
  type Cluster,
  paginateDescribeClusterDbRevisions,
  RedshiftClient,
  type RevisionTarget,
} from '@aws-sdk/client-redshift';
import { redshiftClusters } from '../shared.js';
import { isoOrNull, orNull, pageItems, withinHorizon } from '../support.js';
import type { Scanner } from '../types.js';

const KIND = 'engine-maintenance';

async function revisionTargets(client: RedshiftClient): Promise<Map<string, RevisionTarget[]>> {
  const targets = new Map<string, RevisionTarget[]>();
  const pages = paginateDescribeClusterDbRevisions({ client, pageSize: 100 }, {});
  for await (const r of pageItems(pages, (page) => page.ClusterDbRevisions)) {
    if (r.ClusterIdentifier) targets.set(r.ClusterIdentifier, r.RevisionTargets ?? []);
  }
  return targets;
}

/** The maintenance that will actually run: a deferral covering the next window moves it to the deferral's end. */
function maintenanceDate(c: Cluster): string | null {
  const next = isoOrNull(c.NextMaintenanceWindowStartTime);
  if (next === null) return null;
  for (const d of c.DeferredMaintenanceWindows ?? []) {
    const start = isoOrNull(d.DeferMaintenanceStartTime);
    const end = isoOrNull(d.DeferMaintenanceEndTime);
    if (start !== null && end !== null && start <= next && next < end) return end;
  }
  return next;
}

/**
 * Redshift provisioned clusters with a version change waiting for the next maintenance window
 * (PendingModifiedValues.ClusterVersion, PendingActions) or a newer database revision that the
 * window will install (DescribeClusterDbRevisions, an optional call): dated by
 * NextMaintenanceWindowStartTime, or the end of a deferral that covers it.
 */
export const redshiftMaintenance: Scanner = {
  id: 'redshift-maintenance',
  eventKinds: [KIND],
  scope: 'regional',
  permissions: ['redshift:DescribeClusterDbRevisions', 'redshift:DescribeClusters'],
  summary: {
    ja: 'Redshift クラスターの次のメンテナンスウィンドウで適用されるバージョン更新（延期を考慮）',
    en: 'Redshift clusters with a version update due in the next maintenance window (deferrals included)',
  },
  async *scan(ctx) {
    const clusters = await redshiftClusters(ctx);
    if (clusters.length === 0) return;
    const revisions = await ctx.optional('redshift:DescribeClusterDbRevisions', () =>
      revisionTargets(ctx.client(RedshiftClient)),
    );
    for (const c of clusters) {
      const id = c.ClusterIdentifier as string;
      const targets = (revisions?.get(id) ?? []).map((t) => ({
        revision: orNull(t.DatabaseRevision),
        description: orNull(t.Description),
        releaseDate: isoOrNull(t.DatabaseRevisionReleaseDate),
      }));
      const pendingVersion = c.PendingModifiedValues?.ClusterVersion ?? null;
      const pendingActions = c.PendingActions ?? [];
      if (targets.length === 0 && pendingVersion === null && pendingActions.length === 0) continue;
      const date = maintenanceDate(c);
      if (date === null || !withinHorizon(ctx, KIND, date)) continue;
      yield {
        kind: KIND,
        resource: `arn:aws:redshift:${ctx.region}:${ctx.accountId}:cluster:${id}`,
        eventDate: date,
        title: `Redshift ${id}: ${pendingVersion ? `version ${pendingVersion}` : targets.length > 0 ? `database revision ${targets[0]?.revision ?? ''}` : pendingActions.join(', ')} in the maintenance window of ${date.slice(0, 10)}`,
        evidence: {
          service: 'redshift',
          clusterIdentifier: id,
          clusterVersion: orNull(c.ClusterVersion),
          maintenanceTrack: orNull(c.MaintenanceTrackName),
          preferredMaintenanceWindow: orNull(c.PreferredMaintenanceWindow),
          nextMaintenanceWindowStart: isoOrNull(c.NextMaintenanceWindowStartTime),
          deferred: date !== isoOrNull(c.NextMaintenanceWindowStartTime),
          pendingClusterVersion: pendingVersion,
          pendingActions,
          revisionTargets: targets,
          // Known only when DescribeClusterDbRevisions answered.
          revisionsKnown: revisions !== undefined,
        },
      };
    }
  },
};
