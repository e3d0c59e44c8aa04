import { CloudWatchClient, type MetricDataQuery, paginateGetMetricData } from '@aws-sdk/client-cloudwatch';
import {
  paginateListRequestedServiceQuotaChangeHistory,
  type RequestStatus,
  ServiceQuotasClient,
} from '@aws-sdk/client-service-quotas';
import type { z } from 'zod';
import { loadLifecycleTable, watchedQuotaTable } from '../lifecycle.js';
import { ec2Instances } from '../shared.js';
import { isoOrNull } from '../support.js';
import type { Finding, ScanContext, Scanner } from '../types.js';

const KIND = 'service-quota-increase';

type WatchedQuota = z.output<typeof watchedQuotaTable>['rows'][number];

/** Requests AWS has not decided yet: the team must follow them up. */
const OPEN_REQUESTS: RequestStatus[] = ['PENDING', 'CASE_OPENED'];

/** GetMetricData takes at most 500 queries per call: two per quota (usage, SERVICE_QUOTA of it). */
const QUOTAS_PER_CALL = 250;
const HOUR_S = 3600;
/** Peak usage over the last day: quiet hours must not hide a daytime peak. */
const LOOKBACK_MS = 24 * HOUR_S * 1000;

/**
 * Watched quotas whose usage only some resources make, read only where the shared listing of those
 * resources has one: EC2 vCPU usage (On-Demand and Spot) counts running instances and nothing else,
 * so a region without an instance uses none of it. A row no gate matches (one a user added for
 * another service) is always read.
 */
const USAGE_GATES: ReadonlyArray<{
  matches: (quota: WatchedQuota) => boolean;
  present: (ctx: ScanContext) => Promise<boolean>;
}> = [
  {
    matches: (q) => q.dimensions.Service === 'EC2' && q.dimensions.Resource === 'vCPU',
    present: async (ctx) => (await ec2Instances(ctx)).length > 0,
  },
];

async function readable(ctx: ScanContext, watched: readonly WatchedQuota[]): Promise<WatchedQuota[]> {
  const out: WatchedQuota[] = [];
  for (const quota of watched) {
    const gate = USAGE_GATES.find((g) => g.matches(quota));
    if (!gate || (await gate.present(ctx))) out.push(quota);
  }
  return out;
}

/**
 * Quotas whose usage is at or above `quotaUsageThreshold` of the quota (default 0.8), and quota
 * increase requests still open. Usage and the applied quota come from one CloudWatch GetMetricData
 * call per account-region: each watched quota's AWS/Usage metric and the metric math
 * `SERVICE_QUOTA(usage)`, so Service Quotas is never listed quota by quota. The EC2 vCPU quotas
 * are read only where instances exist (see USAGE_GATES). Open requests are listed everywhere: a
 * team files an increase before it launches anything in a region, so no listing can gate them.
 */
export const serviceQuotaIncrease: Scanner = {
  id: 'service-quota-increase',
  eventKinds: [KIND],
  scope: 'regional',
  permissions: [
    'cloudwatch:GetMetricData',
    'ec2:DescribeInstances',
    'servicequotas:ListRequestedServiceQuotaChangeHistory',
  ],
  summary: {
    ja: '使用率がしきい値を超えたサービスクォータと、未完了のクォータ引き上げリクエスト',
    en: 'Service quotas used at or above the threshold, and open quota increase requests',
  },
  async *scan(ctx) {
    const threshold = ctx.setting('quotaUsageThreshold', 0.8);
    const watched = await readable(ctx, loadLifecycleTable('service-quotas', watchedQuotaTable).rows);
    for (let offset = 0; offset < watched.length; offset += QUOTAS_PER_CALL) {
      yield* usageFindings(ctx, watched.slice(offset, offset + QUOTAS_PER_CALL), threshold);
    }
    yield* openRequests(ctx);
  },
};

/** Usage query `u<i>` and its quota `q<i>` = SERVICE_QUOTA(u<i>) for every quota of the batch. */
function queries(batch: readonly WatchedQuota[]): MetricDataQuery[] {
  return batch.flatMap((quota, i) => [
    {
      Id: `u${i}`,
      ReturnData: true,
      MetricStat: {
        Metric: {
          Namespace: 'AWS/Usage',
          MetricName: quota.metricName,
          Dimensions: Object.entries(quota.dimensions).map(([Name, Value]) => ({ Name, Value })),
        },
        Period: HOUR_S,
        Stat: quota.stat,
      },
    },
    { Id: `q${i}`, ReturnData: true, Expression: `SERVICE_QUOTA(u${i})` },
  ]);
}

/** Peak value of every returned series over the window, by query id. */
async function peaks(ctx: ScanContext, batch: readonly WatchedQuota[]): Promise<Map<string, number>> {
  const end = ctx.now;
  const start = new Date(end.getTime() - LOOKBACK_MS);
  const out = new Map<string, number>();
  for await (const page of paginateGetMetricData(
    { client: ctx.client(CloudWatchClient) },
    { MetricDataQueries: queries(batch), StartTime: start, EndTime: end },
  )) {
    for (const r of page.MetricDataResults ?? []) {
      if (!r.Id || !r.Values?.length) continue;
      out.set(r.Id, Math.max(out.get(r.Id) ?? 0, ...r.Values));
    }
  }
  return out;
}

async function* usageFindings(
  ctx: ScanContext,
  batch: readonly WatchedQuota[],
  threshold: number,
): AsyncGenerator<Finding> {
  const peak = await peaks(ctx, batch);
  for (const [i, quota] of batch.entries()) {
    const usage = peak.get(`u${i}`);
    const limit = peak.get(`q${i}`);
    // No usage datapoints (nothing runs) or no applied value: nothing to compare.
    if (usage === undefined || limit === undefined || limit <= 0 || usage / limit < threshold) continue;
    const utilization = Math.round((usage / limit) * 1000) / 1000;
    yield {
      kind: KIND,
      resource: `arn:aws:servicequotas:${ctx.region}:${ctx.accountId}:${quota.serviceCode}/${quota.quotaCode}`,
      eventDate: null,
      title: `${quota.serviceCode} quota "${quota.name}" at ${Math.round(utilization * 100)}% (${usage} of ${limit})`,
      evidence: {
        reason: 'usage',
        serviceCode: quota.serviceCode,
        quotaCode: quota.quotaCode,
        quotaName: quota.name,
        value: limit,
        usage,
        utilization,
        threshold,
      },
    };
  }
}

async function* openRequests(ctx: ScanContext): AsyncGenerator<Finding> {
  // One unfiltered listing (usually one page) instead of one per open status: closed requests are dropped here.
  const pages = paginateListRequestedServiceQuotaChangeHistory(
    { client: ctx.client(ServiceQuotasClient), pageSize: 100 },
    {},
  );
  for await (const page of pages) {
    for (const r of page.RequestedQuotas ?? []) {
      if (!r.Id || !r.Status || !OPEN_REQUESTS.includes(r.Status)) continue;
      if (r.GlobalQuota && ctx.region !== 'us-east-1') continue;
      const name = r.QuotaName ?? r.QuotaCode ?? '';
      yield {
        kind: KIND,
        resource: r.Id,
        eventDate: null,
        title: `Quota increase request for ${r.ServiceCode} "${name}" is ${r.Status}`,
        ...(r.GlobalQuota ? { region: 'global' } : {}),
        evidence: {
          reason: 'request',
          requestId: r.Id,
          caseId: r.CaseId ?? null,
          serviceCode: r.ServiceCode ?? null,
          quotaCode: r.QuotaCode ?? null,
          quotaName: r.QuotaName ?? null,
          quotaArn: r.QuotaArn ?? null,
          desiredValue: r.DesiredValue ?? null,
          status: r.Status,
          created: isoOrNull(r.Created),
          lastUpdated: isoOrNull(r.LastUpdated),
        },
      };
    }
  }
}
