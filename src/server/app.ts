import { userInfo } from 'node:os';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { type Config, configSection } from '../config/index.js';
import { routingSchema } from '../core/routing.js';
import type { Lang } from '../core/types.js';
import { isStoreBusy, type OpenStoreOptions } from '../store/index.js';
import { apiRoutes } from './api/routes.js';
import { authMiddleware } from './auth.js';
import { bodyLimits } from './body.js';
import {
  type AppDeps,
  type Env,
  resolveRequestLang,
  resolveRequestTimeZone,
  type ServerAuth,
  translator,
} from './context.js';
import { DEFAULT_TIME_ZONE } from './dashboard/format.js';
import { errorPage } from './dashboard/pages.js';
import { dashboardRoutes, pageContext } from './dashboard/routes.js';
import { coalesced } from './ingest/coalesce.js';
import { ingestRoutes, ingestSettings } from './ingest/index.js';
import { HttpProblem, problemResponse } from './problem.js';
import { sessionStore } from './sessions.js';
import { tokenStore } from './tokens.js';

export type { AppDeps, ServerStore } from './context.js';

function localActor(): string {
  try {
    return userInfo().username || 'local';
  } catch {
    return 'local';
  }
}

function wantsHtml(path: string, accept: string | undefined): boolean {
  return !path.startsWith('/api/') && path !== '/calendar.ics' && (accept ?? '').includes('text/html');
}

const EMPTY_CONFIG: Config = { path: null, raw: {} };
const RETRY_AFTER_SECONDS = '1';

/**
 * How `serve` opens the store: a request never waits long on another process's lock (503 +
 * Retry-After instead), and what it acknowledges is on disk (SQLite synchronous=FULL).
 */
export const SERVER_STORE_OPTIONS: OpenStoreOptions = { busyTimeoutMs: 50, lockWaitMs: 1000, durable: true };

/**
 * The whole HTTP surface of `opsradar serve`: REST API, calendar feed, dashboard and the push
 * ingestion routes. Tests call `createApp(deps).request(...)` in process.
 *
 * @example
 *   const app = createApp({ store, catalog: defaultCatalog() });
 *   const res = await app.request('/api/items?urgency=overdue');
 */
export function createApp(deps: AppDeps): Hono<Env> {
  const app = new Hono<Env>();
  const now = deps.now ?? (() => new Date());
  const defaultLang = deps.defaultLang ?? 'en';
  const timeZone = deps.timeZone ?? DEFAULT_TIME_ZONE;

  errorHandlers(app, now, defaultLang);
  app.use('*', bodyLimits());
  // Push ingestion authenticates with its own secrets (API key, SNS signatures), not our tokens.
  if (deps.ingest !== false) mountIngest(app, deps, now);
  app.use('*', SECURE_HEADERS);
  app.use('*', async (c, next) => {
    c.set('lang', resolveRequestLang(c, defaultLang));
    c.set('timeZone', resolveRequestTimeZone(c, timeZone));
    await next();
  });
  const auth: ServerAuth = {
    tokens: tokenStore(deps.store.apiTokens),
    sessions: sessionStore(deps.store.sessions),
    login: deps.login,
    localActor: deps.localActor ?? localActor(),
    trustProxy: deps.trustProxy ?? false,
  };
  app.use(
    '*',
    authMiddleware({
      requireAuth: deps.requireAuth ?? false,
      tokens: auth.tokens,
      sessions: auth.sessions,
      now,
    }),
  );

  app.route('/', apiRoutes(deps, auth));
  app.route('/', dashboardRoutes(deps, auth));
  return app;
}

/** Errors and unknown paths: an HTML page for browsers, a problem document for the API. */
function errorHandlers(app: Hono<Env>, now: () => Date, defaultLang: Lang): void {
  app.onError((caught, c) => {
    const path = new URL(c.req.url).pathname;
    // Another process holds the write lock: the client retries shortly; no request waits for it.
    if (isStoreBusy(caught)) c.header('retry-after', RETRY_AFTER_SECONDS);
    const error = isStoreBusy(caught)
      ? new HttpProblem(503, translator(c.get('lang') ?? defaultLang)('problem.busy'), 'STORE_BUSY')
      : caught;
    if (!(error instanceof HttpProblem) && !(error as { code?: unknown }).code) {
      process.stderr.write(`opsradar serve: ${path}: ${error.stack ?? error.message}\n`);
    }
    if (wantsHtml(path, c.req.header('accept')) && c.get('lang')) {
      const status = error instanceof HttpProblem ? error.status : 500;
      const ctx = pageContext(c, now());
      const message =
        error instanceof HttpProblem && error.code === 'CSRF'
          ? ctx.t('error.csrf')
          : error instanceof HttpProblem
            ? error.message
            : ctx.t('problem.internal');
      return c.html(errorPage(ctx, message).toString(), status as 400);
    }
    return problemResponse(c, error, translator(c.get('lang') ?? defaultLang)('problem.internal'));
  });

  app.notFound((c) => {
    const path = new URL(c.req.url).pathname;
    if (wantsHtml(path, c.req.header('accept')) && c.get('lang')) {
      const ctx = pageContext(c, now());
      return c.html(errorPage(ctx, ctx.t('error.notFound')).toString(), 404);
    }
    return problemResponse(c, new HttpProblem(404, `no route ${c.req.method} ${path}`, 'NOT_FOUND'), '');
  });
}

/**
 * The push routes, and what follows an accepted delivery: it becomes work items on the dashboard at
 * once, and the notifier runs a pass (a new emergency must reach people within a minute). The
 * delivery is stored before it is acknowledged; when the work item sync finds the store busy it
 * runs again shortly, without holding the sender.
 */
function mountIngest(app: Hono<Env>, deps: AppDeps, now: () => Date): void {
  const routing = configSection(deps.config ?? EMPTY_CONFIG, 'routing', routingSchema);
  let retryPending = false;
  const refresh: () => Promise<void> = coalesced(async () => {
    try {
      await deps.store.workItems.refresh(deps.catalog, routing, { now: now() });
      deps.onIngested?.();
    } catch (error) {
      if (!isStoreBusy(error)) throw error;
      if (retryPending) return;
      retryPending = true;
      setTimeout(() => {
        retryPending = false;
        refresh().catch((e: Error) => process.stderr.write(`opsradar serve: sync: ${e.message}\n`));
      }, 1000).unref();
    }
  });
  app.use('/ingest/*', async (c, next) => {
    await next();
    if (c.req.method === 'POST' && c.res.status < 300) await refresh();
  });
  app.route(
    '/',
    ingestRoutes({
      store: deps.store,
      catalog: deps.catalog,
      settings: ingestSettings(deps.config ?? EMPTY_CONFIG),
      now,
      ...(deps.ingestLog ? { log: deps.ingestLog } : {}),
    }),
  );
}

const SECURE_HEADERS = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
  crossOriginResourcePolicy: 'same-origin',
  // no-referrer would make browsers send `Origin: null` on our own form posts (refused as cross-site).
  referrerPolicy: 'same-origin',
});
