import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { DAY_MS } from '../../core/time.js';
import { HUMAN_ACTIONS, type HumanAction, parseWorkItemId, WorkItemError } from '../../core/workitems.js';
import { displayTitle } from '../../i18n/item-title.js';
import { findItemOr404, itemLinks, latestCoverage, queryObject } from '../api/routes.js';
import {
  actionBodySchema,
  assignBodySchema,
  listQuerySchema,
  noteBodySchema,
  toFilter,
  wontdoBodySchema,
} from '../api/schemas.js';
import { assertCsrf, csrfToken, isHttps, requireRole, SESSION_COOKIE, setSessionCookie } from '../auth.js';
import {
  type AppContext,
  type AppDeps,
  type Env,
  type ServerAuth,
  TZ_COOKIE,
  translator,
} from '../context.js';
import { safeNextPath } from '../next-path.js';
import { HttpProblem } from '../problem.js';
import { SCRIPT, STYLESHEET } from './assets.js';
import { isTimeZone } from './format.js';
import type { Html } from './html.js';
import type { PageContext } from './layout.js';
import { notificationsPage } from './notify-page.js';
import {
  coveragePage,
  errorPage,
  itemPage,
  listPage,
  loginPage,
  overviewPage,
  timelinePage,
} from './pages.js';

export function pageContext(c: AppContext, now: Date): PageContext {
  const caller = c.get('caller');
  return {
    lang: c.get('lang'),
    timeZone: c.get('timeZone'),
    t: translator(c.get('lang')),
    url: new URL(c.req.url),
    csrfToken: csrfToken(c),
    role: caller.role,
    signedIn: caller.viaCookie,
    localReadOnly: caller.localReadOnly,
    now,
  };
}

function page(c: AppContext, body: Html, status: 200 | 400 | 403 | 404 | 409 = 200): Response {
  c.header('cache-control', 'no-store');
  return c.html(body.toString(), status);
}

const TIMELINE_DAYS = 90;

const FORM_ACTIONS = [...HUMAN_ACTIONS, 'assign', 'note'] as const;
type FormAction = (typeof FORM_ACTIONS)[number];

function formAction(value: string): FormAction {
  if (!(FORM_ACTIONS as readonly string[]).includes(value)) {
    throw new HttpProblem(400, `unknown action: ${value}`, 'ACTION_UNKNOWN');
  }
  return value as FormAction;
}

/** The API's body schemas, so a form cannot store what the API would refuse (lengths, NUL). */
const formSchemas = {
  ack: actionBodySchema,
  start: actionBodySchema,
  done: actionBodySchema,
  reopen: actionBodySchema,
  wontdo: wontdoBodySchema,
  assign: assignBodySchema,
  note: noteBodySchema,
} as const;

type FormBody = { note?: string | undefined; reason?: string; owner?: string | null };

/** A form's fields as the API body of the same action (empty fields are absent, as in JSON). */
function formFields(action: FormAction, field: (name: string) => string): Record<string, unknown> {
  const given = (name: string) => (field(name).trim() ? { [name]: field(name) } : {});
  if (action === 'assign') return { owner: field('owner').trim() ? field('owner') : null };
  if (action === 'note') return { note: field('note') };
  if (action === 'wontdo') return { reason: field('reason'), ...given('note') };
  return given('note');
}

async function applyFormAction(
  deps: AppDeps,
  id: string,
  action: FormAction,
  body: FormBody,
  actor: string,
  at: Date,
): Promise<void> {
  if (action === 'assign') {
    await deps.store.workItems.assign(id, body.owner || null, actor, { now: at });
  } else if (action === 'note') {
    await deps.store.workItems.addNote(id, body.note ?? '', actor, { now: at });
  } else {
    await deps.store.workItems.transition(id, action as HumanAction, {
      actor,
      note: body.note || undefined,
      reason: body.reason || undefined,
      now: at,
    });
  }
}

function issueText(issue: { path: PropertyKey[]; message: string }): string {
  return `${issue.path.map(String).join('.')}: ${issue.message}`;
}

type Now = () => Date;

/** The server-rendered dashboard: overview, timeline, list, item, coverage, sign-in. */
export function dashboardRoutes(deps: AppDeps, auth: ServerAuth): Hono<Env> {
  const app = new Hono<Env>();
  const now = deps.now ?? (() => new Date());

  assetRoutes(app);
  app.get('/', (c) => overview(c, deps, now()));
  app.get('/items', (c) => itemList(c, deps, now()));
  app.get('/items/:id', (c) => itemDetail(c, deps, now()));
  app.post('/items/:id/actions', (c) => itemAction(c, deps, now()));
  app.get('/timeline', (c) => timeline(c, deps, now()));

  app.get('/notifications', async (c) => {
    const [recent, dead, counts] = await Promise.all([
      deps.store.notifyOutbox.list({}, { limit: 100 }),
      deps.store.notifyOutbox.list({ status: 'dead' }, { limit: 100 }),
      deps.store.notifyOutbox.counts(),
    ]);
    const data = { recent: recent.messages, dead: dead.messages, counts };
    return page(c, notificationsPage(pageContext(c, now()), data));
  });

  app.get('/coverage', async (c) => {
    const at = now();
    return page(c, coveragePage(pageContext(c, at), await latestCoverage(deps)));
  });

  signInRoutes(app, auth, now);
  return app;
}

function assetRoutes(app: Hono<Env>): void {
  app.get('/assets/app.css', (c) =>
    c.body(STYLESHEET, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=3600',
    }),
  );
  app.get('/assets/app.js', (c) =>
    c.body(SCRIPT, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=3600',
    }),
  );
  app.get('/healthz', (c) => c.json({ ok: true }));
  // The header's time zone picker: a display preference only, kept a year in a cookie.
  app.get('/tz', (c) => {
    const zone = c.req.query('zone');
    if (isTimeZone(zone)) setCookie(c, TZ_COOKIE, zone, { path: '/', maxAge: 31_536_000, sameSite: 'Lax' });
    return c.redirect(safeNextPath(c.req.query('next')), 303);
  });
}

async function overview(c: AppContext, deps: AppDeps, at: Date): Promise<Response> {
  const since = new Date(at.getTime() - DAY_MS).toISOString();
  const [counts, overdue, history, changed] = await Promise.all([
    deps.store.workItems.counts({ now: at }),
    deps.store.workItems.list({ urgency: 'overdue' }, { limit: 10, sort: 'due', now: at }),
    deps.store.workItems.historySince(since, { limit: 12 }),
    deps.store.workItems.changedSince(since, { limit: 100, now: at }),
  ]);
  const ctx = pageContext(c, at);
  const kinds = (id: string) => deps.catalog.get(id);
  const titles = new Map(changed.map((item) => [item.id, displayTitle(ctx, item, kinds(item.kind))]));
  return page(c, overviewPage(ctx, { counts, overdue, history, titles, kinds }));
}

async function itemList(c: AppContext, deps: AppDeps, at: Date): Promise<Response> {
  const ctx = pageContext(c, at);
  // Empty fields of the filter form mean "any".
  const raw = Object.fromEntries(
    Object.entries(queryObject(c)).filter(([key, value]) => key !== 'lang' && value !== ''),
  );
  const parsed = listQuerySchema.safeParse(raw);
  if (!parsed.success) {
    return page(
      c,
      errorPage(ctx, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')),
      400,
    );
  }
  const query = parsed.data;
  // Keyset paging: `cursor` picks the page, `offset` only says where it starts for the range shown.
  const result = await deps.store.workItems.list(toFilter(query), {
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : { offset: 0 }),
    sort: query.sort,
    now: at,
  });
  const rawQuery = new URLSearchParams(raw);
  return page(
    c,
    listPage(ctx, {
      query: query.cursor ? query : { ...query, offset: 0 },
      items: result.items,
      total: result.total,
      nextCursor: result.nextCursor,
      kinds: deps.catalog.entries,
      rawQuery,
    }),
  );
}

async function itemDetail(c: AppContext, deps: AppDeps, at: Date): Promise<Response> {
  const ctx = pageContext(c, at);
  const given = c.req.param('id') ?? '';
  const id = parseWorkItemId(given);
  const item = id === undefined ? undefined : await deps.store.workItems.get(id, { now: at });
  if (!item) return page(c, errorPage(ctx, ctx.t('item.notFound', { id: given })), 404);
  const kind = deps.catalog.get(item.kind);
  const flash = c.req.query('saved') ? ctx.t('action.saved') : undefined;
  return page(c, itemPage(ctx, { item, kind, links: itemLinks(item, kind), flash }));
}

async function itemAction(c: AppContext, deps: AppDeps, at: Date): Promise<Response> {
  const form = await c.req.parseBody();
  const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
  assertCsrf(c, field('_csrf'));
  const caller = requireRole(c, 'operator');
  const id = c.req.param('id') ?? '';
  await findItemOr404(deps, id, at);
  const action = formAction(field('action'));
  const parsed = formSchemas[action].safeParse(formFields(action, field));
  if (!parsed.success) {
    const ctx = pageContext(c, at);
    return page(c, errorPage(ctx, parsed.error.issues.map(issueText).join('; ')), 400);
  }
  try {
    await applyFormAction(deps, id, action, parsed.data, caller.actor, at);
  } catch (error) {
    if (!(error instanceof WorkItemError)) throw error;
    // Show the item again with the reason, e.g. acknowledging an item someone already closed.
    const item = await findItemOr404(deps, id, at);
    const kind = deps.catalog.get(item.kind);
    return page(
      c,
      itemPage(pageContext(c, at), { item, kind, links: itemLinks(item, kind), error: error.message }),
      409,
    );
  }
  return c.redirect(`/items/${encodeURIComponent(id)}?saved=1`, 303);
}

async function timeline(c: AppContext, deps: AppDeps, at: Date): Promise<Response> {
  const ctx = pageContext(c, at);
  const end = new Date(at.getTime() + TIMELINE_DAYS * DAY_MS).toISOString();
  const [items, windows] = await Promise.all([
    deps.store.workItems.list({ status: 'active', dueBefore: end }, { limit: 1000, sort: 'due', now: at }),
    deps.store.workItems.maintenanceWindows({ from: at.toISOString(), to: end }),
  ]);
  const startOfToday = new Date(at.getTime() - DAY_MS).toISOString();
  const upcoming = items.items.filter((item) => (item.dueDate ?? '') >= startOfToday);
  const calendarUrl = `${new URL(c.req.url).origin}/calendar.ics?token=…`;
  const kinds = (id: string) => deps.catalog.get(id);
  return page(c, timelinePage(ctx, { items: upcoming, windows, calendarUrl, days: TIMELINE_DAYS, kinds }));
}

/** Sign-in by one-time code or API token, and sign-out. */
function signInRoutes(app: Hono<Env>, auth: ServerAuth, now: Now): void {
  app.get('/login', async (c) => {
    const at = now();
    const code = c.req.query('code');
    if (code !== undefined) {
      if (!auth.login?.consume(code)) {
        return page(c, loginPage(pageContext(c, at), { next: '/', invalid: false, codeSpent: true }), 403);
      }
      const id = await auth.sessions.open({ tokenId: null, role: 'admin', actor: auth.localActor, now: at });
      setSessionCookie(c, id, isHttps(c, auth.trustProxy));
      return c.redirect('/', 303);
    }
    const next = safeNextPath(c.req.query('next'));
    return page(c, loginPage(pageContext(c, at), { next, invalid: c.req.query('invalid') === '1' }));
  });

  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
    assertCsrf(c, text('_csrf'));
    // Only paths on this site: a crafted link must not bounce a signed-in user to another one.
    const next = safeNextPath(text('next'));
    const at = now();
    const record = await auth.tokens.verify(text('token').trim(), at);
    // A feed token reads the calendar only; it never signs a browser in.
    if (record?.kind !== 'api') {
      return c.redirect(`/login?invalid=1&next=${encodeURIComponent(next)}`, 303);
    }
    const id = await auth.sessions.open({
      tokenId: record.id,
      role: record.role,
      actor: record.name,
      now: at,
    });
    setSessionCookie(c, id, isHttps(c, auth.trustProxy));
    return c.redirect(next, 303);
  });

  app.post('/logout', async (c) => {
    const form = await c.req.parseBody();
    assertCsrf(c, typeof form._csrf === 'string' ? form._csrf : undefined);
    const id = getCookie(c, SESSION_COOKIE);
    if (id) await auth.sessions.close(id, now());
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  });
}
