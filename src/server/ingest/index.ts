import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { OpsradarError } from '../../core/errors.js';
import {
  type EventBridgeEvent,
  EventBridgeEventError,
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
import type { Store } from '../../store/index.js';
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
  store: Pick<Store, 'occurrences'>;
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

/**
 * The push routes: `POST /ingest/eventbridge` (API destination, API key or basic auth) and
 * `POST /ingest/sns` (SNS HTTP/S subscription, signatures verified). Mount with
 * `app.route('/', ingestRoutes(deps))`.
 */
export function ingestRoutes(deps: IngestRoutesDeps): Hono {
  const app = new Hono();
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? defaultLog;
  const fetchCertificate = deps.fetchCertificate ?? snsCertificateFetcher();
  const confirmSubscription = deps.confirmSubscription ?? confirmSnsSubscription;
  const eb = deps.settings.eventbridge;
  app.use(
    '/ingest/*',
    streamedBodyLimit(MAX_BODY_BYTES, (c) =>
      problem(413, 'TOO_LARGE', `body larger than ${MAX_BODY_BYTES} bytes`, new URL(c.req.url).pathname),
    ),
  );

  function authorized(request: Request): boolean {
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
  }

  app.post('/ingest/eventbridge', async (c) => {
    const path = '/ingest/eventbridge';
    if (!eb.apiKey && !eb.basic) {
      log({ level: 'warn', route: 'eventbridge', msg: 'refused: no credentials configured', status: 503 });
      return problem(
        503,
        'INGEST_NOT_CONFIGURED',
        'ingest.eventbridge has no apiKey or basic credentials',
        path,
      );
    }
    if (!authorized(c.req.raw)) {
      log({ level: 'warn', route: 'eventbridge', msg: 'refused: bad or missing credentials', status: 401 });
      return problem(401, 'UNAUTHORIZED', 'missing or wrong API key / basic credentials', path);
    }
    const body = await readBody(c.req.raw);
    if (body === null) return problem(413, 'TOO_LARGE', `body larger than ${MAX_BODY_BYTES} bytes`, path);
    let events: EventBridgeEvent[];
    try {
      const json: unknown = JSON.parse(body);
      const list = Array.isArray(json) ? json : [json];
      events = list.map((item, i) => parseEventBridgeEvent(item, list.length > 1 ? `event ${i}` : 'body'));
    } catch (error) {
      const message = error instanceof EventBridgeEventError ? error.message : 'body is not valid JSON';
      log({ level: 'warn', route: 'eventbridge', msg: `refused: ${message}`, status: 400 });
      return problem(400, 'EVENT_INVALID', message, path);
    }
    try {
      const summary = await ingestEventBridgeEvents(deps.store, deps.catalog, events, {
        source: 'eventbridge',
        now: now(),
      });
      log({
        level: 'info',
        route: 'eventbridge',
        msg: 'ingested',
        status: 200,
        eventIds: events.map((e) => e.id).join(','),
      });
      return c.json({ ok: true, ...summary });
    } catch (error) {
      if (error instanceof OpsradarError) {
        // A detail that is not a readable Health event is the sender's bad input, like bad JSON.
        const status = /_INVALID$/u.test(error.code) ? 400 : 422;
        log({ level: 'warn', route: 'eventbridge', msg: `refused: ${error.message}`, status });
        return problem(status, error.code, error.message, path);
      }
      throw error;
    }
  });

  app.post('/ingest/sns', async (c) => {
    const path = '/ingest/sns';
    const body = await readBody(c.req.raw);
    if (body === null) return problem(413, 'TOO_LARGE', `body larger than ${MAX_BODY_BYTES} bytes`, path);
    try {
      const outcome = await handleSnsDelivery(body, c.req.header('x-amz-sns-message-type'), {
        store: deps.store,
        catalog: deps.catalog,
        allowedTopicArns: deps.settings.sns.allowedTopicArns,
        maxAgeSeconds: deps.settings.sns.maxAgeSeconds,
        fetchCertificate,
        confirmSubscription,
        now,
      });
      log({
        level: 'info',
        route: 'sns',
        msg: outcome.action,
        status: 200,
        topicArn: outcome.topicArn,
        messageId: outcome.messageId,
      });
      return c.json({ ok: true, ...outcome });
    } catch (error) {
      if (error instanceof SnsRejection) {
        log({
          level: 'warn',
          route: 'sns',
          msg: `refused: ${error.message}`,
          reason: error.reason,
          status: error.status,
          topicArn: c.req.header('x-amz-sns-topic-arn'),
          messageId: c.req.header('x-amz-sns-message-id'),
        });
        return problem(error.status, error.code, error.message, path);
      }
      if (error instanceof OpsradarError) {
        log({ level: 'warn', route: 'sns', msg: `refused: ${error.message}`, status: 422 });
        return problem(422, error.code, error.message, path);
      }
      log({ level: 'warn', route: 'sns', msg: `failed: ${(error as Error).message}`, status: 502 });
      return problem(502, 'SNS_CONFIRM_FAILED', 'could not complete the SNS request', path);
    }
  });

  return app;
}
