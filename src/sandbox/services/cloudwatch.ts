import { z } from 'zod';
import type { ServiceQuotasData } from './servicequotas.js';
import { defineService } from './types.js';

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
interface MetricStat {
  Metric?: { Namespace?: string; MetricName?: string; Dimensions?: Dimension[] };
  Period?: number;
  Stat?: string;
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
      const series = allSeries(data.metrics, dataOf('servicequotas') as ServiceQuotasData);
      const start = input.StartTime as Date;
      const end = input.EndTime as Date;
      const ascending = input.ScanBy === 'TimestampAscending';
      const queries =
        (input.MetricDataQueries as Array<{ Id?: string; Label?: string; MetricStat?: MetricStat }>) ?? [];
      return {
        MetricDataResults: queries.map((q) => {
          const stat = q.MetricStat;
          const m = stat?.Metric;
          const found = m
            ? series.find(
                (s) =>
                  s.namespace === m.Namespace &&
                  s.name === m.MetricName &&
                  sameDimensions(s.dimensions, m.Dimensions),
              )
            : undefined;
          const datapoints = found ? points(found, start, end, stat?.Period ?? 60) : [];
          if (!ascending) datapoints.reverse();
          return {
            Id: q.Id,
            Label: q.Label ?? m?.MetricName,
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
      const dims = input.Dimensions as Dimension[] | undefined;
      const found = series.find(
        (s) =>
          s.namespace === input.Namespace &&
          s.name === input.MetricName &&
          sameDimensions(s.dimensions, dims),
      );
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
