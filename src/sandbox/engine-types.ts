/** The sandbox engine's shapes: what it records per call, its options, and how a request is bound to a service. */
import type { Knobs } from './knobs.js';
import type { Operation, Protocol, ServiceModel } from './model.js';
import type { SandboxService } from './services/types.js';

/** One call the sandbox answered. `${service}:${action}` is the IAM action. */
export interface SandboxCall {
  /** IAM service prefix (`acm`, `ec2`, `cloudwatch`...). */
  readonly service: string;
  /** Operation name (`ListCertificates`). */
  readonly action: string;
  readonly accountId: string;
  readonly region: string;
  /** UTC ISO-8601. */
  readonly at: string;
  /** AWS error code when the call failed (`ThrottlingException`, `AccessDenied`...). */
  readonly error?: string;
}

/** Counters kept even when calls are not recorded (benchmarks). */
export interface SandboxStats {
  total: number;
  errors: number;
  throttled: number;
  denied: number;
  /** By IAM action (`ec2:DescribeRegions`). */
  byAction: Record<string, number>;
}

export interface EngineOptions {
  knobs?: Knobs;
  /** `true` (default): keep every call in `calls`; `'count'`: only `stats`; `false`: nothing. */
  recordCalls?: boolean | 'count';
  /** Oldest calls are dropped beyond this many (default 100,000). */
  maxRecordedCalls?: number;
  /** Page size when the caller gives no limit (default 100). */
  pageSize?: number;
  now?: Date;
}

/**
 * Installed v3 clients that speak another protocol than the aws-sdk v2 model says
 * (the installed client, not the v2 model, decides the wire protocol).
 * CloudWatch: @aws-sdk/client-cloudwatch ≥ 3.9xx sends awsJson1_0 with awsQueryCompatible.
 */
export const JSON_COMPAT: Record<
  string,
  { targetPrefix: string; jsonVersion: string; queryCompatible: boolean }
> = {
  'monitoring-2010-08-01': {
    targetPrefix: 'GraniteServiceVersion20100801',
    jsonVersion: '1.0',
    queryCompatible: true,
  },
};

export interface Bound {
  service: SandboxService;
  model: ServiceModel;
  iamPrefix: string;
}

export interface Resolved {
  bound: Bound;
  protocol: Protocol;
  op?: Operation;
  action: string;
  input: Record<string, unknown>;
  jsonVersion?: string;
  queryCompatible?: boolean;
}
