import { z } from 'zod';
import { AwsError, arn, dateSpec, defineService } from './types.js';

const cluster = z.object({
  name: z.string(),
  version: z.string().default('1.33'),
  platformVersion: z.string().optional(),
  status: z.enum(['CREATING', 'ACTIVE', 'DELETING', 'FAILED', 'UPDATING', 'PENDING']).default('ACTIVE'),
  /** upgradePolicy.supportType; AWS leaves upgradePolicy out for some older clusters. */
  supportType: z.enum(['STANDARD', 'EXTENDED']).optional(),
  createdAt: dateSpec.default('-400d'),
});

const clusterVersion = z.object({
  version: z.string(),
  releaseDate: dateSpec,
  endOfStandardSupport: dateSpec,
  endOfExtendedSupport: dateSpec,
});

/**
 * EKS versions as AWS published them (Kubernetes version lifecycle on EKS: 14 months of standard
 * support, then 12 of extended support). A scenario may replace them with relative dates.
 */
const DEFAULT_VERSIONS: z.input<typeof clusterVersion>[] = [
  {
    version: '1.35',
    releaseDate: '2026-01-28T00:00:00Z',
    endOfStandardSupport: '2027-03-27T00:00:00Z',
    endOfExtendedSupport: '2028-03-27T00:00:00Z',
  },
  {
    version: '1.34',
    releaseDate: '2025-10-02T00:00:00Z',
    endOfStandardSupport: '2026-12-02T00:00:00Z',
    endOfExtendedSupport: '2027-12-02T00:00:00Z',
  },
  {
    version: '1.33',
    releaseDate: '2025-05-29T00:00:00Z',
    endOfStandardSupport: '2026-07-29T00:00:00Z',
    endOfExtendedSupport: '2027-07-29T00:00:00Z',
  },
  {
    version: '1.32',
    releaseDate: '2025-01-23T00:00:00Z',
    endOfStandardSupport: '2026-03-23T00:00:00Z',
    endOfExtendedSupport: '2027-03-23T00:00:00Z',
  },
  {
    version: '1.31',
    releaseDate: '2024-09-26T00:00:00Z',
    endOfStandardSupport: '2025-11-26T00:00:00Z',
    endOfExtendedSupport: '2026-11-26T00:00:00Z',
  },
  {
    version: '1.30',
    releaseDate: '2024-05-23T00:00:00Z',
    endOfStandardSupport: '2025-07-23T00:00:00Z',
    endOfExtendedSupport: '2026-07-23T00:00:00Z',
  },
  {
    version: '1.29',
    releaseDate: '2024-01-23T00:00:00Z',
    endOfStandardSupport: '2025-03-23T00:00:00Z',
    endOfExtendedSupport: '2026-03-23T00:00:00Z',
  },
];

type Version = z.output<typeof clusterVersion>;

/** Amazon EKS: ListClusters, DescribeCluster, DescribeClusterVersions (rest-json). */
export const eks = defineService({
  name: 'eks',
  model: 'eks-2017-11-01',
  scope: 'regional',
  scenario: z.object({
    clusters: z.array(cluster).default([]),
    /** Replaces the published versions when given. */
    clusterVersions: z.array(clusterVersion).optional(),
  }),
  defaultPageSize: { ListClusters: 100, DescribeClusterVersions: 100 },
  handlers: {
    ListClusters: ({ data }) => ({ clusters: data.clusters.map((c) => c.name) }),
    DescribeCluster: ({ data, input, accountId, region, date }) => {
      const c = data.clusters.find((x) => x.name === input.name);
      if (!c)
        throw new AwsError('ResourceNotFoundException', `No cluster found for name: ${String(input.name)}.`, {
          status: 404,
        });
      return {
        cluster: {
          name: c.name,
          arn: arn('eks', region, accountId, `cluster/${c.name}`),
          createdAt: date(c.createdAt),
          version: c.version,
          endpoint: `https://${c.name.toUpperCase()}.gr7.${region}.eks.amazonaws.com`,
          roleArn: `arn:aws:iam::${accountId}:role/eks-cluster-role`,
          status: c.status,
          platformVersion: c.platformVersion ?? `eks.${c.version === '1.35' ? 3 : 20}`,
          upgradePolicy: c.supportType ? { supportType: c.supportType } : undefined,
        },
      };
    },
    DescribeClusterVersions: ({ data, input, now, date }) => {
      const versions: Version[] =
        data.clusterVersions ?? DEFAULT_VERSIONS.map((v) => clusterVersion.parse(v));
      const wanted = (input.clusterVersions as string[] | undefined) ?? [];
      const newest = [...versions].sort(
        (a, b) => Number(b.version.split('.')[1]) - Number(a.version.split('.')[1]),
      )[0];
      const rows = versions
        .filter((v) => wanted.length === 0 || wanted.includes(v.version))
        .map((v) => {
          const standardEnd = date(v.endOfStandardSupport);
          const extendedEnd = date(v.endOfExtendedSupport);
          const status =
            now < standardEnd ? 'STANDARD_SUPPORT' : now < extendedEnd ? 'EXTENDED_SUPPORT' : 'UNSUPPORTED';
          return {
            clusterVersion: v.version,
            clusterType: 'eks',
            defaultPlatformVersion: `eks.${v === newest ? 3 : 20}`,
            defaultVersion: v === newest,
            releaseDate: date(v.releaseDate),
            endOfStandardSupportDate: standardEnd,
            endOfExtendedSupportDate: extendedEnd,
            status: status.toLowerCase().replace('_', '-'),
            versionStatus: status,
            kubernetesPatchVersion: `${v.version}.0`,
          };
        })
        // Without includeAll, AWS lists only the versions still in standard or extended support.
        .filter((v) => input.includeAll === true || v.versionStatus !== 'UNSUPPORTED');
      return { clusterVersions: rows };
    },
  },
});
