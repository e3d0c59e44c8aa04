import {
  type Cluster,
  MemoryDBClient,
  paginateDescribeServiceUpdates,
  type ServiceUpdate,
} from '@aws-sdk/client-memorydb';
import { appendTo } from '../../core/collections.js';
import { ENGINE_EOS_KIND, type EngineResource, engineEosFindings } from '../engine-support.js';
import { memorydbClusters } from '../shared.js';
import { inDateOrder, isoOrNull, orNull, pageItems, withinHorizon } from '../support.js';
import type { Finding, ScanContext, Scanner } from '../types.js';

const MAINTENANCE = 'engine-maintenance';
const OPEN = new Set(['available', 'scheduled', 'in-progress']);

async function* serviceUpdates(ctx: ScanContext, byName: Map<string, Cluster>): AsyncGenerator<Finding> {
  const grouped = new Map<string, ServiceUpdate[]>();
  const pages = paginateDescribeServiceUpdates(
    { client: ctx.client(MemoryDBClient), pageSize: 100 },
    { Status: ['available', 'scheduled', 'in-progress'] },
  );
  for await (const u of pageItems(pages, (page) => page.ServiceUpdates)) {
    if (u.ClusterName && OPEN.has(u.Status ?? '')) appendTo(grouped, u.ClusterName, u);
  }
  for (const [name, updates] of grouped) {
    const { rows, first } = inDateOrder(
      updates.map((u) => ({
        serviceUpdateName: orNull(u.ServiceUpdateName),
        type: orNull(u.Type),
        status: orNull(u.Status),
        releaseDate: isoOrNull(u.ReleaseDate),
        autoUpdateStartDate: isoOrNull(u.AutoUpdateStartDate),
        nodesUpdated: orNull(u.NodesUpdated),
        description: orNull(u.Description),
      })),
      (u) => u.autoUpdateStartDate,
    );
    // Without an auto-update date an update is applied only when someone chooses to.
    if (first === null || !withinHorizon(ctx, MAINTENANCE, first)) continue;
    const cluster = byName.get(name);
    yield {
      kind: MAINTENANCE,
      resource: cluster?.ARN ?? `arn:aws:memorydb:${ctx.region}:${ctx.accountId}:cluster/${name}`,
      eventDate: first,
      title: `MemoryDB ${name}: ${rows.length} service update(s), applied automatically from ${first.slice(0, 10)}`,
      evidence: {
        service: 'memorydb',
        clusterName: name,
        engineVersion: orNull(cluster?.EngineVersion),
        updates: rows,
      },
    };
  }
}

/**
 * MemoryDB clusters: service updates AWS starts applying by itself on AutoUpdateStartDate →
 * engine-maintenance; an engine version leaving standard support → engine-end-of-support, from
 * AWS Health's version catalog (MEMORYDB) when the support plan gives it, else the table (which
 * has no MemoryDB dates AWS published as of 2026-12-02).
 */
export const memorydbClusterLifecycle: Scanner = {
  id: 'memorydb-cluster-lifecycle',
  eventKinds: [MAINTENANCE, ENGINE_EOS_KIND],
  scope: 'regional',
  permissions: [
    'health:DescribeServiceLifecycle',
    'memorydb:DescribeClusters',
    'memorydb:DescribeServiceUpdates',
  ],
  summary: {
    ja: 'MemoryDB クラスターのサービス更新（自動適用開始日）とエンジンバージョンの標準サポート終了',
    en: 'MemoryDB clusters: service updates (automatic start date) and engine versions leaving standard support',
  },
  async *scan(ctx) {
    const byName = new Map((await memorydbClusters(ctx)).map((c) => [c.Name as string, c]));
    if (byName.size === 0) return;
    yield* serviceUpdates(ctx, byName);
    yield* engineEosFindings(ctx, 'MEMORYDB', byName.values(), clusterEngine);
  },
};

function clusterEngine(c: Cluster): EngineResource | null {
  if (!c.EngineVersion || !c.Name) return null;
  // Older API answers have no Engine: Redis OSS was the only one.
  const engine = c.Engine ?? 'redis';
  const major = c.EngineVersion.split('.')[0] ?? c.EngineVersion;
  return {
    lookup: {
      spellings: [`${engine} ${c.EngineVersion}`, `${engine} ${major}`],
      product: `amazon-memorydb-${engine}`,
      version: c.EngineVersion,
    },
    resource: c.ARN ?? c.Name,
    title: (ended, day) =>
      `MemoryDB ${c.Name}: ${engine} ${c.EngineVersion} standard support ${ended ? 'ended' : 'ends'} ${day}`,
    evidence: { service: 'memorydb', clusterName: c.Name, engine, engineVersion: c.EngineVersion },
  };
}
