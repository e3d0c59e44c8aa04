import { KafkaClient, paginateListClustersV2, paginateListKafkaVersions } from '@aws-sdk/client-kafka';
import { ENGINE_EOS_KIND, engineSupport, supportEvidence } from '../engine-support.js';
import { orNull, withinHorizon } from '../support.js';
import type { Scanner } from '../types.js';

async function versionStatuses(client: KafkaClient): Promise<Map<string, string>> {
  const statuses = new Map<string, string>();
  for await (const page of paginateListKafkaVersions({ client, pageSize: 100 }, {})) {
    for (const v of page.KafkaVersions ?? []) if (v.Version && v.Status) statuses.set(v.Version, v.Status);
  }
  return statuses;
}

/**
 * MSK provisioned clusters whose Apache Kafka version reaches end of support (after it MSK upgrades
 * the cluster to the recommended version at any time, without notice). The date comes from AWS
 * Health's version catalog (KAFKA) when the support plan gives it, else the engine-versions table;
 * a version ListKafkaVersions marks DEPRECATED without a known date is reported undated.
 */
export const mskKafkaVersionEndOfSupport: Scanner = {
  id: 'msk-kafka-version-end-of-support',
  eventKinds: [ENGINE_EOS_KIND],
  scope: 'regional',
  permissions: ['health:DescribeServiceLifecycle', 'kafka:ListClustersV2', 'kafka:ListKafkaVersions'],
  summary: {
    ja: 'MSK クラスターの Apache Kafka バージョンのサポート終了（終了後は AWS が自動でアップグレード）',
    en: 'MSK clusters on Apache Kafka versions reaching end of support (AWS upgrades them afterwards)',
  },
  async *scan(ctx) {
    const client = ctx.client(KafkaClient);
    const clusters: Array<{ arn: string; name: string; version: string }> = [];
    for await (const page of paginateListClustersV2({ client, pageSize: 100 }, {})) {
      for (const c of page.ClusterInfoList ?? []) {
        const version = c.Provisioned?.CurrentBrokerSoftwareInfo?.KafkaVersion;
        // Serverless clusters have no Kafka version to keep up to date.
        if (c.ClusterArn && c.ClusterName && version)
          clusters.push({ arn: c.ClusterArn, name: c.ClusterName, version });
      }
    }
    if (clusters.length === 0) return;
    const statuses = await ctx.optional('kafka:ListKafkaVersions', () => versionStatuses(client));
    const catalog = await ctx.versionCatalog('KAFKA');
    for (const c of clusters) {
      const support = engineSupport(catalog, {
        spellings: [c.version, `Kafka ${c.version}`],
        product: 'amazon-msk',
        version: c.version,
        region: ctx.region,
      });
      const status = statuses?.get(c.version) ?? null;
      if (support && !withinHorizon(ctx, ENGINE_EOS_KIND, support.standardEnd)) continue;
      if (!support && status !== 'DEPRECATED') continue;
      const ended = support ? Date.parse(support.standardEnd) <= ctx.now.getTime() : true;
      yield {
        kind: ENGINE_EOS_KIND,
        resource: c.arn,
        eventDate: support?.standardEnd ?? null,
        title: `MSK ${c.name}: Apache Kafka ${c.version} ${support ? `end of support ${ended ? 'passed' : 'on'} ${support.standardEnd.slice(0, 10)}` : 'is deprecated'}`,
        evidence: {
          service: 'kafka',
          clusterName: c.name,
          kafkaVersion: c.version,
          versionStatus: orNull(status ?? undefined),
          ...(support
            ? supportEvidence(support, ctx.now)
            : {
                standardSupportEnd: null,
                extendedSupportEnd: null,
                pastStandardSupport: true,
                recommendedVersion: null,
                dateSource: 'kafka-api',
                dateSourceUrl: null,
                datesReadOn: null,
                note: 'ListKafkaVersions marks this version DEPRECATED; no end-of-support date is known.',
              }),
        },
      };
    }
  },
};
