import { ENGINE_EOS_KIND, type EngineResource, engineEosFindings } from '../engine-support.js';
import { cacheClusters } from '../shared.js';
import { orNull } from '../support.js';
import type { Scanner } from '../types.js';

const NAMES: Record<string, string> = { redis: 'Redis OSS', valkey: 'Valkey', memcached: 'Memcached' };

interface Target {
  arn: string;
  id: string;
  type: 'replication-group' | 'cache-cluster';
  engine: string;
  version: string;
  nodes: number;
}

/**
 * ElastiCache replication groups and standalone clusters (Redis OSS, Valkey, Memcached) whose engine
 * version leaves standard support within the horizon or already has (ElastiCache then bills
 * Extended Support, and upgrades at its end). Dates from AWS Health's version catalog
 * (ELASTICACHE) when the support plan gives it, else the engine-versions table. Serverless caches
 * are upgraded by AWS and are not listed by DescribeCacheClusters.
 */
export const elasticacheEngineEndOfSupport: Scanner = {
  id: 'elasticache-engine-end-of-support',
  eventKinds: [ENGINE_EOS_KIND],
  scope: 'regional',
  permissions: ['elasticache:DescribeCacheClusters', 'health:DescribeServiceLifecycle'],
  summary: {
    ja: 'ElastiCache（Redis OSS / Valkey / Memcached）のエンジンバージョンの標準サポート終了・延長サポート終了',
    en: 'ElastiCache (Redis OSS / Valkey / Memcached) engine versions reaching end of standard and Extended Support',
  },
  async *scan(ctx) {
    const targets = new Map<string, Target>();
    for (const c of await cacheClusters(ctx)) {
      if (!c.CacheClusterId || !c.Engine || !c.EngineVersion) continue;
      // Members of a replication group run its version: reported once, as the group.
      const group = c.ReplicationGroupId;
      const key = group ? `replicationgroup:${group}` : `cluster:${c.CacheClusterId}`;
      const seen = targets.get(key);
      if (seen) {
        seen.nodes += 1;
        continue;
      }
      targets.set(key, {
        arn: group ? `arn:aws:elasticache:${ctx.region}:${ctx.accountId}:${key}` : (c.ARN ?? key),
        id: group ?? c.CacheClusterId,
        type: group ? 'replication-group' : 'cache-cluster',
        engine: c.Engine,
        version: c.EngineVersion,
        nodes: group ? 1 : (c.NumCacheNodes ?? 1),
      });
    }
    if (targets.size === 0) return;
    yield* engineEosFindings(ctx, 'ELASTICACHE', targets.values(), targetEngine);
  },
};

function targetEngine(t: Target): EngineResource {
  const [major = t.version, minor = '0'] = t.version.split('.');
  const name = NAMES[t.engine] ?? t.engine;
  return {
    lookup: {
      spellings: [
        `${t.engine} ${t.version}`,
        `${t.engine} ${major}.${minor}`,
        `${t.engine} ${major}`,
        `${name} ${major}`,
      ],
      product: `amazon-elasticache-${t.engine}`,
      version: t.version,
    },
    resource: t.arn,
    title: (ended, day) =>
      `ElastiCache ${t.id}: ${name} ${t.version} standard support ${ended ? 'ended' : 'ends'} ${day}`,
    evidence: {
      service: 'elasticache',
      resourceType: t.type,
      resourceId: t.id,
      engine: t.engine,
      engineVersion: t.version,
      nodes: orNull(t.nodes),
    },
  };
}
