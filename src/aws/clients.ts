import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { AwsClientClass } from './client-class.js';

/** How the scan talks to AWS: credentials, endpoint, retries, sockets. */
export interface AwsOptions {
  /** Named profile (SSO profiles included); else the default credential chain. */
  profile?: string;
  /** Endpoint override for every service (`--endpoint-url`); else the SDK reads AWS_ENDPOINT_URL itself. */
  endpoint?: string;
  /** Region for account-level calls (STS, Organizations, DescribeRegions). Default: AWS_REGION, else us-east-1. */
  region?: string;
  /** Explicit credentials (tests, benchmarks); else `profile` / the default chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** SDK attempts per call, including the first (default 5). */
  maxAttempts?: number;
  /** `standard` (exponential backoff with jitter) or `adaptive` (adds client-side rate limiting). Default standard. */
  retryMode?: 'standard' | 'adaptive';
  /** Upper bound of open sockets, shared by every client (default 128). */
  maxSockets?: number;
}

/** Called around every HTTP attempt (retries included): the engine's rate limiting and call counting. */
export interface AttemptHooks {
  before?(call: CallInfo): Promise<void> | void;
  after?(call: CallInfo, error: unknown): void;
}

export interface CallInfo {
  accountId: string;
  region: string;
  /** Client name without the `Client` suffix: `ACM`, `EC2`, `ServiceQuotas`. */
  service: string;
  /** Command name without the `Command` suffix: `ListCertificates`. */
  action: string;
}

/** Resolves the region from options and environment the way the AWS CLI does. */
export function defaultRegion(options: { region?: string }, env: NodeJS.ProcessEnv = process.env): string {
  return options.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
}

/** Credentials for one account: the caller's own, or a role assumed into it. */
export type Credentials = AwsCredentialIdentityProvider;

/**
 * Shared AWS plumbing of one scan: one keep-alive HTTP handler with bounded sockets for every
 * client, the base credentials, and the retry policy. Clients are created through account pools
 * so they can be released when an account is done.
 */
export class AwsSession {
  readonly region: string;
  readonly endpoint: string | undefined;
  private readonly handler: NodeHttpHandler;
  private readonly base: AwsCredentialIdentityProvider;
  private readonly maxAttempts: number;
  private readonly retryMode: 'standard' | 'adaptive';

  private hooks: AttemptHooks;

  constructor(
    readonly options: AwsOptions = {},
    hooks: AttemptHooks = {},
  ) {
    this.hooks = hooks;
    this.region = defaultRegion(options);
    this.endpoint = options.endpoint;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryMode = options.retryMode ?? 'standard';
    const maxSockets = options.maxSockets ?? 128;
    const agentOptions = {
      keepAlive: true,
      maxSockets,
      maxFreeSockets: maxSockets,
      scheduling: 'lifo' as const,
    };
    this.handler = new NodeHttpHandler({
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
      connectionTimeout: 10_000,
      requestTimeout: 60_000,
    });
    const given = options.credentials;
    this.base =
      typeof given === 'function'
        ? given
        : given
          ? async () => given
          : fromNodeProviderChain({
              ...(options.profile ? { profile: options.profile } : {}),
              clientConfig: { region: this.region },
            });
  }

  /** The caller's own credentials (profile / default chain). */
  get baseCredentials(): AwsCredentialIdentityProvider {
    return this.base;
  }

  private resolved: Record<string, unknown> = {};

  /**
   * Resolves, once, the settings every SDK client would otherwise look up in the environment and
   * ~/.aws/config on construction (FIPS, dual-stack, app id, auth scheme preference, defaults
   * mode). Same values, read once: a scan builds thousands of clients.
   */
  async prepare(): Promise<void> {
    const probe = new STSClient({
      ...this.clientConfig(this.region, this.base),
      ...(this.options.profile ? { profile: this.options.profile } : {}),
    });
    const config = probe.config as unknown as Record<string, () => Promise<unknown>>;
    const read = async (key: string) => (typeof config[key] === 'function' ? await config[key]() : undefined);
    const [useFipsEndpoint, useDualstackEndpoint, userAgentAppId, authSchemePreference, defaultsMode] =
      await Promise.all(
        [
          'useFipsEndpoint',
          'useDualstackEndpoint',
          'userAgentAppId',
          'authSchemePreference',
          'defaultsMode',
        ].map(read),
      );
    this.resolved = {
      useFipsEndpoint,
      useDualstackEndpoint,
      userAgentAppId: async () => userAgentAppId,
      ...(authSchemePreference !== undefined ? { authSchemePreference } : {}),
      ...(defaultsMode !== undefined ? { defaultsMode } : {}),
    };
  }

  /** SDK client config shared by every client of this session. */
  clientConfig(region: string, credentials: AwsCredentialIdentityProvider): Record<string, unknown> {
    return {
      ...this.resolved,
      region,
      credentials,
      requestHandler: this.handler,
      maxAttempts: this.maxAttempts,
      retryMode: this.retryMode,
      ...(this.endpoint ? { endpoint: this.endpoint } : {}),
    };
  }

  /** Replaces the attempt hooks for clients created from now on (a scan installs its own). */
  setHooks(hooks: AttemptHooks): void {
    this.hooks = hooks;
  }

  get attemptHooks(): AttemptHooks {
    return this.hooks;
  }

  /** A client pool for one account; `release()` it when the account is done. */
  pool(accountId: string, credentials: AwsCredentialIdentityProvider = this.base): ClientPool {
    return new ClientPool(this, accountId, credentials);
  }

  /** Closes the sockets; the session cannot be used afterwards. */
  destroy(): void {
    this.handler.destroy();
  }
}

/**
 * One SDK client per region and service for one account, created on first use and reused.
 * Clients share the session's HTTP handler, so dropping them frees memory without closing sockets.
 */
export class ClientPool {
  private clients = new Map<string, unknown>();

  constructor(
    private readonly session: AwsSession,
    readonly accountId: string,
    readonly credentials: AwsCredentialIdentityProvider,
  ) {}

  client<T>(clientClass: AwsClientClass<T>, region: string): T {
    const key = `${clientClass.name}\u0000${region}`;
    const existing = this.clients.get(key);
    if (existing) return existing as T;
    const client = new clientClass(this.session.clientConfig(region, this.credentials));
    attachHooks(
      client,
      { accountId: this.accountId, region, service: serviceName(clientClass.name) },
      this.session.attemptHooks,
    );
    this.clients.set(key, client);
    return client;
  }

  get size(): number {
    return this.clients.size;
  }

  /** Forgets every client (their sockets stay in the shared keep-alive pool). */
  release(): void {
    this.clients.clear();
  }
}

function serviceName(className: string): string {
  return className.replace(/Client$/, '');
}

interface MiddlewareHost {
  middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: 'finalizeRequest'; name: string; priority: 'low' },
    ): void;
  };
}

function attachHooks(client: unknown, where: Omit<CallInfo, 'action'>, hooks: AttemptHooks): void {
  if (!hooks.before && !hooks.after) return;
  // finalizeRequest/low sits inside the retry middleware: the hooks see every attempt, so throttled
  // retries take a rate token too and are counted.
  (client as MiddlewareHost).middlewareStack.add(
    (next, context) => async (args) => {
      const call: CallInfo = { ...where, action: (context.commandName ?? '').replace(/Command$/, '') };
      if (hooks.before) await hooks.before(call);
      try {
        const result = await next(args);
        hooks.after?.(call, undefined);
        return result;
      } catch (error) {
        hooks.after?.(call, error);
        throw error;
      }
    },
    { step: 'finalizeRequest', name: 'opsradarAttemptHooks', priority: 'low' },
  );
}
