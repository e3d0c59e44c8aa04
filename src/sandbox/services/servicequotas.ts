import { z } from 'zod';
import { AwsError, dateSpec, defineService, stableId } from './types.js';

const SERVICE_NAMES: Record<string, string> = {
  ebs: 'Amazon Elastic Block Store (Amazon EBS)',
  ec2: 'Amazon Elastic Compute Cloud (Amazon EC2)',
  elasticloadbalancing: 'Elastic Load Balancing (ELB)',
  lambda: 'AWS Lambda',
  vpc: 'Amazon Virtual Private Cloud (Amazon VPC)',
  iam: 'AWS Identity and Access Management (IAM)',
  rds: 'Amazon Relational Database Service (Amazon RDS)',
};

/** The service's display name, as Service Quotas spells it. */
export function serviceNameOf(code: string): string {
  return SERVICE_NAMES[code] ?? code;
}

const quota = z.object({
  serviceCode: z.string(),
  quotaCode: z.string().regex(/^L-[0-9A-F]{8}$/, 'expected a quota code like L-1216C47A'),
  name: z.string(),
  value: z.number().nonnegative(),
  unit: z.string().default('None'),
  adjustable: z.boolean().default(true),
  global: z.boolean().default(false),
  /** Current usage, served by CloudWatch GetMetricData for the usage metric below. Absent: no datapoints. */
  usage: z.number().nonnegative().optional(),
  /** The AWS/Usage metric; absent = a quota without usage metric. */
  metric: z
    .object({
      namespace: z.string().default('AWS/Usage'),
      name: z.string().default('ResourceCount'),
      dimensions: z.record(z.string(), z.string()).default({}),
      stat: z.string().default('Maximum'),
    })
    .optional(),
  /** Rate quotas (requests per period) carry a Period. */
  period: z.object({ value: z.number().int().positive(), unit: z.string() }).optional(),
});

const request = z.object({
  id: z.string().optional(),
  serviceCode: z.string(),
  quotaCode: z.string(),
  quotaName: z.string(),
  desiredValue: z.number(),
  status: z.enum([
    'PENDING',
    'CASE_OPENED',
    'APPROVED',
    'DENIED',
    'CASE_CLOSED',
    'NOT_APPROVED',
    'INVALID_REQUEST',
  ]),
  caseId: z.string().optional(),
  created: dateSpec.default('-3d'),
  lastUpdated: dateSpec.optional(),
  unit: z.string().default('None'),
  global: z.boolean().default(false),
});

export type SandboxQuota = z.output<typeof quota>;
export type ServiceQuotasData = { quotas: SandboxQuota[]; requests: Array<z.output<typeof request>> };

export function quotaArn(
  q: { serviceCode: string; quotaCode: string; global: boolean },
  region: string,
  accountId: string,
) {
  return `arn:aws:servicequotas:${q.global ? '' : region}:${accountId}:${q.serviceCode}/${q.quotaCode}`;
}

function quotaOut(q: SandboxQuota, region: string, accountId: string) {
  return {
    ServiceCode: q.serviceCode,
    ServiceName: SERVICE_NAMES[q.serviceCode] ?? q.serviceCode,
    QuotaArn: quotaArn(q, region, accountId),
    QuotaCode: q.quotaCode,
    QuotaName: q.name,
    Value: q.value,
    Unit: q.unit,
    Adjustable: q.adjustable,
    GlobalQuota: q.global,
    UsageMetric: q.metric
      ? {
          MetricNamespace: q.metric.namespace,
          MetricName: q.metric.name,
          MetricDimensions: q.metric.dimensions,
          MetricStatisticRecommendation: q.metric.stat,
        }
      : undefined,
    Period: q.period ? { PeriodValue: q.period.value, PeriodUnit: q.period.unit } : undefined,
    QuotaAppliedAtLevel: 'ACCOUNT',
  };
}

/** Service Quotas: applied quotas with usage metrics, and quota increase request history. */
export const servicequotas = defineService({
  name: 'servicequotas',
  model: 'service-quotas-2019-06-24',
  scope: 'regional',
  scenario: z.object({ quotas: z.array(quota).default([]), requests: z.array(request).default([]) }),
  handlers: {
    ListServices: ({ data }) => {
      const codes = new Set([...Object.keys(SERVICE_NAMES), ...data.quotas.map((q) => q.serviceCode)]);
      return {
        Services: [...codes]
          .sort()
          .map((code) => ({ ServiceCode: code, ServiceName: SERVICE_NAMES[code] ?? code })),
      };
    },
    ListServiceQuotas: ({ data, accountId, region, input }) => {
      const code = String(input.ServiceCode ?? '');
      if (!SERVICE_NAMES[code] && !data.quotas.some((q) => q.serviceCode === code)) {
        throw new AwsError('NoSuchResourceException', `The service code ${code} does not exist.`);
      }
      return {
        Quotas: data.quotas
          .filter((q) => q.serviceCode === code && (!input.QuotaCode || input.QuotaCode === q.quotaCode))
          .map((q) => quotaOut(q, region, accountId)),
      };
    },
    GetServiceQuota: ({ data, accountId, region, input }) => {
      const q = data.quotas.find(
        (x) => x.serviceCode === input.ServiceCode && x.quotaCode === input.QuotaCode,
      );
      if (!q) {
        throw new AwsError(
          'NoSuchResourceException',
          `The quota ${String(input.QuotaCode)} of ${String(input.ServiceCode)} does not exist.`,
        );
      }
      return { Quota: quotaOut(q, region, accountId) };
    },
    ListRequestedServiceQuotaChangeHistory: ({ data, accountId, region, date, input }) => ({
      RequestedQuotas: data.requests
        .filter(
          (r) =>
            (!input.ServiceCode || input.ServiceCode === r.serviceCode) &&
            (!input.Status || input.Status === r.status),
        )
        .map((r, index) => ({
          Id: r.id ?? stableId(`${accountId}/${region}/quota-request/${index}`, 32),
          CaseId:
            r.caseId ?? (r.status === 'PENDING' ? undefined : stableId(`${accountId}/${index}/case`, 10)),
          ServiceCode: r.serviceCode,
          ServiceName: SERVICE_NAMES[r.serviceCode] ?? r.serviceCode,
          QuotaCode: r.quotaCode,
          QuotaName: r.quotaName,
          DesiredValue: r.desiredValue,
          Status: r.status,
          Created: date(r.created),
          LastUpdated: date(r.lastUpdated ?? r.created),
          Requester: `arn:aws:iam::${accountId}:user/ops`,
          QuotaArn: quotaArn({ ...r, global: r.global }, region, accountId),
          GlobalQuota: r.global,
          Unit: r.unit,
          QuotaRequestedAtLevel: 'ACCOUNT',
        })),
    }),
  },
});
