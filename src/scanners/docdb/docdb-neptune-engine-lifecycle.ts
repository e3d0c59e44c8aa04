import { DocDBClient, paginateDescribePendingMaintenanceActions } from '@aws-sdk/client-docdb';
import { ENGINE_EOS_KIND, type EngineResource, engineEosFindings } from '../engine-support.js';
import { rdsClusters } from '../shared.js';
import { pendingActionRows, withinHorizon } from '../support.js';
import type { Finding, ScanContext, Scanner } from '../types.js';

const MAINTENANCE = 'engine-maintenance';

interface Cluster {
  engine: 'docdb' | 'neptune';
  id: string;
  arn: string;
  version: string;
  /** Member instance ARNs (pending actions are reported per instance too). */
  members: string[];
}

const SERVICE = { docdb: 'DocumentDB', neptune: 'Neptune' } as const;
const PRODUCT = { docdb: 'amazon-documentdb', neptune: 'amazon-neptune' } as const;

/** DocumentDB and Neptune clusters: they share the RDS endpoint, so the RDS listing has them, by engine. */
async function clusters(ctx: ScanContext): Promise<Cluster[]> {
  const out: Cluster[] = [];
  const take = (
    engine: Cluster['engine'],
    list: ReadonlyArray<{
      Engine?: string;
      DBClusterIdentifier?: string;
      DBClusterArn?: string;
      EngineVersion?: string;
      DBClusterMembers?: ReadonlyArray<{ DBInstanceIdentifier?: string }>;
    }>,
  ) => {
    for (const c of list) {
      if (c.Engine !== engine || !c.DBClusterIdentifier || !c.DBClusterArn) continue;
      const prefix = c.DBClusterArn.replace(/:cluster:[^:]+$/, ':db:');
      out.push({
        engine,
        id: c.DBClusterIdentifier,
        arn: c.DBClusterArn,
        version: c.EngineVersion ?? '',
        members: (c.DBClusterMembers ?? []).flatMap((m) =>
          m.DBInstanceIdentifier ? [`${prefix}${m.DBInstanceIdentifier}`] : [],
        ),
      });
    }
  };
  // One listing for RDS, Aurora, DocumentDB and Neptune, shared with the RDS scanners.
  const all = await rdsClusters(ctx);
  take('docdb', all);
  take('neptune', all);
  return out;
}

async function* maintenance(ctx: ScanContext, list: Cluster[]): AsyncGenerator<Finding> {
  const owner = new Map<string, Cluster>();
  for (const c of list) for (const arn of [c.arn, ...c.members]) owner.set(arn, c);
  const pages = paginateDescribePendingMaintenanceActions(
    { client: ctx.client(DocDBClient), pageSize: 100 },
    {},
  );
  for await (const page of pages) {
    for (const r of page.PendingMaintenanceActions ?? []) {
      const cluster = owner.get(r.ResourceIdentifier ?? '');
      if (!cluster || !r.ResourceIdentifier) continue;
      const { rows: actions, first } = pendingActionRows(r.PendingMaintenanceActionDetails ?? []);
      // Undated actions are optional (applied only on opt-in): no deadline work by themselves.
      if (first === null || !withinHorizon(ctx, MAINTENANCE, first)) continue;
      const id = r.ResourceIdentifier.split(':').pop() ?? r.ResourceIdentifier;
      yield {
        kind: MAINTENANCE,
        resource: r.ResourceIdentifier,
        eventDate: first,
        title: `${SERVICE[cluster.engine]} ${id}: ${[...new Set(actions.map((a) => a.action ?? 'unknown'))].join(', ')} from ${first.slice(0, 10)}`,
        evidence: {
          service: cluster.engine,
          resourceType: r.ResourceIdentifier === cluster.arn ? 'cluster' : 'instance',
          resourceId: id,
          clusterId: cluster.id,
          actions,
        },
      };
    }
  }
}

/**
 * DocumentDB and Neptune clusters: pending maintenance actions with an apply date (auto-applied
 * after, forced, or scheduled) → engine-maintenance, one per cluster or instance; an engine version
 * leaving standard support (DocumentDB 3.6, Neptune releases' end of life) → engine-end-of-support,
 * from AWS Health's version catalog (DOCDB / NEPTUNE) when the support plan gives it, else the table.
 */
export const docdbNeptuneEngineLifecycle: Scanner = {
  id: 'docdb-neptune-engine-lifecycle',
  eventKinds: [MAINTENANCE, ENGINE_EOS_KIND],
  scope: 'regional',
  permissions: [
    'health:DescribeServiceLifecycle',
    'rds:DescribeDBClusters',
    'rds:DescribePendingMaintenanceActions',
  ],
  summary: {
    ja: 'DocumentDB / Neptune の保留中のメンテナンス（自動適用日・強制適用日）とエンジンバージョンのサポート終了',
    en: 'DocumentDB / Neptune pending maintenance (auto-apply and forced dates) and engine versions leaving support',
  },
  async *scan(ctx) {
    const list = await clusters(ctx);
    if (list.length === 0) return;
    yield* maintenance(ctx, list);
    for (const engine of ['docdb', 'neptune'] as const) {
      const mine = list.filter((c) => c.engine === engine && c.version);
      if (mine.length === 0) continue;
      yield* engineEosFindings(ctx, engine === 'docdb' ? 'DOCDB' : 'NEPTUNE', mine, clusterEngine);
    }
  },
};

function clusterEngine(c: Cluster): EngineResource {
  const major = c.version.split('.').slice(0, 2).join('.');
  const lifeEnd = c.engine === 'neptune' ? 'end of life' : 'standard support';
  return {
    lookup: {
      spellings: [`${c.engine} ${c.version}`, `${c.engine} ${major}`, c.version, major],
      product: PRODUCT[c.engine],
      version: c.version,
    },
    resource: c.arn,
    title: (ended, day) =>
      `${SERVICE[c.engine]} ${c.id}: engine ${c.version} ${lifeEnd} ${ended ? 'passed' : 'on'} ${day}`,
    evidence: { service: c.engine, clusterId: c.id, engineVersion: c.version },
  };
}
