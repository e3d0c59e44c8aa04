/**
 * AWS Health's version catalog: `DescribeServiceLifecycle` (JSON 1.1, `AWSHealth_20160804`), documented at
 * https://docs.aws.amazon.com/health/latest/APIReference/API_DescribeServiceLifecycle.html.
 *
 * The @aws-sdk/client-health installed here (3.1047) predates the operation, so this module declares
 * the command the way the SDK declares its own (a smithy schema + the client's endpoint plugin) and
 * sends it through the ordinary HealthClient: credentials, retries, endpoint override and middleware
 * are the client's. When the SDK ships `DescribeServiceLifecycleCommand`, import it instead of this
 * class; the input and output shapes are the documented ones.
 */
import type { HealthClient } from '@aws-sdk/client-health';
import { Command as $Command } from '@smithy/core/client';
import { getEndpointPlugin } from '@smithy/core/endpoints';

export interface ServiceLifecycleFilter {
  /** AWS service name as Health spells it (`LAMBDA`, `RDS`, `EKS`, `ELASTICACHE`...), 2–30 characters. */
  service?: string;
}

export interface DescribeServiceLifecycleInput {
  filter?: ServiceLifecycleFilter;
  /** 1–20. */
  maxResults?: number;
  nextToken?: string;
}

export interface LifecycleEvent {
  /** END_OF_SUPPORT, BLOCK_RESOURCE_CREATE, BLOCK_RESOURCE_UPDATE... */
  lifecycleEventType?: string;
  date?: Date;
  description?: string;
  /** END_OF_SUPPORT, BILLING, AVAILABILITY. */
  impactRisks?: string[];
  /** Regions the event applies to; `all` for every Region. */
  regions?: string[];
}

export interface ServiceLifecycle {
  service?: string;
  version?: string;
  title?: string;
  recommendedVersion?: string;
  lifecycleEvents?: LifecycleEvent[];
}

export interface DescribeServiceLifecycleOutput {
  serviceLifecycles?: ServiceLifecycle[];
  nextToken?: string;
  $metadata: { httpStatusCode?: number; requestId?: string };
}

// Smithy schema tuples as the SDK's generated schemas_0.js writes them:
// [3 structure | 1 list | 9 operation, namespace, name, traits, members...]; member types 0 string,
// 1 number, 4 timestamp (epoch seconds on JSON 1.1), 64|0 list of strings.
const NS = 'com.amazonaws.health';
const STRING_LIST = 64 | 0;
const ServiceLifecycleFilter$ = [3, NS, 'ServiceLifecycleFilter', 0, ['service'], [0]];
const Request$ = [
  3,
  NS,
  'DescribeServiceLifecycleRequest',
  0,
  ['filter', 'maxResults', 'nextToken'],
  [() => ServiceLifecycleFilter$, 1, 0],
];
const LifecycleEvent$ = [
  3,
  NS,
  'LifecycleEvent',
  0,
  ['date', 'description', 'impactRisks', 'lifecycleEventType', 'regions'],
  [4, 0, STRING_LIST, 0, STRING_LIST],
];
const LifecycleEventList = [1, NS, 'LifecycleEventList', 0, () => LifecycleEvent$];
const ServiceLifecycle$ = [
  3,
  NS,
  'ServiceLifecycle',
  0,
  ['lifecycleEvents', 'recommendedVersion', 'service', 'title', 'version'],
  [() => LifecycleEventList, 0, 0, 0, 0],
];
const ServiceLifecycleList = [1, NS, 'ServiceLifecycleList', 0, () => ServiceLifecycle$];
const Response$ = [
  3,
  NS,
  'DescribeServiceLifecycleResponse',
  0,
  ['nextToken', 'serviceLifecycles'],
  [0, () => ServiceLifecycleList],
];
const DescribeServiceLifecycle$ = [9, NS, 'DescribeServiceLifecycle', 0, () => Request$, () => Response$];

/** Endpoint parameters of the Health client (its `commonParams`). */
const endpointParams = {
  UseFIPS: { type: 'builtInParams', name: 'useFipsEndpoint' },
  Endpoint: { type: 'builtInParams', name: 'endpoint' },
  Region: { type: 'builtInParams', name: 'region' },
  UseDualStack: { type: 'builtInParams', name: 'useDualstackEndpoint' },
} as const;

/**
 * `health:DescribeServiceLifecycle`, sent with `healthClient.send(new DescribeServiceLifecycleCommand(input))`.
 *
 * @example
 *   const out = await health.send(new DescribeServiceLifecycleCommand({ filter: { service: 'LAMBDA' } }));
 */
export class DescribeServiceLifecycleCommand extends $Command
  .classBuilder<
    DescribeServiceLifecycleInput,
    DescribeServiceLifecycleOutput,
    // biome-ignore lint/suspicious/noExplicitAny: the client's resolved config type is internal to the SDK package.
    any,
    // biome-ignore lint/suspicious/noExplicitAny: as above.
    any,
    // biome-ignore lint/suspicious/noExplicitAny: as above.
    any
  >()
  .ep(endpointParams)
  .m((command, _cs, config) => [
    // As in the SDK's own commands: the first argument is the command class with its endpoint instructions.
    getEndpointPlugin(
      config,
      (command as { getEndpointParameterInstructions(): never }).getEndpointParameterInstructions(),
    ),
  ])
  .s('AWSHealth_20160804', 'DescribeServiceLifecycle', {})
  .n('HealthClient', 'DescribeServiceLifecycleCommand')
  .sc(DescribeServiceLifecycle$ as never)
  .build() {}

/** Documented bound of `maxResults`. */
export const SERVICE_LIFECYCLE_PAGE_SIZE = 20;

/** Every version-catalog entry for `service`, following `nextToken` to the end. */
export async function listServiceLifecycles(
  health: HealthClient,
  service: string,
  options: { signal?: AbortSignal } = {},
): Promise<ServiceLifecycle[]> {
  const entries: ServiceLifecycle[] = [];
  let nextToken: string | undefined;
  do {
    const out = (await health.send(
      new DescribeServiceLifecycleCommand({
        filter: { service },
        maxResults: SERVICE_LIFECYCLE_PAGE_SIZE,
        ...(nextToken ? { nextToken } : {}),
      }) as never,
      options.signal ? { abortSignal: options.signal } : {},
    )) as DescribeServiceLifecycleOutput;
    entries.push(...(out.serviceLifecycles ?? []));
    nextToken = out.nextToken;
  } while (nextToken);
  return entries;
}
