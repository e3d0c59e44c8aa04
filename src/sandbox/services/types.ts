import type { z } from 'zod';
import type { Paginator } from '../model.js';
import type { Scenario, ScenarioAccount } from '../scenario-types.js';

export { AwsError, arn, dateSpec, resolveDate, stableId, stableUuid } from '../helpers.js';
export type { Paginator } from '../model.js';

/**
 * One AWS service the sandbox simulates: its AWS model, the zod schema of its part of a scenario,
 * and one handler per operation. Adding a service = one file `src/sandbox/services/<name>.ts`
 * exporting a `SandboxService` + one line in the sorted registry `src/sandbox/services/index.ts`.
 *
 * The wire protocol (json, rest-json, query, ec2), request parsing, response serialization,
 * pagination, errors, throttling and the call record are all generic: a handler only turns the
 * parsed input and the scenario data into a plain output object in the model's output shape.
 * Throw `AwsError(code, message, { status })` for an AWS error. Never mutate `data`: defaults
 * are shared between accounts.
 *
 * Several files may serve one AWS API (e.g. `ec2.ts` serves regions and Reserved Instances,
 * another engineer's `ec2-events.ts` adds `DescribeInstanceStatus`): give each its own `name`
 * (its scenario key) and the same `model`; each operation is dispatched to the file that has a
 * handler for it (first in registry order), and `ctx.dataOf('ec2')` reads the other file's data.
 *
 * The installed v3 client, not the v2 model, decides the wire protocol: when a client speaks
 * another one than `metadata.protocol` of the model (CloudWatch: awsJson1_0 query-compatible),
 * add it to `JSON_COMPAT` in `../server.ts`; the sandbox then answers both.
 *
 * @example
 * ```ts
 * export const acm = defineService({
 *   name: 'acm',
 *   model: 'acm-2015-12-08',
 *   scope: 'regional',
 *   scenario: z.object({ certificates: z.array(certificate).default([]) }),
 *   handlers: {
 *     ListCertificates: ({ data }) => ({ CertificateSummaryList: data.certificates.map(summary) }),
 *   },
 * });
 * ```
 */
export interface SandboxService<D = unknown> {
  /**
   * The service's key in a scenario (`regions.<region>.<name>` / `global.<name>`) and in the
   * registry, unique. By convention the short service name (`acm`, `ec2`, `cloudwatch`,
   * `opensearch`); requests are routed by the model's signing name, protocol and operation, not by it.
   */
  readonly name: string;
  /** File name (without `.min.json`) of the AWS model in `data/aws-models/` (vendored by `scripts/refresh-aws-models.ts`). */
  readonly model: string;
  /**
   * The IAM service prefix of its actions, when it differs from the signing name
   * (CloudWatch signs as `monitoring` but its actions are `cloudwatch:*`). Call records use it,
   * so `${call.service}:${call.action}` is the IAM action.
   */
  readonly iamPrefix?: string;
  /**
   * `regional`: data per account and region (`accounts[].regions.<region>.<name>`).
   * `global`: data per account (`accounts[].global.<name>`), answered in any region unless
   * `regions` restricts it (Route 53 Domains: us-east-1 only).
   */
  readonly scope: 'regional' | 'global';
  /** Regions where the endpoint exists; other regions get a connection-level style error. */
  readonly regions?: readonly string[];
  /**
   * Zod schema of this service's scenario data. It must accept `{}` (a region or account that
   * says nothing about the service): give every field a default. Dates inside are usually
   * `relativeDate` strings (`12d`, `-3d`, `6h`, ISO) resolved against the sandbox clock.
   */
  readonly scenario: z.ZodType<D>;
  /** One handler per AWS operation name (`ListCertificates`); others get the protocol's unknown-operation error. */
  readonly handlers: Readonly<Record<string, Handler<D>>>;
  /**
   * Page size used when the caller gives no limit (by operation name; default: the sandbox's
   * `pageSize`). Real AWS page sizes differ per API; a small one makes scanners paginate.
   */
  readonly defaultPageSize?: Readonly<Record<string, number>>;
  /**
   * Pagination for operations the model's `*.paginators.json` does not describe (Savings Plans),
   * by operation name; `null` turns the model's off.
   */
  readonly paginators?: Readonly<Record<string, Paginator | null>>;
}

/** Parsed request input: member names of the model's input shape; timestamps as Date, numbers as number. */
export type HandlerInput = Readonly<Record<string, unknown>>;

/**
 * What a handler returns: an object in the model's output shape (member names as in the model).
 * Timestamps may be Date, ISO strings or epoch seconds; `undefined` / absent members are omitted
 * from the response, exactly as AWS leaves out unset optional fields. Return the FULL list for
 * paginated operations: the sandbox slices it by the model's paginator config and the caller's
 * token and limit.
 */
export type HandlerOutput = Record<string, unknown>;

export interface HandlerContext<D> {
  /** The account whose access key signed the request. */
  readonly accountId: string;
  readonly region: string;
  /** This service's scenario data for (account, region) — or (account) for global services — parsed by `scenario`. */
  readonly data: D;
  /**
   * Another service's data for the same account and region, e.g. `dataOf('ec2')` from a file
   * that adds EC2 operations (cast to that service's exported data type).
   */
  readonly dataOf: (serviceName: string) => unknown;
  readonly account: ScenarioAccount;
  readonly scenario: Scenario;
  /** The sandbox clock (fixed in tests via `startSandbox({ now })`). */
  readonly now: Date;
  /** Resolves a scenario date (`12d`, `-3d`, ISO) against `now`. */
  readonly date: (value: string | Date) => Date;
  readonly input: HandlerInput;
  /** The caller: the access key id and, for keys from AssumeRole, the assumed role. */
  readonly caller: CallerIdentity;
  /** Issue temporary credentials (used by STS). */
  readonly issueCredentials: (identity: Omit<CallerIdentity, 'accessKeyId'>) => string;
}

export interface CallerIdentity {
  readonly accessKeyId: string;
  readonly accountId: string;
  /** Set for credentials from AssumeRole. */
  readonly roleName?: string;
  readonly sessionName?: string;
}

export type Handler<D> = (ctx: HandlerContext<D>) => HandlerOutput | Promise<HandlerOutput>;

/** Types a service's handlers with its parsed scenario data; returns it ready for the registry. */
export function defineService<D>(service: SandboxService<D>): SandboxService {
  return service as unknown as SandboxService;
}
