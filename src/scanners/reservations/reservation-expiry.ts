import { DescribeReservedInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ElastiCacheClient, paginateDescribeReservedCacheNodes } from '@aws-sdk/client-elasticache';
import {
  MemoryDBClient,
  paginateDescribeReservedNodes as paginateMemoryDbReservedNodes,
} from '@aws-sdk/client-memorydb';
import { OpenSearchClient, paginateDescribeReservedInstances } from '@aws-sdk/client-opensearch';
import { paginateDescribeReservedDBInstances, RDSClient } from '@aws-sdk/client-rds';
import { paginateDescribeReservedNodes, RedshiftClient } from '@aws-sdk/client-redshift';
import { DescribeSavingsPlansCommand, SavingsplansClient } from '@aws-sdk/client-savingsplans';
import type { JsonObject } from '../../core/types.js';
import { addSeconds, isoOrNull, withinHorizon } from '../support.js';
import type { Finding, ScanContext, Scanner } from '../types.js';

const KIND = 'reservation-expiry';

/** Savings Plans are account-wide and served from us-east-1: looked at there only, recorded as global. */
const SAVINGS_PLANS_REGION = 'us-east-1';

/**
 * Active reservations whose term ends within the horizon: EC2 Reserved Instances, RDS reserved DB
 * instances, ElastiCache and MemoryDB reserved nodes, OpenSearch reserved instances, Redshift
 * reserved nodes and Savings Plans. AWS sends no expiry notice through an API; the end dates must be polled.
 */
export const reservationExpiry: Scanner = {
  id: 'reservation-expiry',
  eventKinds: [KIND],
  scope: 'regional',
  permissions: [
    'ec2:DescribeReservedInstances',
    'elasticache:DescribeReservedCacheNodes',
    'es:DescribeReservedInstances',
    'memorydb:DescribeReservedNodes',
    'rds:DescribeReservedDBInstances',
    'redshift:DescribeReservedNodes',
    'savingsplans:DescribeSavingsPlans',
  ],
  summary: {
    ja: 'リザーブドインスタンス・リザーブドノード・Savings Plans の期間終了',
    en: 'Reserved Instances, reserved nodes and Savings Plans whose term ends soon',
  },
  async *scan(ctx) {
    // A service AWS does not offer here is not asked; one the data does not know about is, and
    // its refusal ends the task with coverage "unsupported" (so the widely offered come first).
    if (ctx.offered('ec2')) yield* ec2(ctx);
    if (ctx.offered('rds')) yield* rds(ctx);
    if (ctx.offered('elasticache')) yield* elasticache(ctx);
    if (ctx.offered('redshift')) yield* redshift(ctx);
    if (ctx.offered('es')) yield* opensearch(ctx);
    if (ctx.offered('memorydb')) yield* memorydb(ctx);
    if (ctx.region === SAVINGS_PLANS_REGION) yield* savingsPlans(ctx);
  },
};

function isActive(state: string | undefined): boolean {
  return state?.toLowerCase() === 'active';
}

function finding(
  ctx: ScanContext,
  service: string,
  resource: string,
  end: string | null,
  evidence: JsonObject,
  region?: string,
): Finding | undefined {
  if (end === null || !withinHorizon(ctx, KIND, end)) return undefined;
  return {
    kind: KIND,
    resource,
    eventDate: end,
    title: `${service} reservation ${String(evidence.id)} ${Date.parse(end) < ctx.now.getTime() ? 'ended on' : 'ends'} ${end.slice(0, 10)}`,
    ...(region ? { region } : {}),
    evidence: { service, ...evidence, end },
  };
}

async function* ec2(ctx: ScanContext): AsyncGenerator<Finding> {
  // Not paginated: one call returns every reservation of the region.
  const out = await ctx
    .client(EC2Client)
    .send(new DescribeReservedInstancesCommand({ Filters: [{ Name: 'state', Values: ['active'] }] }));
  for (const ri of out.ReservedInstances ?? []) {
    if (!ri.ReservedInstancesId || !isActive(ri.State)) continue;
    const f = finding(
      ctx,
      'EC2',
      `arn:aws:ec2:${ctx.region}:${ctx.accountId}:reserved-instances/${ri.ReservedInstancesId}`,
      isoOrNull(ri.End),
      {
        id: ri.ReservedInstancesId,
        instanceType: ri.InstanceType ?? null,
        count: ri.InstanceCount ?? null,
        scope: ri.Scope ?? null,
        availabilityZone: ri.AvailabilityZone ?? null,
        productDescription: ri.ProductDescription ?? null,
        offeringType: ri.OfferingType ?? null,
        offeringClass: ri.OfferingClass ?? null,
        start: isoOrNull(ri.Start),
      },
    );
    if (f) yield f;
  }
}

async function* rds(ctx: ScanContext): AsyncGenerator<Finding> {
  for await (const page of paginateDescribeReservedDBInstances(
    { client: ctx.client(RDSClient), pageSize: 100 },
    {},
  )) {
    for (const r of page.ReservedDBInstances ?? []) {
      if (!r.ReservedDBInstanceId || !isActive(r.State)) continue;
      const f = finding(
        ctx,
        'RDS',
        r.ReservedDBInstanceArn ?? r.ReservedDBInstanceId,
        addSeconds(r.StartTime, r.Duration),
        {
          id: r.ReservedDBInstanceId,
          instanceClass: r.DBInstanceClass ?? null,
          count: r.DBInstanceCount ?? null,
          productDescription: r.ProductDescription ?? null,
          offeringType: r.OfferingType ?? null,
          multiAZ: r.MultiAZ ?? null,
          start: isoOrNull(r.StartTime),
        },
      );
      if (f) yield f;
    }
  }
}

async function* elasticache(ctx: ScanContext): AsyncGenerator<Finding> {
  const pages = paginateDescribeReservedCacheNodes(
    { client: ctx.client(ElastiCacheClient), pageSize: 100 },
    {},
  );
  for await (const page of pages) {
    for (const r of page.ReservedCacheNodes ?? []) {
      if (!r.ReservedCacheNodeId || !isActive(r.State)) continue;
      const f = finding(
        ctx,
        'ElastiCache',
        r.ReservationARN ?? r.ReservedCacheNodeId,
        addSeconds(r.StartTime, r.Duration),
        {
          id: r.ReservedCacheNodeId,
          nodeType: r.CacheNodeType ?? null,
          count: r.CacheNodeCount ?? null,
          productDescription: r.ProductDescription ?? null,
          offeringType: r.OfferingType ?? null,
          start: isoOrNull(r.StartTime),
        },
      );
      if (f) yield f;
    }
  }
}

async function* redshift(ctx: ScanContext): AsyncGenerator<Finding> {
  for await (const page of paginateDescribeReservedNodes(
    { client: ctx.client(RedshiftClient), pageSize: 100 },
    {},
  )) {
    for (const r of page.ReservedNodes ?? []) {
      if (!r.ReservedNodeId || !isActive(r.State)) continue;
      const f = finding(
        ctx,
        'Redshift',
        `arn:aws:redshift:${ctx.region}:${ctx.accountId}:reserved-node/${r.ReservedNodeId}`,
        addSeconds(r.StartTime, r.Duration),
        {
          id: r.ReservedNodeId,
          nodeType: r.NodeType ?? null,
          count: r.NodeCount ?? null,
          offeringType: r.OfferingType ?? null,
          start: isoOrNull(r.StartTime),
        },
      );
      if (f) yield f;
    }
  }
}

async function* opensearch(ctx: ScanContext): AsyncGenerator<Finding> {
  const pages = paginateDescribeReservedInstances(
    { client: ctx.client(OpenSearchClient), pageSize: 100 },
    {},
  );
  for await (const page of pages) {
    for (const r of page.ReservedInstances ?? []) {
      if (!r.ReservedInstanceId || !isActive(r.State)) continue;
      const f = finding(
        ctx,
        'OpenSearch',
        `arn:aws:es:${ctx.region}:${ctx.accountId}:reserved-instance/${r.ReservedInstanceId}`,
        addSeconds(r.StartTime, r.Duration),
        {
          id: r.ReservedInstanceId,
          name: r.ReservationName ?? null,
          instanceType: r.InstanceType ?? null,
          count: r.InstanceCount ?? null,
          paymentOption: r.PaymentOption ?? null,
          start: isoOrNull(r.StartTime),
        },
      );
      if (f) yield f;
    }
  }
}

async function* memorydb(ctx: ScanContext): AsyncGenerator<Finding> {
  const pages = paginateMemoryDbReservedNodes({ client: ctx.client(MemoryDBClient), pageSize: 100 }, {});
  for await (const page of pages) {
    for (const r of page.ReservedNodes ?? []) {
      if (!r.ReservationId || !isActive(r.State)) continue;
      const f = finding(ctx, 'MemoryDB', r.ARN ?? r.ReservationId, addSeconds(r.StartTime, r.Duration), {
        id: r.ReservationId,
        nodeType: r.NodeType ?? null,
        count: r.NodeCount ?? null,
        offeringType: r.OfferingType ?? null,
        start: isoOrNull(r.StartTime),
      });
      if (f) yield f;
    }
  }
}

async function* savingsPlans(ctx: ScanContext): AsyncGenerator<Finding> {
  const client = ctx.client(SavingsplansClient);
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new DescribeSavingsPlansCommand({
        states: ['active'],
        maxResults: 1000,
        ...(nextToken ? { nextToken } : {}),
      }),
    );
    for (const sp of page.savingsPlans ?? []) {
      if (!sp.savingsPlanId || !isActive(sp.state)) continue;
      const f = finding(
        ctx,
        'SavingsPlans',
        sp.savingsPlanArn ?? sp.savingsPlanId,
        isoOrNull(sp.end),
        {
          id: sp.savingsPlanId,
          savingsPlanType: sp.savingsPlanType ?? null,
          paymentOption: sp.paymentOption ?? null,
          commitment: sp.commitment ?? null,
          currency: sp.currency ?? null,
          start: isoOrNull(sp.start),
        },
        'global',
      );
      if (f) yield f;
    }
    nextToken = page.nextToken || undefined;
  } while (nextToken);
}
