import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { OpsradarError } from '../../core/errors.js';
import {
  type EventBridgeEvent,
  EventBridgeEventError,
  MAX_RESOURCES_PER_EVENT,
  parseEventBridgeEvent,
} from '../../ingest/eventbridge/event.js';
import { ingestEventBridgeEvents } from '../../ingest/eventbridge/ingest.js';
import type { CatalogMatcher } from '../../ingest/health/classify.js';
import { handleSnsDelivery } from '../../ingest/sns/handle.js';
import {
  confirmSnsSubscription,
  type SubscriptionConfirmer,
  snsCertificateFetcher,
} from '../../ingest/sns/https.js';
import { type CertificateFetcher, SnsRejection } from '../../ingest/sns/message.js';
import { isStoreBusy, type Store } from '../../store/index.js';
import { BODY_LIMITS, streamedBodyLimit } from '../body.js';
import type { IngestSettings } from './config.js';

export { type IngestSettings, ingestConfigSchema, ingestSettings } from './config.js';

/** One structured log line; never carries secrets or message bodies. */
export interface IngestLogEntry {
  level: 'info' | 'warn';
  route: 'eventbridge' | 'sns';
  msg: string;
  status: number;
  [key: string]: string | number | undefined;
}

export interface IngestRoutesDeps {
  store: Pick<Store, 'occurrences' | 'snsDeliveries'>;
  catalog: CatalogMatcher;
  settings: IngestSettings;
  /** Tests inject their own; production fetches only from SNS hosts and caches. */
  fetchCertificate?: CertificateFetcher;
  confirmSubscription?: SubscriptionConfirmer;
  now?: () => Date;
  log?: (entry: IngestLogEntry) => void;
}

/** Also enforced while streaming by the app's body limits; this covers the routes mounted alone. */
const MAX_BODY_BYTES = BODY_LIMITS.ingest;

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Constant-time comparison (hashing first makes the lengths equal). */
function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

function problem(status: ContentfulStatusCode, code: string, title: string, instance: string): Response {
  return new Response(
    JSON.stringify({ type: `urn:opsradar:problem:${code.toLowerCase()}`, title, status, code, instance }),
    {
      status,
      headers: { 'content-type': 'application/problem+json; charset=utf-8' },
    },
  );
}

const defaultLog = (entry: IngestLogEntry): void => {
  process.stderr.write(
    `${JSON.stringify({ at: new Date().toISOString(), component: 'ingest', ...entry })}\n`,
  );
};

async function readBody(request: Request): Promise<string | null> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) return null;
  const text = await request.text();
  return Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES ? null : text;
}

type Problem = (status: ContentfulStatusCode, code: string, title: string) => Response;

function problemAt(path: string): Problem {
  return (status, code, title) => problem(status, code, title, path);
}

/** Another writer held the store's lock: the sender retries (EventBridge and SNS both do on 5xx). */
function busyResponse(path: string): Response {
  const response = problem(503, 'STORE_BUSY', 'the database is busy; retry shortly', path);
  response.headers.set('retry-after', '1');
  return response;
}

function authorizer(eb: IngestSettings['eventbridge']): (request: Request) => boolean {
  return (request) => {
    let ok = false;
    if (eb.apiKey) {
      const given = request.headers.get(eb.apiKeyHeader);
      if (given !== null && safeEqual(given, eb.apiKey)) ok = true;
    }
    if (eb.basic) {
      const header = request.headers.get('authorization') ?? '';
      const match = /^Basic\s+([A-Za-z0-9+/=]+)$/iu.exec(header);
      if (match?.[1]) {
        const decoded = Buffer.from(match[1], 'base64').toString('utf8');
        const expected = `${eb.basic.username}:${eb.basic.password}`;
        if (safeEqual(decoded, expected)) ok = true;
      }
    }
    return ok;
  };
}

function parseEvents(body: string): EventBridgeEvent[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new EventBridgeEventError('body is not valid JSON');
  }
  const list = Array.isArray(json) ? json : [json];
  return list.map((item, i) => parseEventBridgeEvent(item, list.length > 1 ? `event ${i}` : 'body'));
}

type Handler = (request: Request) => Promise<Response>;

function eventBridgeHandler(deps: IngestRoutesDeps, log: (entry: IngestLogEntry) => void): Handler {
  const path = '/ingest/eventbridge';
  const fail = problemAt(path);
  const now = deps.now ?? (() => new Date());
  const eb = deps.settings.eventbridge;
  const authorized = authorizer(eb);
  return async (request) => {
    if (!eb.apiKey && !eb.basic) {
      log({ level: 'warn', route: 'eventbridge', msg: 'refused: no credentials configured', status: 503 });
      return fail(503, 'INGEST_NOT_CONFIGURED', 'ingest.eventbridge has no apiKey or basic credentials');
    }
    if (!authorized(request)) {
      log({ level: 'warn', route: 'eventbridge', msg: 'refused: bad or missing credentials', status: 401 });
      return fail(401, 'UNAUTHORIZED', 'missing or wrong API key / basic credentials');
    }
    const body = await readBody(request);
    if (body === null) return fail(413, 'TOO_LARGE', `body larger than ${MAX_BODY_BYTES} bytes`);
    let events: EventBridgeEvent[];
    try {
      events = parseEvents(body);
    } catch (error) {
      const message = error instanceof EventBridgeEventError ? error.message : 'body is not valid JSON';
      log({ level: 'warn', route: 'eventbridge', msg: `refused: ${message}`, status: 400 });
      return fail(400, 'EVENT_INVALID', message);
    }
    try {
      const summary = await ingestEventBridgeEvents(deps.store, deps.catalog, events, {
        source: 'eventbridge',
        now: now(),
      });
      const eventIds = events.map((e) => e.id).join(',');
      const { resourcesCut } = summary;
      if (resourcesCut) {
        const msg = `ingested; ${resourcesCut} resources past ${MAX_RESOURCES_PER_EVENT} per event left out`;
        log({ level: 'warn', route: 'eventbridge', msg, status: 200, eventIds, resourcesCut });
      } else log({ level: 'info', route: 'eventbridge', msg: 'ingested', status: 200, eventIds });
      return Response.json({ ok: true, ...summary });
    } catch (error) {
      if (isStoreBusy(error)) {
        log({ level: 'warn', route: 'eventbridge', msg: 'deferred: store busy', status: 503 });
        return busyResponse(path);
      }
      if (error instanceof OpsradarError) {
        // A detail that is not a readable Health event is the sender's bad input, like bad JSON.
        const status = /_INVALID$/u.test(error.code) ? 400 : 422;
        log({ level: 'warn', route: 'eventbridge', msg: `refused: ${error.message}`, status });
        return fail(status, error.code, error.message);
      }
      throw error;
    }
  };
}

function snsHandler(deps: IngestRoutesDeps, log: (entry: IngestLogEntry) => void): Handler {
  const path = '/ingest/sns';
  const fail = problemAt(path);
  const now = deps.now ?? (() => new Date());
  const fetchCertificate = deps.fetchCertificate ?? snsCertificateFetcher();
  const confirmSubscription = deps.confirmSubscription ?? confirmSnsSubscription;
  return async (request) => {
    const body = await readBody(request);
    if (body === null) return fail(413, 'TOO_LARGE', `body larger than ${MAX_BODY_BYTES} bytes`);
    try {
      const outcome = await handleSnsDelivery(
        body,
        request.headers.get('x-amz-sns-message-type') ?? undefined,
        {
          store: deps.store,
          catalog: deps.catalog,
          allowedTopicArns: deps.settings.sns.allowedTopicArns,
          maxAgeSeconds: deps.settings.sns.maxAgeSeconds,
          fetchCertificate,
          confirmSubscription,
          now,
        },
      );
      const { topicArn, messageId } = outcome;
      log({ level: 'info', route: 'sns', msg: outcome.action, status: 200, topicArn, messageId });
      return Response.json({ ok: true, ...outcome });
    } catch (error) {
      return snsFailure(error, request, log, fail, path);
    }
  };
}

function snsFailure(
  error: unknown,
  request: Request,
  log: (entry: IngestLogEntry) => void,
  fail: Problem,
  path: string,
): Response {
  if (isStoreBusy(error)) {
    log({ level: 'warn', route: 'sns', msg: 'deferred: store busy', status: 503 });
    return busyResponse(path);
  }
  if (error instanceof SnsRejection) {
    log({
      level: 'warn',
      route: 'sns',
      msg: `refused: ${error.message}`,
      reason: error.reason,
      status: error.status,
      topicArn: request.headers.get('x-amz-sns-topic-arn') ?? undefined,
      messageId: request.headers.get('x-amz-sns-message-id') ?? undefined,
    });
    return fail(error.status, error.code, error.message);
  }
  if (error instanceof OpsradarError) {
    log({ level: 'warn', route: 'sns', msg: `refused: ${error.message}`, status: 422 });
    return fail(422, error.code, error.message);
  }
  log({ level: 'warn', route: 'sns', msg: `failed: ${(error as Error).message}`, status: 502 });
  return fail(502, 'SNS_CONFIRM_FAILED', 'could not complete the SNS request');
}

/**
 * The push routes: `POST /ingest/eventbridge` (API destination, API key or basic auth) and
 * `POST /ingest/sns` (SNS HTTP/S subscription, signatures verified). Mount with
 * `app.route('/', ingestRoutes(deps))`.
 */
export function ingestRoutes(deps: IngestRoutesDeps): Hono {
  const app = new Hono();
  const log = deps.log ?? defaultLog;
  app.use(
    '/ingest/*',
    streamedBodyLimit(MAX_BODY_BYTES, (c) =>
      problem(413, 'TOO_LARGE', `body larger than ${MAX_BODY_BYTES} bytes`, new URL(c.req.url).pathname),
    ),
  );
  const eventBridge = eventBridgeHandler(deps, log);
  const sns = snsHandler(deps, log);
  app.post('/ingest/eventbridge', (c) => eventBridge(c.req.raw));
  app.post('/ingest/sns', (c) => sns(c.req.raw));
  return app;
}
