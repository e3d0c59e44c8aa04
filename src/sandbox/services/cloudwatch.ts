import { z } from 'zod';
import type { ServiceQuotasData } from './servicequotas.js';
import { AwsError, defineService } from './types.js';

const metric = z.object({
  namespace: z.string(),
  name: z.string(),
  dimensions: z.record(z.string(), z.string()).default({}),
  /** The peak value over any window (datapoints are this value, the older ones a little lower). */
  value: z.number(),
  unit: z.string().optional(),
});

type Series = {
  namespace: string;
  name: string;
  dimensions: Readonly<Record<string, string>>;
  value: number;
  unit?: string;
};

interface Dimension {
  Name?: string;
  Value?: string;
}
interface Metric {
  Namespace?: string;
  MetricName?: string;
  Dimensions?: Dimension[];
}
interface MetricStat {
  Metric?: Metric;
  Period?: number;
  Stat?: string;
}
interface Query {
  Id?: string;
  Label?: string;
  ReturnData?: boolean;
  MetricStat?: MetricStat;
  Expression?: string;
}

function sameDimensions(a: Readonly<Record<string, string>>, b: Dimension[] | undefined): boolean {
  const list = b ?? [];
  return (
    list.length === Object.keys(a).length && list.every((d) => d.Name !== undefined && a[d.Name] === d.Value)
  );
}

/** The scenario's metrics plus the usage of every Service Quotas quota of this account-region (AWS/Usage). */
function allSeries(own: Series[], quotas: ServiceQuotasData): Series[] {
  const usage = quotas.quotas.flatMap((q) =>
    q.metric && q.usage !== undefined
      ? [
          {
            namespace: q.metric.namespace,
            name: q.metric.name,
            dimensions: q.metric.dimensions,
            value: q.usage,
          },
        ]
      : [],
  );
  return [...own, ...usage];
}

/** Datapoints between start and end at `period`: the newest equals the peak, older ones 90 % of it. */
function points(series: Series, start: Date, end: Date, period: number): Array<{ at: Date; value: number }> {
  const step = Math.max(60, period) * 1000;
  const count = Math.min(1440, Math.floor((end.getTime() - start.getTime()) / step));
  const out: Array<{ at: Date; value: number }> = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(start.getTime() + i * step);
    out.push({ at, value: i === count - 1 ? series.value : Math.round(series.value * 0.9 * 100) / 100 });
  }
  return out;
}

function findSeries(series: Series[], m: Metric | undefined): Series | undefined {
  return m
    ? series.find(
        (s) =>
          s.namespace === m.Namespace &&
          s.name === m.MetricName &&
          sameDimensions(s.dimensions, m.Dimensions),
      )
    : undefined;
}

type Window = { start: Date; end: Date };

function metricPoints(stat: MetricStat | undefined, series: Series[], window: Window) {
  const found = findSeries(series, stat?.Metric);
  return found ? points(found, window.start, window.end, stat?.Period ?? 60) : [];
}

const SERVICE_QUOTA = /^\s*SERVICE_QUOTA\(\s*([a-z]\w*)\s*\)\s*$/i;

/**
 * Metric math. The sandbox evaluates `SERVICE_QUOTA(id)` only: the applied value of the Service
 * Quotas quota whose usage metric (AWS/Usage) query `id` reads, at that metric's timestamps.
 */
function expressionPoints(
  expression: string,
  byId: ReadonlyMap<string | undefined, Query>,
  series: Series[],
  quotas: ServiceQuotasData,
  window: Window,
) {
  const id = SERVICE_QUOTA.exec(expression)?.[1];
  if (!id) {
    throw new AwsError('ValidationError', `The sandbox evaluates only SERVICE_QUOTA(id), not: ${expression}`);
  }
  const stat = byId.get(id)?.MetricStat;
  if (!stat?.Metric) {
    throw new AwsError('ValidationError', `SERVICE_QUOTA(${id}): no metric query with id ${id}.`);
  }
  const m = stat.Metric;
  // The quotas' usage series are the ones allSeries adds, so the same lookup finds the quota.
  const quota =
    m.Namespace === 'AWS/Usage'
      ? quotas.quotas.find((q) => q.metric && findSeries([{ ...q.metric, value: q.value }], m))
      : undefined;
  if (!quota) return [];
  return metricPoints(stat, series, window).map((p) => ({ at: p.at, value: quota.value }));
}

/**
 * CloudWatch metrics. The installed @aws-sdk/client-cloudwatch speaks awsJson1_0 (query-compatible),
 * older clients the query protocol: the sandbox answers both.
 */
export const cloudwatch = defineService({
  name: 'cloudwatch',
  model: 'monitoring-2010-08-01',
  iamPrefix: 'cloudwatch',
  scope: 'regional',
  scenario: z.object({ metrics: z.array(metric).default([]) }),
  defaultPageSize: { GetMetricData: 500 },
  // Real GetMetricData pages by datapoints (MaxDatapoints); the sandbox pages by query results.
  paginators: {
    GetMetricData: { inputToken: 'NextToken', outputToken: 'NextToken', resultKey: 'MetricDataResults' },
  },
  handlers: {
    GetMetricData: ({ data, dataOf, input }) => {
      const quotas = dataOf('servicequotas') as ServiceQuotasData;
      const series = allSeries(data.metrics, quotas);
      const window = { start: input.StartTime as Date, end: input.EndTime as Date };
      const queries = (input.MetricDataQueries as Query[] | undefined) ?? [];
      const byId = new Map(queries.map((q) => [q.Id, q]));
      const ascending = input.ScanBy === 'TimestampAscending';
      return {
        MetricDataResults: queries
          .filter((q) => q.ReturnData !== false)
          .map((q) => {
            const datapoints = q.Expression
              ? expressionPoints(q.Expression, byId, series, quotas, window)
              : metricPoints(q.MetricStat, series, window);
            if (!ascending) datapoints.reverse();
            return {
              Id: q.Id,
              Label: q.Label ?? q.MetricStat?.Metric?.MetricName ?? q.Id,
              Timestamps: datapoints.map((p) => p.at),
              Values: datapoints.map((p) => p.value),
              StatusCode: 'Complete',
            };
          }),
        Messages: [],
      };
    },
    GetMetricStatistics: ({ data, dataOf, input }) => {
      const series = allSeries(data.metrics, dataOf('servicequotas') as ServiceQuotasData);
      const found = findSeries(series, input as Metric);
      const stats = (input.Statistics as string[] | undefined) ?? [];
      const datapoints = found
        ? points(found, input.StartTime as Date, input.EndTime as Date, Number(input.Period ?? 60))
        : [];
      return {
        Label: String(input.MetricName ?? ''),
        Datapoints: datapoints.map((p) => {
          const point: Record<string, unknown> = { Timestamp: p.at, Unit: found?.unit ?? 'None' };
          for (const s of stats) point[s] = s === 'SampleCount' ? 1 : p.value;
          return point;
        }),
      };
    },
  },
});
