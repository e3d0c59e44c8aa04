import {
  AutoScalingClient,
  type AutoScalingGroup,
  paginateDescribeAutoScalingGroups,
} from '@aws-sdk/client-auto-scaling';
import {
  EC2Client,
  type Image,
  type Instance,
  paginateDescribeImages,
  paginateDescribeInstances,
} from '@aws-sdk/client-ec2';
import {
  type CacheCluster,
  ElastiCacheClient,
  paginateDescribeCacheClusters,
} from '@aws-sdk/client-elasticache';
import {
  MemoryDBClient,
  type Cluster as MemoryDbCluster,
  paginateDescribeClusters as paginateMemoryDbClusters,
} from '@aws-sdk/client-memorydb';
import { ListDomainNamesCommand, OpenSearchClient } from '@aws-sdk/client-opensearch';
import {
  type DBCluster,
  type DBInstance,
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  RDSClient,
} from '@aws-sdk/client-rds';
import {
  paginateDescribeClusters,
  RedshiftClient,
  type Cluster as RedshiftCluster,
} from '@aws-sdk/client-redshift';
import { GetSubscriptionStateCommand, ShieldClient } from '@aws-sdk/client-shield';
import { allPageItems, isAwsError, pageItems } from './support.js';
import type { ScanContext } from './types.js';

/**
 * Listings several scanners need, made once per account-region through `ctx.shared` (the first
 * scanner to ask makes the calls; the others wait for its answer), and reads several scanners make
 * the same way. Each scanner still declares the permission of the calls it reads.
 */

/** Image ids asked for in one DescribeImages filter. */
const IMAGE_FILTER_BATCH = 200;

/** Instances that exist (pending, running, stopping, stopped): ec2:DescribeInstances. */
export function ec2Instances(ctx: ScanContext): Promise<readonly Instance[]> {
  return ctx.shared('ec2:DescribeInstances', async () => {
    const pages = paginateDescribeInstances(
      { client: ctx.client(EC2Client), pageSize: 1000 },
      { Filters: [{ Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] }] },
    );
    const reservations = await allPageItems(pages, (page) => page.Reservations);
    return reservations.flatMap((r) => (r.Instances ?? []).filter((i) => i.InstanceId));
  });
}

/**
 * Every Auto Scaling group of the region: autoscaling:DescribeAutoScalingGroups. ami-release reads
 * their AMIs; Elastic Beanstalk runs every environment's instances in one, so no group means no
 * environment.
 */
export function autoScalingGroups(ctx: ScanContext): Promise<readonly AutoScalingGroup[]> {
  const pages = () =>
    paginateDescribeAutoScalingGroups({ client: ctx.client(AutoScalingClient), pageSize: 100 }, {});
  return ctx.shared('autoscaling:DescribeAutoScalingGroups', () =>
    allPageItems(pages(), (page) => page.AutoScalingGroups),
  );
}

/** Every DB instance of the region: rds:DescribeDBInstances. */
export function rdsInstances(ctx: ScanContext): Promise<readonly DBInstance[]> {
  const pages = () => paginateDescribeDBInstances({ client: ctx.client(RDSClient), pageSize: 100 }, {});
  return ctx.shared('rds:DescribeDBInstances', () => allPageItems(pages(), (page) => page.DBInstances));
}

/**
 * Every DB cluster of the region: rds:DescribeDBClusters. Asked even where DescribeDBInstances lists
 * nothing: an Aurora PostgreSQL Limitless Database cluster has no writer or reader DB instance (its
 * shards and routers live in a DB shard group no instance listing shows), and AWS offers it in
 * nearly every region, so an empty instance listing does not mean no cluster runs.
 */
export function rdsClusters(ctx: ScanContext): Promise<readonly DBCluster[]> {
  const pages = () => paginateDescribeDBClusters({ client: ctx.client(RDSClient), pageSize: 100 }, {});
  return ctx.shared('rds:DescribeDBClusters', () => allPageItems(pages(), (page) => page.DBClusters));
}

/** Every ElastiCache cluster of the region, replication group members included: elasticache:DescribeCacheClusters. */
export function cacheClusters(ctx: ScanContext): Promise<readonly CacheCluster[]> {
  const pages = () =>
    paginateDescribeCacheClusters({ client: ctx.client(ElastiCacheClient), pageSize: 100 }, {});
  return ctx.shared('elasticache:DescribeCacheClusters', () =>
    allPageItems(pages(), (page) => page.CacheClusters),
  );
}

/**
 * Whether the account has an active Shield Advanced subscription: shield:GetSubscriptionState. The
 * Shield scanners ask it first and stop without one (some endpoints answer "no subscription" with
 * ResourceNotFoundException instead of INACTIVE).
 */
export function shieldSubscribed(ctx: ScanContext): Promise<boolean> {
  return ctx.shared('shield:GetSubscriptionState', async () => {
    try {
      const state = await ctx.client(ShieldClient).send(new GetSubscriptionStateCommand({}));
      return state.SubscriptionState === 'ACTIVE';
    } catch (error) {
      if (isAwsError(error, 'ResourceNotFoundException')) return false;
      throw error;
    }
  });
}

/**
 * The AMIs of `ids` that still exist (deprecated and disabled ones included), by id:
 * ec2:DescribeImages. It filters by image-id, which never fails on an unknown id (ImageIds would):
 * a missing AMI is simply not in the map.
 */
export async function describeImages(ec2: EC2Client, ids: readonly string[]): Promise<Map<string, Image>> {
  const images = new Map<string, Image>();
  for (let i = 0; i < ids.length; i += IMAGE_FILTER_BATCH) {
    const pages = paginateDescribeImages(
      { client: ec2, pageSize: 1000 },
      {
        Filters: [{ Name: 'image-id', Values: ids.slice(i, i + IMAGE_FILTER_BATCH) }],
        IncludeDeprecated: true,
        IncludeDisabled: true,
      },
    );
    for await (const image of pageItems(pages, (page) => page.Images))
      if (image.ImageId) images.set(image.ImageId, image);
  }
  return images;
}

/**
 * The AMIs the region's instances run, by id: one ec2:DescribeImages for ami-release and
 * os-end-of-support together (an AMI no longer there is not in the map).
 */
export function instanceImages(ctx: ScanContext): Promise<ReadonlyMap<string, Image>> {
  return ctx.shared('ec2:DescribeImages', async () => {
    const ids = [...new Set((await ec2Instances(ctx)).map((i) => i.ImageId))].filter(
      (id): id is string => !!id,
    );
    return describeImages(ctx.client(EC2Client), ids.sort());
  });
}

/** Every Redshift provisioned cluster of the region: redshift:DescribeClusters. */
export function redshiftClusters(ctx: ScanContext): Promise<readonly RedshiftCluster[]> {
  return ctx.shared('redshift:DescribeClusters', async () => {
    const pages = paginateDescribeClusters({ client: ctx.client(RedshiftClient), pageSize: 100 }, {});
    return (await allPageItems(pages, (page) => page.Clusters)).filter((c) => c.ClusterIdentifier);
  });
}

/** The names of every OpenSearch Service domain of the region (OpenSearch and Elasticsearch): es:ListDomainNames. */
export function openSearchDomainNames(ctx: ScanContext): Promise<readonly string[]> {
  return ctx.shared('es:ListDomainNames', async () => {
    // Not paginated: one call returns every domain of the region.
    const out = await ctx.client(OpenSearchClient).send(new ListDomainNamesCommand({}));
    return (out.DomainNames ?? []).map((d) => d.DomainName).filter((n): n is string => Boolean(n));
  });
}

/** Every MemoryDB cluster of the region: memorydb:DescribeClusters. */
export function memorydbClusters(ctx: ScanContext): Promise<readonly MemoryDbCluster[]> {
  return ctx.shared('memorydb:DescribeClusters', async () => {
    const pages = paginateMemoryDbClusters({ client: ctx.client(MemoryDBClient), pageSize: 100 }, {});
    return (await allPageItems(pages, (page) => page.Clusters)).filter((c) => c.Name);
  });
}
