import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { HttpRequest } from '@smithy/core/protocols';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Endpoint } from '@smithy/types';
import {
  BINDING,
  BINDING_HEADER,
  type Binding,
  bind,
  SignerProvider,
  type SigningConfig,
  unbind,
  unbound,
} from './account-signing.js';
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
  /** Milliseconds a request may wait for its response before it fails and is retried (default 60,000). */
  requestTimeout?: number;
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

  private readonly hooks: AttemptHooks;

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
      requestTimeout: options.requestTimeout ?? 60_000,
      // Without it the handler only logs a warning and a stalled request waits for the socket's
      // 15-minute default: one silent endpoint would hold a scan's account-region that long.
      throwOnRequestTimeout: true,
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
   * mode). Same values, read once: a scan builds thousands of clients. A session shared by
   * several scans (a worker's jobs) reads them for the first only.
   */
  prepare(): Promise<void> {
    this.preparing ??= this.readSettings().catch((error: unknown) => {
      this.preparing = undefined;
      throw error;
    });
    return this.preparing;
  }

  private preparing: Promise<void> | undefined;

  private async readSettings(): Promise<void> {
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
      ...(this.endpoint ? { endpoint: this.parsedEndpoint } : {}),
    };
  }

  /**
   * The endpoint override, parsed once: given as a string, the SDK parses it again on every call.
   * A URL with a query string stays a string (the parsed form has no place for it).
   */
  private get parsedEndpoint(): string | Endpoint | undefined {
    if (!this.endpoint) return undefined;
    if (this.endpointV1 === undefined) {
      const url = new URL(this.endpoint);
      this.endpointV1 = url.search
        ? this.endpoint
        : {
            protocol: url.protocol,
            hostname: url.hostname,
            ...(url.port ? { port: Number(url.port) } : {}),
            path: url.pathname,
          };
    }
    return this.endpointV1;
  }

  private endpointV1: string | Endpoint | undefined;

  get attemptHooks(): AttemptHooks {
    return this.hooks;
  }

  /**
   * A client pool for one account; `release()` it when the account is done. `hooks`, when given,
   * replace the session's for this pool's calls: scans sharing one session each count and pace their own.
   */
  pool(
    accountId: string,
    credentials: AwsCredentialIdentityProvider = this.base,
    hooks?: AttemptHooks,
  ): ClientPool {
    const binding = bind(accountId, credentials);
    if (hooks) poolHooks.set(binding, hooks);
    return new ClientPool(this, binding);
  }

  private readonly shared = new Map<AwsClientClass<unknown>, Map<string, unknown>>();

  /**
   * The one client of a service in a region, shared by every account: building a client costs
   * more than a call, and a scan makes about one call per client otherwise. The account (its
   * credentials, and the account id the hooks see) travels with each command; see `bind`.
   */
  sharedClient<T>(clientClass: AwsClientClass<T>, region: string): T {
    return perClassAndRegion(this.shared, clientClass, region, () =>
      this.newSharedClient(clientClass, region),
    );
  }

  private newSharedClient<T>(clientClass: AwsClientClass<T>, region: string): T {
    const signing = new SignerProvider(region);
    const client = new clientClass({
      ...this.clientConfig(region, unbound),
      // One resolved middleware chain per command class instead of one per call; the account
      // travels with the command itself (see prepareShared), never in the shared context.
      cacheMiddleware: true,
      signer: signing.signer,
    });
    signing.config = (client as unknown as { config: SigningConfig }).config;
    prepareShared(client, { region, service: serviceName(clientClass.name) }, this);
    return client;
  }

  /** Closes the sockets; the session cannot be used afterwards. */
  destroy(): void {
    this.shared.clear();
    this.handler.destroy();
  }
}

/** Hooks of pools that bring their own (see `AwsSession.pool`). */
const poolHooks = new WeakMap<Binding, AttemptHooks>();

/**
 * One account's clients: views of the session's shared clients whose `send` tags each command
 * with the account. A prototype view, not a Proxy, so paginators' `instanceof` checks still hold.
 */
export class ClientPool {
  private views = new Map<AwsClientClass<unknown>, Map<string, unknown>>();

  constructor(
    private readonly session: AwsSession,
    private readonly binding: Binding,
  ) {}

  get accountId(): string {
    return this.binding.accountId;
  }

  get credentials(): AwsCredentialIdentityProvider {
    return this.binding.credentials;
  }

  client<T>(clientClass: AwsClientClass<T>, region: string): T {
    return perClassAndRegion(this.views, clientClass, region, () => this.newView(clientClass, region));
  }

  private newView<T>(clientClass: AwsClientClass<T>, region: string): T {
    const shared = this.session.sharedClient(clientClass, region) as unknown as Sender;
    const binding = this.binding;
    const view = Object.create(shared, {
      send: {
        value: (command: object, ...rest: unknown[]) => {
          (command as Record<symbol, Binding>)[BINDING] = binding;
          return shared.send(command, ...rest);
        },
      },
    }) as T;
    return view;
  }

  get size(): number {
    let n = 0;
    for (const byRegion of this.views.values()) n += byRegion.size;
    return n;
  }

  /** Forgets the views and the account's credentials (shared clients and sockets stay with the session). */
  release(): void {
    this.views.clear();
    unbind(this.binding);
  }
}

interface Sender {
  send(command: object, ...rest: unknown[]): Promise<unknown>;
}

/** The client of `clientClass` in `region` kept in `byClass`, made by `make` on first use. */
function perClassAndRegion<T>(
  byClass: Map<AwsClientClass<unknown>, Map<string, unknown>>,
  clientClass: AwsClientClass<T>,
  region: string,
  make: () => T,
): T {
  let byRegion = byClass.get(clientClass);
  if (!byRegion) {
    byRegion = new Map();
    byClass.set(clientClass, byRegion);
  }
  if (byRegion.has(region)) return byRegion.get(region) as T;
  const client = make();
  byRegion.set(region, client);
  return client;
}

function serviceName(className: string): string {
  return className.replace(/Client$/, '');
}

interface SmithyContext {
  commandName?: string;
}

type Middleware = (
  next: (args: unknown) => Promise<unknown>,
  context: SmithyContext,
) => (args: unknown) => Promise<unknown>;

interface MiddlewareHost {
  middlewareStack: {
    add(
      middleware: Middleware,
      options: { step: 'initialize' | 'build' | 'finalizeRequest'; name: string; priority?: 'high' | 'low' },
    ): void;
    remove(name: string): boolean;
  };
}

/**
 * The account of a command. At the initialize step the args are the command itself; each later
 * step's args are a copy of them (`{ ...args, request }`), which keeps the symbol. Never read from
 * the context: with `cacheMiddleware` one context serves every command of a class.
 */
function bindingOf(args: unknown, context: SmithyContext): Binding {
  const binding = (args as Record<symbol, Binding | undefined>)[BINDING];
  if (!binding)
    throw new Error(`${context.commandName ?? 'command'} sent without an account (use a ClientPool)`);
  return binding;
}

/** `ListCertificatesCommand` → `ListCertificates`, computed once per command. */
const actions = new Map<string, string>();
function actionOf(commandName = ''): string {
  let action = actions.get(commandName);
  if (action === undefined) {
    action = commandName.replace(/Command$/, '');
    actions.set(commandName, action);
  }
  return action;
}

/**
 * Makes a client shareable between accounts: refuses commands sent without an account, marks
 * each request with its account for AccountSigner, and calls the session's hooks around every
 * attempt. The logger and
 * recursion-detection middleware go: nothing is logged, and the scan never runs in Lambda.
 */
function prepareShared(
  client: unknown,
  where: Omit<CallInfo, 'action' | 'accountId'>,
  session: AwsSession,
): void {
  const stack = (client as MiddlewareHost).middlewareStack;
  stack.remove('loggerMiddleware');
  stack.remove('recursionDetectionMiddleware');
  stack.add(
    (next, context) => (args) => {
      const binding = bindingOf(args, context);
      const request = (args as { request?: unknown }).request;
      if (HttpRequest.isInstance(request)) request.headers[BINDING_HEADER] = binding.id;
      return next(args);
    },
    { step: 'build', name: 'opsradarAccountBinding' },
  );
  // finalizeRequest/low sits inside the retry middleware: the hooks see every attempt, so throttled
  // retries take a rate token too and are counted.
  stack.add(
    (next, context) => async (args) => {
      const binding = bindingOf(args, context);
      const hooks = poolHooks.get(binding) ?? session.attemptHooks;
      if (!hooks.before && !hooks.after) return next(args);
      const call: CallInfo = {
        service: where.service,
        region: where.region,
        accountId: binding.accountId,
        action: actionOf(context.commandName),
      };
      const wait = hooks.before?.(call);
      if (wait) await wait;
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
