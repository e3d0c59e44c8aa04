import { EC2Client, type Instance, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import {
  type CacheCluster,
  ElastiCacheClient,
  paginateDescribeCacheClusters,
} from '@aws-sdk/client-elasticache';
import {
  type DBCluster,
  type DBInstance,
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  RDSClient,
} from '@aws-sdk/client-rds';
import type { ScanContext } from './types.js';

/**
 * Listings several scanners need, made once per account-region through `ctx.shared` (the first
 * scanner to ask makes the calls; the others wait for its answer). Each scanner still declares
 * the permission of the calls it reads.
 */

/** Instances that exist (pending, running, stopping, stopped): ec2:DescribeInstances. */
export function ec2Instances(ctx: ScanContext): Promise<readonly Instance[]> {
  return ctx.shared('ec2:DescribeInstances', async () => {
    const instances: Instance[] = [];
    for await (const page of paginateDescribeInstances(
      { client: ctx.client(EC2Client), pageSize: 1000 },
      { Filters: [{ Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] }] },
    )) {
      for (const r of page.Reservations ?? [])
        for (const i of r.Instances ?? []) if (i.InstanceId) instances.push(i);
    }
    return instances;
  });
}

/** Every DB instance of the region: rds:DescribeDBInstances. */
export function rdsInstances(ctx: ScanContext): Promise<readonly DBInstance[]> {
  return ctx.shared('rds:DescribeDBInstances', async () => {
    const instances: DBInstance[] = [];
    for await (const page of paginateDescribeDBInstances(
      { client: ctx.client(RDSClient), pageSize: 100 },
      {},
    ))
      instances.push(...(page.DBInstances ?? []));
    return instances;
  });
}

/** Every DB cluster of the region: rds:DescribeDBClusters. */
export function rdsClusters(ctx: ScanContext): Promise<readonly DBCluster[]> {
  return ctx.shared('rds:DescribeDBClusters', async () => {
    const clusters: DBCluster[] = [];
    for await (const page of paginateDescribeDBClusters({ client: ctx.client(RDSClient), pageSize: 100 }, {}))
      clusters.push(...(page.DBClusters ?? []));
    return clusters;
  });
}

/** Every ElastiCache cluster of the region, replication group members included: elasticache:DescribeCacheClusters. */
export function cacheClusters(ctx: ScanContext): Promise<readonly CacheCluster[]> {
  return ctx.shared('elasticache:DescribeCacheClusters', async () => {
    const clusters: CacheCluster[] = [];
    for await (const page of paginateDescribeCacheClusters(
      { client: ctx.client(ElastiCacheClient), pageSize: 100 },
      {},
    ))
      clusters.push(...(page.CacheClusters ?? []));
    return clusters;
  });
}
