import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import {
  paginateListRequestedServiceQuotaChangeHistory,
  paginateListServiceQuotas,
  type RequestStatus,
  type ServiceQuota,
  ServiceQuotasClient,
} from '@aws-sdk/client-service-quotas';
import { isoOrNull } from '../support.js';
import type { Finding, ScanContext, Scanner } from '../types.js';

const KIND = 'service-quota-increase';

/**
 * Services whose most-hit ceilings publish CloudWatch usage metrics (AWS/Usage). Listing every
 * service's quotas would cost hundreds of calls per region; these cover the limits teams run into
 * (vCPUs, Elastic IPs, volumes, load balancers, concurrency, VPC resources).
 */
export const QUOTA_SERVICES = ['ebs', 'ec2', 'elasticloadbalancing', 'lambda', 'vpc'] as const;

/** Requests AWS has not decided yet: the team must follow them up. */
const OPEN_REQUESTS: RequestStatus[] = ['PENDING', 'CASE_OPENED'];

/** GetMetricData takes at most 500 queries per call. */
const QUERIES_PER_CALL = 500;
const HOUR_S = 3600;
/** Peak usage over the last day: quiet hours must not hide a daytime peak. */
const LOOKBACK_MS = 24 * HOUR_S * 1000;

/**
 * Quotas whose usage (read from CloudWatch) is at or above `quotaUsageThreshold` of the quota
 * (default 0.8), and quota increase requests still open.
 */
export const serviceQuotaIncrease: Scanner = {
  id: 'service-quota-increase',
  eventKinds: [KIND],
  scope: 'regional',
  permissions: [
    'cloudwatch:GetMetricData',
    'servicequotas:ListRequestedServiceQuotaChangeHistory',
    'servicequotas:ListServiceQuotas',
  ],
  summary: {
    ja: '使用率がしきい値を超えたサービスクォータと、未完了のクォータ引き上げリクエスト',
    en: 'Service quotas used at or above the threshold, and open quota increase requests',
  },
  async *scan(ctx) {
    const threshold = ctx.setting('quotaUsageThreshold', 0.8);
    const quotas = ctx.client(ServiceQuotasClient);
    const metered: ServiceQuota[] = [];
    for (const serviceCode of QUOTA_SERVICES) {
      for await (const page of paginateListServiceQuotas(
        { client: quotas, pageSize: 100 },
        { ServiceCode: serviceCode },
      )) {
        for (const quota of page.Quotas ?? []) {
          if (isMetered(quota) && (!quota.GlobalQuota || ctx.region === 'us-east-1')) metered.push(quota);
        }
      }
    }
    yield* usageFindings(ctx, metered, threshold);
    yield* openRequests(ctx, quotas);
  },
};

/** Quotas with a usage metric and a positive ceiling. Rate quotas (with a Period) are about throttling, not capacity. */
function isMetered(quota: ServiceQuota): boolean {
  const m = quota.UsageMetric;
  return !!m?.MetricNamespace && !!m.MetricName && (quota.Value ?? 0) > 0 && !quota.Period;
}

async function* usageFindings(
  ctx: ScanContext,
  metered: ServiceQuota[],
  threshold: number,
): AsyncGenerator<Finding> {
  const cloudwatch = ctx.client(CloudWatchClient);
  const end = ctx.now;
  const start = new Date(end.getTime() - LOOKBACK_MS);
  for (let offset = 0; offset < metered.length; offset += QUERIES_PER_CALL) {
    const batch = metered.slice(offset, offset + QUERIES_PER_CALL);
    const queries: MetricDataQuery[] = batch.map((quota, i) => ({
      Id: `q${i}`,
      ReturnData: true,
      MetricStat: {
        Metric: {
          Namespace: quota.UsageMetric?.MetricNamespace,
          MetricName: quota.UsageMetric?.MetricName,
          Dimensions: Object.entries(quota.UsageMetric?.MetricDimensions ?? {}).map(([Name, Value]) => ({
            Name,
            Value,
          })),
        },
        Period: HOUR_S,
        Stat: quota.UsageMetric?.MetricStatisticRecommendation || 'Maximum',
      },
    }));
    const peaks = new Map<string, number>();
    let NextToken: string | undefined;
    do {
      const out = await cloudwatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: start,
          EndTime: end,
          ...(NextToken ? { NextToken } : {}),
        }),
      );
      for (const r of out.MetricDataResults ?? []) {
        if (!r.Id || !r.Values?.length) continue;
        peaks.set(r.Id, Math.max(peaks.get(r.Id) ?? 0, ...r.Values));
      }
      NextToken = out.NextToken || undefined;
    } while (NextToken);
    for (const [i, quota] of batch.entries()) {
      const usage = peaks.get(`q${i}`);
      const limit = quota.Value as number;
      if (usage === undefined || usage / limit < threshold) continue;
      const utilization = Math.round((usage / limit) * 1000) / 1000;
      const name = quota.QuotaName ?? quota.QuotaCode ?? '';
      yield {
        kind: KIND,
        resource: quota.QuotaArn ?? `${quota.ServiceCode}/${quota.QuotaCode}`,
        eventDate: null,
        title: `${quota.ServiceCode} quota "${name}" at ${Math.round(utilization * 100)}% (${usage} of ${limit})`,
        ...(quota.GlobalQuota ? { region: 'global' } : {}),
        evidence: {
          reason: 'usage',
          serviceCode: quota.ServiceCode ?? null,
          quotaCode: quota.QuotaCode ?? null,
          quotaName: quota.QuotaName ?? null,
          value: limit,
          usage,
          utilization,
          threshold,
          unit: quota.Unit ?? null,
          adjustable: quota.Adjustable ?? null,
        },
      };
    }
  }
}

async function* openRequests(ctx: ScanContext, quotas: ServiceQuotasClient): AsyncGenerator<Finding> {
  // One unfiltered listing (usually one page) instead of one per open status: closed requests are dropped here.
  const pages = paginateListRequestedServiceQuotaChangeHistory({ client: quotas, pageSize: 100 }, {});
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
