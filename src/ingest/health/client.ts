import { promises as dns } from 'node:dns';
import { HealthClient } from '@aws-sdk/client-health';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * The AWS Health API runs active/passive in two regions. `global.health.amazonaws.com` is a DNS
 * CNAME to the active regional endpoint (health.us-east-1.amazonaws.com, or health.us-east-2 after a
 * failover); requests must be signed for that region. The China partition has its own global name.
 */
export const GLOBAL_HEALTH_HOSTS = {
  aws: { host: 'global.health.amazonaws.com', regions: ['us-east-1', 'us-east-2'] },
  'aws-cn': { host: 'global.health.amazonaws.com.cn', regions: ['cn-northwest-1', 'cn-north-1'] },
} as const;
export type HealthPartition = keyof typeof GLOBAL_HEALTH_HOSTS;

export type CnameResolver = (host: string) => Promise<string[]>;

/** The region of the active endpoint, read from the CNAME (`health.us-east-2.amazonaws.com.`); null when unknown. */
export async function activeHealthRegion(
  partition: HealthPartition = 'aws',
  resolveCname: CnameResolver = (host) => dns.resolveCname(host),
): Promise<string | null> {
  const { host, regions } = GLOBAL_HEALTH_HOSTS[partition];
  try {
    const answers = await resolveCname(host);
    for (const name of answers) {
      const region = /^health\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\.?$/u.exec(name.toLowerCase())?.[1];
      if (region && (regions as readonly string[]).includes(region)) return region;
    }
  } catch {
    // No answer (no network, resolver down): fall back to the documented default order.
  }
  return null;
}

/** One regional endpoint of the Health API; `endpoint` is set only when overridden (sandbox, proxies). */
export interface HealthEndpoint {
  region: string;
  endpoint?: string;
}

export interface HealthEndpointOptions {
  /** `--endpoint-url`; else AWS_ENDPOINT_URL_HEALTH, else AWS_ENDPOINT_URL. Skips the DNS lookup. */
  endpoint?: string;
  /** A second endpoint to fail over to when `endpoint` is set (tests, private proxies). */
  failoverEndpoint?: string;
  partition?: HealthPartition;
  resolveCname?: CnameResolver;
  env?: NodeJS.ProcessEnv;
}

/**
 * The endpoints to try, in order: the active one first, then the passive one. With an endpoint
 * override the override (then `failoverEndpoint`) is used, signed for the partition's first region.
 */
export async function healthEndpoints(options: HealthEndpointOptions = {}): Promise<HealthEndpoint[]> {
  const env = options.env ?? process.env;
  const partition = options.partition ?? 'aws';
  const [primary, secondary] = GLOBAL_HEALTH_HOSTS[partition].regions;
  const override = options.endpoint ?? env.AWS_ENDPOINT_URL_HEALTH ?? env.AWS_ENDPOINT_URL;
  if (override) {
    const list: HealthEndpoint[] = [{ region: primary, endpoint: override }];
    if (options.failoverEndpoint) list.push({ region: secondary, endpoint: options.failoverEndpoint });
    return list;
  }
  const active = await activeHealthRegion(partition, options.resolveCname);
  const order = active === secondary ? [secondary, primary] : [primary, secondary];
  return order.map((region) => ({ region }));
}

/** Errors that mean "this endpoint is not answering", as opposed to an answer we must respect. */
export function isEndpointFailure(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { code?: unknown; name?: unknown; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === 'number') return status >= 500;
  const code = typeof e.code === 'string' ? e.code : typeof e.name === 'string' ? e.name : '';
  return /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|TimeoutError|RequestTimeout)$/u.test(
    code,
  );
}

/**
 * A Health API client that follows the documented failover: it starts on the active endpoint and,
 * when that one stops answering (network error, 5xx after the SDK's retries), moves to the other
 * region and stays there. Counts calls for the coverage report.
 */
export class HealthApi {
  private index = 0;
  private readonly clients: HealthClient[];
  calls = 0;
  failovers = 0;

  constructor(
    readonly endpoints: readonly HealthEndpoint[],
    config: { credentials: AwsCredentialIdentityProvider; maxAttempts?: number; requestHandler?: unknown },
  ) {
    if (endpoints.length === 0) throw new Error('no Health API endpoint');
    this.clients = endpoints.map(
      (ep) =>
        new HealthClient({
          region: ep.region,
          credentials: config.credentials,
          maxAttempts: config.maxAttempts ?? 5,
          ...(config.requestHandler ? { requestHandler: config.requestHandler as never } : {}),
          ...(ep.endpoint ? { endpoint: ep.endpoint } : {}),
        }),
    );
  }

  /** The region currently in use. */
  get region(): string {
    return this.endpoints[this.index]?.region ?? '';
  }

  async call<T>(fn: (client: HealthClient) => Promise<T>): Promise<T> {
    for (;;) {
      const client = this.clients[this.index] as HealthClient;
      this.calls += 1;
      try {
        return await fn(client);
      } catch (error) {
        if (isEndpointFailure(error) && this.index + 1 < this.clients.length) {
          this.index += 1;
          this.failovers += 1;
          continue;
        }
        throw error;
      }
    }
  }

  destroy(): void {
    for (const client of this.clients) client.destroy();
  }
}
