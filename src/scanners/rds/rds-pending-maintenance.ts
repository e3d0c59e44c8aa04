import { paginateDescribePendingMaintenanceActions, RDSClient } from '@aws-sdk/client-rds';
import { rdsClusters, rdsInstances } from '../shared.js';
import { pendingActionRows, withinHorizon } from '../support.js';
import type { Scanner } from '../types.js';

const KIND = 'rds-pending-maintenance';

/**
 * Pending maintenance actions of DB instances and clusters (system-update, db-upgrade,
 * os-upgrade, hardware-maintenance, ca-certificate-rotation...). One finding per resource,
 * dated by its earliest scheduled action; actions with no date at all (optional, applied only
 * when someone opts in) are listed in the evidence but never make a finding by themselves.
 */
export const rdsPendingMaintenance: Scanner = {
  id: 'rds-pending-maintenance',
  eventKinds: [KIND],
  scope: 'regional',
  permissions: ['rds:DescribeDBClusters', 'rds:DescribeDBInstances', 'rds:DescribePendingMaintenanceActions'],
  summary: {
    ja: 'RDS / Aurora の保留中のメンテナンス（自動適用日・強制適用日・オプトイン状況）',
    en: 'RDS / Aurora pending maintenance actions with auto-apply, forced-apply dates and opt-in status',
  },
  async *scan(ctx) {
    // Gate: maintenance is pending on instances and clusters only; the other RDS scanners list them anyway.
    const [instances, clusters] = await Promise.all([rdsInstances(ctx), rdsClusters(ctx)]);
    if (instances.length === 0 && clusters.length === 0) return;
    // The RDS endpoint also answers for DocumentDB and Neptune; their maintenance is engine-maintenance.
    const otherEngines = new Set(
      [
        ...instances.map((i) => [i.DBInstanceArn, i.Engine] as const),
        ...clusters.map((c) => [c.DBClusterArn, c.Engine] as const),
      ]
        .filter(([, engine]) => engine === 'docdb' || engine === 'neptune')
        .map(([arn]) => arn),
    );
    const rds = ctx.client(RDSClient);
    for await (const page of paginateDescribePendingMaintenanceActions({ client: rds, pageSize: 100 }, {})) {
      for (const resource of page.PendingMaintenanceActions ?? []) {
        const arn = resource.ResourceIdentifier;
        if (!arn || otherEngines.has(arn)) continue;
        const details = resource.PendingMaintenanceActionDetails ?? [];
        const { rows: actions, first } = pendingActionRows(details);
        if (first === null || !withinHorizon(ctx, KIND, first)) continue;
        const names = [...new Set(details.map((a) => a.Action ?? 'unknown'))].join(', ');
        yield {
          kind: KIND,
          resource: arn,
          eventDate: first,
          title: `RDS ${arn.split(':').slice(-2).join(' ')}: ${names} from ${first.slice(0, 10)}`,
          evidence: {
            resourceType: arn.includes(':cluster:') ? 'cluster' : 'instance',
            resourceId: arn.split(':').pop() ?? arn,
            // Ordered by date; undated (optional) actions last.
            actions,
          },
        };
      }
    }
  },
};
