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
import {
  cacheClusters,
  ec2Instances,
  memorydbClusters,
  openSearchDomainNames,
  rdsInstances,
  redshiftClusters,
} from '../shared.js';
import { addSeconds, endFinding, fieldsOf, isoOrNull, pageItems } from '../support.js';
import type { Finding, ScanContext, Scanner } from '../types.js';

const KIND = 'reservation-expiry';

/** Savings Plans are account-wide and served from us-east-1: looked at there only, recorded as global. */
const SAVINGS_PLANS_REGION = 'us-east-1';

/** What every regional reservation API reports: a state and a term (EC2: Start/End; others: StartTime + Duration seconds). */
interface Reservation {
  State?: string;
  Start?: Date;
  End?: Date;
  StartTime?: Date;
  Duration?: number;
}

/** One service's regional reservations, and the shared listing of the resources they pay for. */
interface ReservedService<R extends Reservation> {
  service: string;
  /** IAM prefix, for `ctx.offered`. */
  prefix: string;
  running: (ctx: ScanContext) => Promise<readonly unknown[]>;
  list: (ctx: ScanContext) => AsyncIterable<R>;
  id: keyof R;
  /** The reservation's own ARN field, or how to build its ARN from the id. */
  arn: keyof R | ((ctx: ScanContext, id: string) => string);
  /** Evidence key → API field. */
  fields: Readonly<Record<string, keyof R>>;
}

/** Lets TypeScript infer each service's page and item types. */
function reserved<R extends Reservation>(s: ReservedService<R>): ReservedService<R> {
  return s;
}

async function* once<T>(answer: Promise<T>): AsyncGenerator<T> {
  yield await answer;
}

const SERVICES = [
  reserved({
    service: 'EC2',
    prefix: 'ec2',
    running: ec2Instances,
    // Not paginated: one call returns every reservation of the region.
    list: (ctx: ScanContext) =>
      pageItems(
        once(
          ctx
            .client(EC2Client)
            .send(new DescribeReservedInstancesCommand({ Filters: [{ Name: 'state', Values: ['active'] }] })),
        ),
        (page) => page.ReservedInstances,
      ),
    id: 'ReservedInstancesId',
    arn: (ctx, id) => `arn:aws:ec2:${ctx.region}:${ctx.accountId}:reserved-instances/${id}`,
    fields: {
      instanceType: 'InstanceType',
      count: 'InstanceCount',
      scope: 'Scope',
      availabilityZone: 'AvailabilityZone',
      productDescription: 'ProductDescription',
      offeringType: 'OfferingType',
      offeringClass: 'OfferingClass',
    },
  }),
  reserved({
    service: 'RDS',
    prefix: 'rds',
    running: rdsInstances,
    list: (ctx: ScanContext) =>
      pageItems(
        paginateDescribeReservedDBInstances({ client: ctx.client(RDSClient), pageSize: 100 }, {}),
        (page) => page.ReservedDBInstances,
      ),
    id: 'ReservedDBInstanceId',
    arn: 'ReservedDBInstanceArn',
    fields: {
      instanceClass: 'DBInstanceClass',
      count: 'DBInstanceCount',
      productDescription: 'ProductDescription',
      offeringType: 'OfferingType',
      multiAZ: 'MultiAZ',
    },
  }),
  reserved({
    service: 'ElastiCache',
    prefix: 'elasticache',
    running: cacheClusters,
    list: (ctx: ScanContext) =>
      pageItems(
        paginateDescribeReservedCacheNodes({ client: ctx.client(ElastiCacheClient), pageSize: 100 }, {}),
        (page) => page.ReservedCacheNodes,
      ),
    id: 'ReservedCacheNodeId',
    arn: 'ReservationARN',
    fields: {
      nodeType: 'CacheNodeType',
      count: 'CacheNodeCount',
      productDescription: 'ProductDescription',
      offeringType: 'OfferingType',
    },
  }),
  reserved({
    service: 'Redshift',
    prefix: 'redshift',
    running: redshiftClusters,
    list: (ctx: ScanContext) =>
      pageItems(
        paginateDescribeReservedNodes({ client: ctx.client(RedshiftClient), pageSize: 100 }, {}),
        (page) => page.ReservedNodes,
      ),
    id: 'ReservedNodeId',
    arn: (ctx, id) => `arn:aws:redshift:${ctx.region}:${ctx.accountId}:reserved-node/${id}`,
    fields: { nodeType: 'NodeType', count: 'NodeCount', offeringType: 'OfferingType' },
  }),
  reserved({
    service: 'OpenSearch',
    prefix: 'es',
    running: openSearchDomainNames,
    list: (ctx: ScanContext) =>
      pageItems(
        paginateDescribeReservedInstances({ client: ctx.client(OpenSearchClient), pageSize: 100 }, {}),
        (page) => page.ReservedInstances,
      ),
    id: 'ReservedInstanceId',
    arn: (ctx, id) => `arn:aws:es:${ctx.region}:${ctx.accountId}:reserved-instance/${id}`,
    fields: {
      name: 'ReservationName',
      instanceType: 'InstanceType',
      count: 'InstanceCount',
      paymentOption: 'PaymentOption',
    },
  }),
  reserved({
    service: 'MemoryDB',
    prefix: 'memorydb',
    running: memorydbClusters,
    list: (ctx: ScanContext) =>
      pageItems(
        paginateMemoryDbReservedNodes({ client: ctx.client(MemoryDBClient), pageSize: 100 }, {}),
        (page) => page.ReservedNodes,
      ),
    id: 'ReservationId',
    arn: 'ARN',
    fields: { nodeType: 'NodeType', count: 'NodeCount', offeringType: 'OfferingType' },
  }),
];

/**
 * Active reservations whose term ends within the horizon: EC2 Reserved Instances, RDS reserved DB
 * instances, ElastiCache and MemoryDB reserved nodes, OpenSearch reserved instances, Redshift
 * reserved nodes and Savings Plans. AWS sends no expiry notice through an API; the end dates must be polled.
 *
 * A regional reservation only lowers the bill of what its service runs in that region, so its listing
 * is asked only where the service runs something (the listing other scanners share: EC2 instances,
 * DB instances, cache clusters, Redshift clusters, OpenSearch domains, MemoryDB clusters). A
 * reservation in a region where nothing of its service runs is not reported: its expiry changes no
 * bill. Savings Plans are account-wide and always looked at.
 */
export const reservationExpiry: Scanner = {
  id: 'reservation-expiry',
  eventKinds: [KIND],
  scope: 'regional',
  permissions: [
    'ec2:DescribeInstances',
    'ec2:DescribeReservedInstances',
    'elasticache:DescribeCacheClusters',
    'elasticache:DescribeReservedCacheNodes',
    'es:DescribeReservedInstances',
    'es:ListDomainNames',
    'memorydb:DescribeClusters',
    'memorydb:DescribeReservedNodes',
    'rds:DescribeDBInstances',
    'rds:DescribeReservedDBInstances',
    'redshift:DescribeClusters',
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
    for (const s of SERVICES) {
      if (ctx.offered(s.prefix)) yield* regional(ctx, s as ReservedService<Reservation>);
    }
    if (ctx.region === SAVINGS_PLANS_REGION) yield* savingsPlans(ctx);
  },
};

function isActive(state: string | undefined): boolean {
  return state?.toLowerCase() === 'active';
}

async function* regional<R extends Reservation>(
  ctx: ScanContext,
  s: ReservedService<R>,
): AsyncGenerator<Finding> {
  if ((await s.running(ctx)).length === 0) return;
  for await (const r of s.list(ctx)) {
    const id = r[s.id];
    if (typeof id !== 'string' || !id || !isActive(r.State)) continue;
    const own = typeof s.arn === 'function' ? s.arn(ctx, id) : r[s.arn];
    const f = endFinding(ctx, KIND, {
      resource: typeof own === 'string' && own ? own : id,
      subject: `${s.service} reservation ${id}`,
      end: r.End ? isoOrNull(r.End) : addSeconds(r.StartTime, r.Duration),
      evidence: {
        service: s.service,
        id,
        ...fieldsOf(r, s.fields),
        start: isoOrNull(r.Start ?? r.StartTime),
      },
    });
    if (f) yield f;
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
      const f = endFinding(ctx, KIND, {
        resource: sp.savingsPlanArn ?? sp.savingsPlanId,
        subject: `SavingsPlans reservation ${sp.savingsPlanId}`,
        end: isoOrNull(sp.end),
        region: 'global',
        evidence: {
          service: 'SavingsPlans',
          id: sp.savingsPlanId,
          ...fieldsOf(sp, {
            savingsPlanType: 'savingsPlanType',
            paymentOption: 'paymentOption',
            commitment: 'commitment',
            currency: 'currency',
          }),
          start: isoOrNull(sp.start),
        },
      });
      if (f) yield f;
    }
    nextToken = page.nextToken || undefined;
  } while (nextToken);
}
