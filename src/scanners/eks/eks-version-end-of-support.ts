import {
  type Cluster,
  type ClusterVersionInformation,
  DescribeClusterCommand,
  EKSClient,
  paginateDescribeClusterVersions,
  paginateListClusters,
} from '@aws-sdk/client-eks';
import { eventDate, findVersion } from '../../core/version-catalog.js';
import { isAwsError, isoOrNull, orNull, pageItems, withinHorizon } from '../support.js';
import type { Scanner } from '../types.js';

const KIND = 'eks-version-end-of-support';

const minor = (version: string) => Number(version.split('.')[1] ?? Number.NaN);

/**
 * EKS clusters whose Kubernetes version leaves standard support within the horizon (or already
 * has), with the end of extended support and the day AWS upgrades the cluster by itself — from AWS
 * Health's version catalog (service EKS) when the support plan gives it, else from the EKS API
 * (DescribeClusterVersions). With upgradePolicy STANDARD the cluster is upgraded at the
 * end of standard support; with EXTENDED (the default) it moves to paid extended support first.
 */
export const eksVersionEndOfSupport: Scanner = {
  id: 'eks-version-end-of-support',
  eventKinds: [KIND],
  scope: 'regional',
  permissions: [
    'eks:DescribeCluster',
    'eks:DescribeClusterVersions',
    'eks:ListClusters',
    'health:DescribeServiceLifecycle',
  ],
  summary: {
    ja: 'EKS クラスターの Kubernetes バージョンの標準サポート終了日・延長サポート終了日',
    en: 'EKS cluster Kubernetes versions reaching end of standard and extended support',
  },
  async *scan(ctx) {
    const eks = ctx.client(EKSClient);
    const clusters = await describedClusters(eks);
    if (clusters.length === 0) return;
    const versions = await clusterVersions(eks);
    const newest = [...versions.keys()].sort((a, b) => minor(b) - minor(a))[0] ?? null;
    const catalog = await ctx.versionCatalog('EKS');
    for (const cluster of clusters) {
      if (!cluster.name || !cluster.version) continue;
      const info = versions.get(cluster.version);
      const entry = catalog.available ? findVersion(catalog.entries, cluster.version) : undefined;
      const catalogEnd = entry
        ? eventDate(entry, ['END_OF_STANDARD_SUPPORT', 'END_OF_SUPPORT'], ctx.region)
        : null;
      const standardEnd = catalogEnd ?? isoOrNull(info?.endOfStandardSupportDate);
      if (standardEnd === null || !withinHorizon(ctx, KIND, standardEnd)) continue;
      const extendedEnd =
        (entry && catalogEnd ? eventDate(entry, ['END_OF_EXTENDED_SUPPORT'], ctx.region) : null) ??
        isoOrNull(info?.endOfExtendedSupportDate);
      const supportType = cluster.upgradePolicy?.supportType ?? null;
      const ended = Date.parse(standardEnd) <= ctx.now.getTime();
      yield {
        kind: KIND,
        resource: cluster.arn ?? cluster.name,
        eventDate: standardEnd,
        eventEndDate: extendedEnd,
        title: `EKS ${cluster.name}: Kubernetes ${cluster.version} standard support ${ended ? 'ended' : 'ends'} ${standardEnd.slice(0, 10)}`,
        evidence: {
          clusterName: cluster.name,
          version: cluster.version,
          platformVersion: orNull(cluster.platformVersion),
          status: orNull(cluster.status),
          supportType,
          versionStatus: orNull(info?.versionStatus),
          standardSupportEnd: standardEnd,
          extendedSupportEnd: extendedEnd,
          // STANDARD: upgraded when standard support ends; EXTENDED (default): when extended support ends.
          autoUpgradeDate: supportType === 'STANDARD' ? standardEnd : extendedEnd,
          newestVersion: newest,
          dateSource: catalogEnd ? 'version-catalog' : 'eks-api',
        },
      };
    }
  },
};

/** Every cluster of the region, described; one deleted between the list and the describe is left out. */
async function describedClusters(eks: EKSClient): Promise<Cluster[]> {
  const clusters: Cluster[] = [];
  const pages = paginateListClusters({ client: eks, pageSize: 100 }, {});
  for await (const name of pageItems(pages, (page) => page.clusters)) {
    try {
      const out = await eks.send(new DescribeClusterCommand({ name }));
      if (out.cluster) clusters.push(out.cluster);
    } catch (error) {
      if (!isAwsError(error, 'ResourceNotFoundException')) throw error;
    }
  }
  return clusters;
}

/** The Kubernetes versions EKS knows, by version; includeAll, as versions past extended support are left out otherwise. */
async function clusterVersions(eks: EKSClient): Promise<Map<string, ClusterVersionInformation>> {
  const versions = new Map<string, ClusterVersionInformation>();
  const pages = paginateDescribeClusterVersions({ client: eks, pageSize: 100 }, { includeAll: true });
  for await (const v of pageItems(pages, (page) => page.clusterVersions))
    if (v.clusterVersion) versions.set(v.clusterVersion, v);
  return versions;
}
