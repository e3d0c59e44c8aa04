import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeXml, formToTree, fromForm, fromJson, structureToXml, toJson } from './codec.js';
import {
  type Bound,
  type EngineOptions,
  JSON_COMPAT,
  type Resolved,
  type SandboxCall,
  type SandboxStats,
} from './engine-types.js';
import { AwsError, resolveDate } from './helpers.js';
import { type BaseKnobs, knobsSchema, mergeKnobs, type ParsedKnobs } from './knobs.js';
import { loadModel, type Operation, type Protocol } from './model.js';
import { paginate } from './paginate.js';
import { awsRate, type Rate, RateLimiter } from './rates.js';
import type { Scenario, ScenarioAccount } from './scenario.js';
import type { CallerIdentity, SandboxService } from './services/types.js';
import {
  accessDenied,
  DENY_CODES,
  latencyOf,
  readRequest,
  restInput,
  sleep,
  THROTTLE_CODES,
  throttled,
  unknownOperation,
} from './wire.js';

export type { EngineOptions, SandboxCall, SandboxStats } from './engine-types.js';
export { accessDenied, throttled, unknownOperation } from './wire.js';

export class SandboxEngine {
  readonly calls: SandboxCall[] = [];
  readonly stats: SandboxStats = { total: 0, errors: 0, throttled: 0, denied: 0, byAction: {} };
  private readonly bySigningName = new Map<string, Bound[]>();
  private readonly byTarget = new Map<
    string,
    { bound: Bound; jsonVersion: string; queryCompatible: boolean }
  >();
  private readonly defaults = new Map<string, unknown>();
  /** Per model uid: operation → the service that handles it (several files may serve one AWS API). */
  private readonly owners = new Map<string, Map<string, Bound>>();
  private readonly byName = new Map<string, SandboxService>();
  private readonly identities = new Map<string, CallerIdentity>();
  private readonly limiter = new RateLimiter();
  private readonly knobs: ParsedKnobs | undefined;
  private readonly record: boolean | 'count';
  private readonly maxCalls: number;
  private readonly pageSize: number;
  private keyCounter = 0;

  constructor(
    readonly scenario: Scenario,
    services: readonly SandboxService[],
    private readonly options: EngineOptions = {},
  ) {
    this.knobs = options.knobs ? knobsSchema.parse(options.knobs) : undefined;
    this.record = options.recordCalls ?? true;
    this.maxCalls = options.maxRecordedCalls ?? 100_000;
    this.pageSize = options.pageSize ?? 100;
    for (const service of services) {
      const model = loadModel(service.model);
      const bound: Bound = { service, model, iamPrefix: service.iamPrefix ?? model.signingName };
      const list = this.bySigningName.get(model.signingName) ?? [];
      list.push(bound);
      this.bySigningName.set(model.signingName, list);
      if (model.protocol === 'json' && model.targetPrefix) {
        this.byTarget.set(model.targetPrefix, {
          bound,
          jsonVersion: model.jsonVersion ?? '1.1',
          queryCompatible: false,
        });
      }
      this.byName.set(service.name, service);
      const owners = this.owners.get(service.model) ?? new Map<string, Bound>();
      for (const action of Object.keys(service.handlers)) if (!owners.has(action)) owners.set(action, bound);
      this.owners.set(service.model, owners);
      const compat = JSON_COMPAT[service.model];
      if (compat) this.byTarget.set(compat.targetPrefix, { bound, ...compat });
    }
  }

  now(): Date {
    return this.options.now ?? new Date();
  }

  clearCalls(): void {
    this.calls.length = 0;
    this.stats.total = 0;
    this.stats.errors = 0;
    this.stats.throttled = 0;
    this.stats.denied = 0;
    this.stats.byAction = {};
    this.limiter.clear();
  }

  /** Credentials for an assumed role: the access key id encodes the account (`ASIA<account><n>`). */
  issueCredentials(identity: Omit<CallerIdentity, 'accessKeyId'>): string {
    this.keyCounter = (this.keyCounter + 1) % 1_679_616;
    const accessKeyId = `ASIA${identity.accountId}${this.keyCounter.toString(36).toUpperCase().padStart(4, '0')}`;
    if (this.identities.size >= 200_000) {
      const oldest = this.identities.keys().next().value;
      if (oldest !== undefined) this.identities.delete(oldest);
    }
    this.identities.set(accessKeyId, { ...identity, accessKeyId });
    return accessKeyId;
  }

  /** The account a key acts for: issued keys and `A[KS]IA<12 digits>…` keys name theirs; others are the management account. */
  identify(accessKeyId: string): CallerIdentity {
    const issued = this.identities.get(accessKeyId);
    if (issued) return issued;
    const match = /^A[KS]IA(\d{12})/.exec(accessKeyId);
    if (match && this.scenario.accountsById.has(match[1] as string)) {
      return { accessKeyId, accountId: match[1] as string };
    }
    return { accessKeyId, accountId: this.scenario.organization.managementAccount };
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { body, url, auth, target, isForm, guess } = await readRequest(req);
    const requestId = randomUUID();
    if (!auth) {
      this.writeError(
        res,
        guess,
        requestId,
        new AwsError('MissingAuthenticationToken', 'Missing Authentication Token', { status: 403 }),
        {},
      );
      return;
    }
    let resolved: Resolved;
    try {
      resolved = this.resolve(req, url, body, auth.service, target, isForm);
      const owner = this.owners.get(resolved.bound.service.model)?.get(resolved.action);
      if (owner) resolved.bound = owner;
    } catch (error) {
      const err = error instanceof AwsError ? error : new AwsError('SerializationException', String(error));
      this.writeError(res, guess, requestId, err, {});
      return;
    }
    const { bound, protocol } = resolved;
    const identity = this.identify(auth.accessKeyId);
    const account = this.scenario.accountsById.get(identity.accountId) as ScenarioAccount;
    const region = auth.region;
    const knobs = mergeKnobs(
      [this.knobs, this.scenario.knobs, account.knobs, account.regionKnobs[region]],
      bound.service.name,
    );
    const latency = latencyOf(knobs);
    const headers: Record<string, string> = {};
    let answer: { status: number; body: string };
    try {
      answer = await this.invoke(resolved, { identity, account, region, knobs, requestId, headers });
    } catch (error) {
      const err =
        error instanceof AwsError
          ? error
          : new AwsError(
              protocol === 'ec2' ? 'InternalError' : 'InternalFailure',
              'The sandbox failed: '.concat(String(error)),
              { status: 500 },
            );
      if (latency > 0) await sleep(latency);
      this.count(bound.iamPrefix, resolved.action, identity.accountId, region, err.code);
      this.writeError(res, protocol, requestId, err, {
        jsonVersion: resolved.jsonVersion,
        queryCompatible: resolved.queryCompatible,
        xmlNamespace: bound.model.xmlNamespace,
      });
      return;
    }
    if (latency > 0) await sleep(latency);
    this.count(bound.iamPrefix, resolved.action, identity.accountId, region, undefined);
    headers['x-amzn-requestid'] = requestId;
    headers['content-length'] = String(Buffer.byteLength(answer.body));
    res.writeHead(answer.status, headers);
    res.end(answer.body);
  }

  /** Checks region and knobs, runs the handler and serializes its (paged) output. */
  private async invoke(
    resolved: Resolved,
    call: {
      identity: CallerIdentity;
      account: ScenarioAccount;
      region: string;
      knobs: BaseKnobs;
      requestId: string;
      headers: Record<string, string>;
    },
  ): Promise<{ status: number; body: string }> {
    const { bound, protocol } = resolved;
    const { identity, account, region } = call;
    if (!resolved.op || !bound.service.handlers[resolved.action])
      throw unknownOperation(protocol, resolved.action);
    // Query-compatible JSON services (CloudWatch) answer with their query error codes.
    const codes: Protocol = resolved.queryCompatible ? 'query' : protocol;
    this.checkRegion(bound, account, region, codes);
    this.applyKnobs(call.knobs, bound, resolved.action, identity, region, codes);
    const handler = bound.service.handlers[resolved.action] as NonNullable<
      SandboxService['handlers'][string]
    >;
    const now = this.now();
    const output = await handler({
      accountId: identity.accountId,
      region,
      data: this.dataFor(bound.service, account, region),
      dataOf: (name) => {
        const other = this.byName.get(name);
        if (!other) throw new Error(`no sandbox service named ${name}`);
        return this.dataFor(other, account, region);
      },
      account,
      scenario: this.scenario,
      now,
      date: (value) => resolveDate(value, now),
      input: resolved.input,
      caller: identity,
      issueCredentials: (id) => this.issueCredentials(id),
    });
    const page = paginate(
      output,
      resolved.op,
      resolved.input,
      bound.service.defaultPageSize?.[resolved.action] ?? this.pageSize,
      protocol,
      bound.service.paginators?.[resolved.action],
    );
    return {
      status: resolved.op.responseCode,
      body: this.serialize(page, resolved, call.requestId, call.headers),
    };
  }

  private resolve(
    req: IncomingMessage,
    url: URL,
    body: Buffer,
    signingName: string,
    target: string | undefined,
    isForm: boolean,
  ): Resolved {
    const candidates = this.bySigningName.get(signingName) ?? [];
    if (target) {
      const dot = target.lastIndexOf('.');
      const prefix = target.slice(0, dot);
      const action = target.slice(dot + 1);
      const hit = this.byTarget.get(prefix);
      if (!hit) throw unknownOperation('json', action);
      const op = hit.bound.model.operations.get(action);
      let parsed: unknown = {};
      if (body.length > 0) {
        try {
          parsed = JSON.parse(body.toString('utf8'));
        } catch {
          throw new AwsError('SerializationException', 'Start of structure or map found where not expected.');
        }
      }
      return {
        bound: hit.bound,
        protocol: 'json',
        op,
        action,
        input: op ? ((fromJson(parsed, op.input) as Record<string, unknown>) ?? {}) : {},
        jsonVersion: hit.jsonVersion,
        queryCompatible: hit.queryCompatible,
      };
    }
    if (isForm) {
      const params = new URLSearchParams(body.length > 0 ? body.toString('utf8') : url.search);
      const action = params.get('Action') ?? '';
      const version = params.get('Version');
      const forms = candidates.filter((c) => c.model.protocol === 'query' || c.model.protocol === 'ec2');
      const bound = forms.find((c) => c.model.apiVersion === version) ?? forms[0];
      if (!bound) throw unknownOperation('query', action);
      const protocol = bound.model.protocol;
      const op = bound.model.operations.get(action);
      return {
        bound,
        protocol,
        op,
        action,
        input: op ? fromForm(formToTree(params), op.input, protocol === 'ec2') : {},
      };
    }
    const method = req.method ?? 'GET';
    const path = url.pathname;
    for (const bound of candidates) {
      if (bound.model.protocol !== 'rest-json') continue;
      for (const op of bound.model.operations.values()) {
        if (op.method !== method || !op.path) continue;
        const match = op.path.regex.exec(path);
        if (!match) continue;
        if (Object.keys(op.path.query).some((k) => !url.searchParams.has(k))) continue;
        return {
          bound,
          protocol: 'rest-json',
          op,
          action: op.name,
          input: restInput(op, match, url, req, body),
        };
      }
    }
    const fallback = candidates[0];
    if (!fallback) throw unknownOperation('rest-json', `${method} ${path}`);
    return { bound: fallback, protocol: 'rest-json', action: `${method} ${path}`, input: {} };
  }

  private checkRegion(bound: Bound, account: ScenarioAccount, region: string, protocol: Protocol): void {
    const { service } = bound;
    if (service.regions && !service.regions.includes(region)) {
      throw new AwsError(
        'UnknownEndpoint',
        `${bound.model.signingName} has no endpoint in ${region} (available: ${service.regions.join(', ')})`,
        { status: 404 },
      );
    }
    if (service.scope === 'global') return;
    const org = this.scenario.organization;
    const enabled =
      org.regions.includes(region) ||
      (org.optInRegions.includes(region) && account.optInRegions[region] === 'ENABLED');
    if (enabled) return;
    // A region not enabled for the account rejects the credentials, as AWS does.
    if (protocol === 'ec2')
      throw new AwsError('AuthFailure', 'AWS was not able to validate the provided access credentials', {
        status: 401,
      });
    if (protocol === 'query')
      throw new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', {
        status: 403,
      });
    throw new AwsError(
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
      { status: 403 },
    );
  }

  private applyKnobs(
    knobs: BaseKnobs,
    bound: Bound,
    action: string,
    identity: CallerIdentity,
    region: string,
    protocol: Protocol,
  ): void {
    const denied = knobs.deny === true || (Array.isArray(knobs.deny) && knobs.deny.includes(action));
    if (denied) throw accessDenied(protocol, `${bound.iamPrefix}:${action}`, identity);
    for (const error of knobs.errors ?? []) {
      if (error.action && error.action !== action) continue;
      if (error.probability < 1 && Math.random() >= error.probability) continue;
      throw new AwsError(error.code, error.message, { status: error.status });
    }
    if (knobs.throttle && Math.random() < knobs.throttle) throw throttled(protocol);
    if (knobs.rateLimit !== undefined) {
      const rate: Rate =
        knobs.rateLimit === 'aws'
          ? awsRate(bound.service.name, action)
          : typeof knobs.rateLimit === 'number'
            ? { rate: knobs.rateLimit, burst: knobs.rateLimit * 2 }
            : knobs.rateLimit;
      const key = `${identity.accountId}|${region}|${bound.service.name}|${action}`;
      if (!this.limiter.take(key, rate, performance.now())) throw throttled(protocol);
    }
  }

  private dataFor(service: SandboxService, account: ScenarioAccount, region: string): unknown {
    const own =
      service.scope === 'global' ? account.global[service.name] : account.regions[region]?.[service.name];
    if (own !== undefined) return own;
    let fallback = this.defaults.get(service.name);
    if (fallback === undefined) {
      fallback = service.scenario.parse({});
      this.defaults.set(service.name, fallback);
    }
    return fallback;
  }

  private serialize(
    output: Record<string, unknown>,
    resolved: Resolved,
    requestId: string,
    headers: Record<string, string>,
  ): string {
    const op = resolved.op as Operation;
    const model = resolved.bound.model;
    switch (resolved.protocol) {
      case 'json':
        headers['content-type'] = `application/x-amz-json-${resolved.jsonVersion ?? '1.1'}`;
        return JSON.stringify(toJson(output, op.output) ?? {});
      case 'rest-json': {
        headers['content-type'] = 'application/json';
        for (const member of op.output.members.values()) {
          const value = output[member.name];
          if (member.location === 'header' && value !== undefined && value !== null) {
            headers[(member.locationName ?? member.name).toLowerCase()] =
              value instanceof Date ? value.toUTCString() : String(value);
          }
        }
        if (op.output.payload) {
          const member = op.output.members.get(op.output.payload);
          const value = output[op.output.payload];
          if (!member || value === undefined) return '';
          return JSON.stringify(toJson(value, member.shape));
        }
        return JSON.stringify(toJson(output, op.output, undefined, true) ?? {});
      }
      case 'query': {
        headers['content-type'] = 'text/xml';
        const out: string[] = [`<${op.name}Response xmlns="${model.xmlNamespace ?? ''}">`];
        if (op.resultWrapper) {
          out.push(`<${op.resultWrapper}>`);
          structureToXml(out, output, op.output, false);
          out.push(`</${op.resultWrapper}>`);
        }
        out.push(
          `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${op.name}Response>`,
        );
        return out.join('');
      }
      case 'ec2': {
        headers['content-type'] = 'text/xml;charset=UTF-8';
        const ns = model.xmlNamespace?.endsWith('/') ? model.xmlNamespace : `${model.xmlNamespace}/`;
        const out: string[] = [
          `<?xml version="1.0" encoding="UTF-8"?>\n<${op.name}Response xmlns="${ns}"><requestId>${requestId}</requestId>`,
        ];
        structureToXml(out, output, op.output, true);
        out.push(`</${op.name}Response>`);
        return out.join('');
      }
    }
  }

  private writeError(
    res: ServerResponse,
    protocol: Protocol,
    requestId: string,
    error: AwsError,
    context: { jsonVersion?: string; queryCompatible?: boolean; xmlNamespace?: string },
  ): void {
    const message = error.message;
    if (protocol === 'json' || protocol === 'rest-json') {
      const headers: Record<string, string> = {
        'content-type':
          protocol === 'json' ? `application/x-amz-json-${context.jsonVersion ?? '1.1'}` : 'application/json',
        'x-amzn-requestid': requestId,
        'x-amzn-errortype': error.code,
      };
      if (context.queryCompatible) headers['x-amzn-query-error'] = `${error.code};${error.fault}`;
      res.writeHead(error.status, headers);
      res.end(JSON.stringify({ __type: error.code, message }));
      return;
    }
    res.writeHead(error.status, { 'content-type': 'text/xml' });
    if (protocol === 'ec2') {
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
      );
      return;
    }
    res.end(
      `<ErrorResponse xmlns="${context.xmlNamespace ?? ''}"><Error><Type>${error.fault}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    );
  }

  private count(
    service: string,
    action: string,
    accountId: string,
    region: string,
    error: string | undefined,
  ): void {
    if (this.record === false) return;
    const stats = this.stats;
    stats.total++;
    const key = `${service}:${action}`;
    stats.byAction[key] = (stats.byAction[key] ?? 0) + 1;
    if (error) {
      stats.errors++;
      if (THROTTLE_CODES.has(error)) stats.throttled++;
      if (DENY_CODES.has(error)) stats.denied++;
    }
    if (this.record !== true) return;
    if (this.calls.length >= this.maxCalls) this.calls.splice(0, Math.ceil(this.maxCalls / 10));
    const call: SandboxCall = { service, action, accountId, region, at: this.now().toISOString() };
    this.calls.push(error ? { ...call, error } : call);
  }
}
