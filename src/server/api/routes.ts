import { Hono } from 'hono';
import type { z } from 'zod';
import type { EventKind } from '../../catalog/index.js';
import { DAY_MS } from '../../core/time.js';
import type { HumanAction } from '../../core/workitems.js';
import type { WorkItem } from '../../store/index.js';
import { assertApiWriteAllowed, requireRole } from '../auth.js';
import { consoleUrl, HEALTH_DASHBOARD_URL } from '../console-links.js';
import { type AppContext, type AppDeps, type Env, type ServerAuth, translator } from '../context.js';
import { formatDay, formatInstant } from '../dashboard/format.js';
import { type ExportTable, toCsv, toXlsx } from '../export.js';
import { renderCalendar } from '../ics.js';
import { openApiDocument } from '../openapi.js';
import { HttpProblem, validationProblem } from '../problem.js';
import {
  actionBodySchema,
  assignBodySchema,
  calendarQuerySchema,
  changesQuerySchema,
  exportQuerySchema,
  itemIdParam,
  listQuerySchema,
  noteBodySchema,
  toFilter,
  tokenCreateSchema,
  wontdoBodySchema,
} from './schemas.js';

export function parseWith<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationProblem(`invalid ${what}`, result.error);
  return result.data;
}

/** Query strings as one object (repeated keys joined with commas, so both styles work). */
export function queryObject(c: AppContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, values] of Object.entries(c.req.queries())) out[key] = values.join(',');
  return out;
}

async function jsonBody(c: AppContext): Promise<unknown> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpProblem(400, 'the body is not valid JSON', 'BODY_NOT_JSON');
  }
}

export async function findItemOr404(deps: AppDeps, id: string, now: Date) {
  const item = await deps.store.workItems.get(id, { now });
  if (!item) throw new HttpProblem(404, `work item ${id} does not exist`, 'WORK_ITEM_NOT_FOUND');
  return item;
}

/** Links a person needs next to an item: its console page, the Health dashboard, the catalog's references. */
export function itemLinks(item: WorkItem, kind: EventKind | undefined) {
  return {
    console: consoleUrl({
      service: item.service,
      region: item.region,
      resource: item.resource,
      kind: item.kind,
    }),
    health: HEALTH_DASHBOARD_URL,
    documentation: (kind?.references ?? []).map((r) => ({ title: r.title, url: r.url })),
  };
}

export function exportTable(items: WorkItem[], lang: 'ja' | 'en', timeZone: string): ExportTable {
  const t = translator(lang);
  return {
    sheetName: t('export.sheet'),
    columns: [
      { key: 'id', label: t('field.id'), width: 8 },
      { key: 'title', label: t('field.title'), width: 48 },
      { key: 'category', label: t('field.category'), width: 12 },
      { key: 'kind', label: t('field.kind'), width: 28 },
      { key: 'status', label: t('field.status'), width: 12 },
      { key: 'urgency', label: t('field.urgency'), width: 12 },
      { key: 'due', label: t('field.due'), width: 12 },
      { key: 'eventDate', label: t('field.eventDate'), width: 22 },
      { key: 'account', label: t('field.account'), width: 14 },
      { key: 'region', label: t('field.region'), width: 16 },
      { key: 'service', label: t('field.service'), width: 14 },
      { key: 'resource', label: t('field.resource'), width: 48 },
      { key: 'owner', label: t('field.owner'), width: 14 },
      { key: 'team', label: t('field.team'), width: 14 },
      { key: 'updated', label: t('field.updated'), width: 22 },
    ],
    rows: items.map((item) => ({
      id: item.ref,
      title: item.title,
      category: t(`category.${item.category}`),
      kind: item.kind,
      status: t(`status.${item.status}`),
      urgency: t(`urgency.${item.urgency}`),
      due: formatDay(item.dueDate, timeZone),
      eventDate: item.eventDate ? formatInstant(item.eventDate, lang, timeZone) : '',
      account: item.accountId,
      region: item.region,
      service: item.service,
      resource: item.resource,
      owner: item.owner ?? '',
      team: item.team ?? '',
      updated: formatInstant(item.updatedAt, lang, timeZone),
    })),
  };
}

/** Fetches every item matching a filter, page by page (exports and the calendar). */
async function collect(deps: AppDeps, query: z.output<typeof listQuerySchema>, max: number, now: Date) {
  const filter = toFilter(query);
  const items: WorkItem[] = [];
  // Keyset pages: each as cheap as the first, however far the export goes.
  let cursor: string | undefined = query.cursor;
  while (items.length < max) {
    const page = await deps.store.workItems.list(filter, {
      limit: Math.min(1000, max - items.length),
      ...(cursor ? { cursor } : {}),
      sort: query.sort,
      now,
    });
    items.push(...page.items);
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  return items;
}

const ACTIONS: Record<string, HumanAction> = {
  acknowledge: 'ack',
  start: 'start',
  done: 'done',
  wontdo: 'wontdo',
  reopen: 'reopen',
};

type Now = () => Date;

/** The REST API under /api and the calendar feed. Every route here is described in openapi.ts. */
export function apiRoutes(deps: AppDeps, auth: ServerAuth): Hono<Env> {
  const api = new Hono<Env>();
  const now = deps.now ?? (() => new Date());

  api.get('/api/openapi.json', (c) => c.json(openApiDocument()));
  itemReadRoutes(api, deps, now);
  itemWriteRoutes(api, deps, now);
  overviewRoutes(api, deps, now);
  tokenRoutes(api, auth.tokens, now);
  api.get('/calendar.ics', (c) => calendarFeed(c, deps, now));
  return api;
}

/** Listing, exports and one item. The export paths come before `:id` so they are not taken for ids. */
function itemReadRoutes(api: Hono<Env>, deps: AppDeps, now: Now): void {
  api.get('/api/items', async (c) => {
    const query = parseWith(listQuerySchema, queryObject(c), 'query');
    const at = now();
    const page = await deps.store.workItems.list(toFilter(query), {
      limit: query.limit,
      offset: query.offset,
      ...(query.cursor ? { cursor: query.cursor } : {}),
      sort: query.sort,
      now: at,
    });
    return c.json({
      items: page.items,
      total: page.total,
      offset: query.offset,
      limit: query.limit,
      nextCursor: page.nextCursor,
    });
  });

  api.get('/api/items/export.csv', async (c) => {
    const query = parseWith(exportQuerySchema, queryObject(c), 'query');
    const items = await collect(deps, query, query.limit, now());
    const lang = query.lang ?? c.get('lang');
    const body = toCsv(exportTable(items, lang, c.get('timeZone')));
    return c.body(body, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="opsradar-work-items.csv"',
    });
  });

  api.get('/api/items/export.xlsx', async (c) => {
    const query = parseWith(exportQuerySchema, queryObject(c), 'query');
    const items = await collect(deps, query, query.limit, now());
    const lang = query.lang ?? c.get('lang');
    const body = await toXlsx(exportTable(items, lang, c.get('timeZone')));
    return c.body(body, 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': 'attachment; filename="opsradar-work-items.xlsx"',
    });
  });

  api.get('/api/items/:id', async (c) => {
    const { id } = parseWith(itemIdParam, c.req.param(), 'path');
    const item = await findItemOr404(deps, id, now());
    return c.json({ ...item, links: itemLinks(item, deps.catalog.get(item.kind)) });
  });
}

/** What a write on one item hands its handler: the item id, the body as parsed, and who writes. */
interface ItemWrite<B> {
  id: string;
  body: B;
  actor: string;
  now: Date;
}

/**
 * `POST /api/items/:id/<path>`: operators only, only where API writes are allowed; the path and body are
 * checked before the item is looked up, and a missing item is a 404 before anything is written.
 */
function itemWriteRoute<B>(
  api: Hono<Env>,
  deps: AppDeps,
  now: Now,
  route: { path: string; body: (raw: unknown) => B; created?: boolean },
  write: (w: ItemWrite<B>) => Promise<WorkItem>,
): void {
  api.post(`/api/items/:id/${route.path}`, async (c) => {
    const caller = requireRole(c, 'operator');
    assertApiWriteAllowed(c);
    const { id } = parseWith(itemIdParam, c.req.param(), 'path');
    const body = route.body(await jsonBody(c));
    await findItemOr404(deps, id, now());
    const item = await write({ id, body, actor: caller.actor, now: now() });
    return c.json(item, route.created ? 201 : 200);
  });
}

/** Status transitions, assignment and notes. */
function itemWriteRoutes(api: Hono<Env>, deps: AppDeps, now: Now): void {
  const items = deps.store.workItems;
  for (const [path, action] of Object.entries(ACTIONS)) {
    const body = (raw: unknown) =>
      action === 'wontdo'
        ? parseWith(wontdoBodySchema, raw, 'body')
        : { ...parseWith(actionBodySchema, raw, 'body'), reason: undefined };
    itemWriteRoute(api, deps, now, { path, body }, (w) =>
      items.transition(w.id, action, {
        actor: w.actor,
        note: w.body.note,
        reason: w.body.reason,
        now: w.now,
      }),
    );
  }
  const assignBody = (raw: unknown) => parseWith(assignBodySchema, raw, 'body');
  itemWriteRoute(api, deps, now, { path: 'assign', body: assignBody }, (w) =>
    items.assign(w.id, w.body.owner, w.actor, {
      ...(w.body.team !== undefined ? { team: w.body.team } : {}),
      note: w.body.note,
      now: w.now,
    }),
  );
  const noteBody = (raw: unknown) => parseWith(noteBodySchema, raw, 'body');
  itemWriteRoute(api, deps, now, { path: 'notes', body: noteBody, created: true }, (w) =>
    items.addNote(w.id, w.body.note, w.actor, { now: w.now }),
  );
}

/** Counts, recent changes, coverage and the catalog. */
function overviewRoutes(api: Hono<Env>, deps: AppDeps, now: Now): void {
  api.get('/api/counts', async (c) => c.json(await deps.store.workItems.counts({ now: now() })));

  api.get('/api/changes', async (c) => {
    const query = parseWith(changesQuerySchema, queryObject(c), 'query');
    const at = now();
    const since = query.since ?? new Date(at.getTime() - DAY_MS).toISOString();
    const [items, history] = await Promise.all([
      deps.store.workItems.changedSince(since, { limit: query.limit, now: at }),
      deps.store.workItems.historySince(since, { limit: query.limit }),
    ]);
    return c.json({ since, items, history });
  });

  api.get('/api/coverage', async (c) => c.json({ runs: await latestCoverage(deps) }));

  api.get('/api/catalog', (c) => c.json({ entries: deps.catalog.entries }));

  api.get('/api/catalog/:id', (c) => {
    const entry = deps.catalog.get(c.req.param('id'));
    if (!entry) throw new HttpProblem(404, `no catalog entry ${c.req.param('id')}`, 'CATALOG_UNKNOWN_ID');
    return c.json(entry);
  });
}

/** API tokens: admins only. */
function tokenRoutes(api: Hono<Env>, tokens: ServerAuth['tokens'], now: Now): void {
  api.get('/api/tokens', async (c) => {
    requireRole(c, 'admin');
    return c.json({ tokens: await tokens.list() });
  });

  api.post('/api/tokens', async (c) => {
    requireRole(c, 'admin');
    assertApiWriteAllowed(c);
    const body = parseWith(tokenCreateSchema, await jsonBody(c), 'body');
    const created = await tokens.create({ name: body.name, role: body.role, kind: body.kind, now: now() });
    return c.json({ ...created.record, token: created.token }, 201);
  });

  api.delete('/api/tokens/:id', async (c) => {
    requireRole(c, 'admin');
    assertApiWriteAllowed(c);
    if (!(await tokens.revoke(c.req.param('id'), now()))) {
      throw new HttpProblem(404, `no active token ${c.req.param('id')}`, 'TOKEN_NOT_FOUND');
    }
    return c.body(null, 204);
  });
}

/** The iCalendar feed: each active item's due date, and each maintenance window. */
async function calendarFeed(c: AppContext, deps: AppDeps, now: Now) {
  const query = parseWith(calendarQuerySchema, queryObject(c), 'query');
  const lang = query.lang ?? c.get('lang');
  const t = translator(lang);
  const at = now();
  const filter = listQuerySchema.parse({});
  const items = await collect(
    deps,
    { ...filter, ...query, status: query.status ?? ['active'], limit: 5000, offset: 0 },
    5000,
    at,
  );
  const windows = await deps.store.workItems.maintenanceWindows({ itemIds: items.map((i) => i.id) });
  const base = new URL(c.req.url).origin;
  const events = [
    ...items
      .filter((item) => item.dueDate)
      .map((item) => ({
        uid: `opsradar-item-${item.id}-due@opsradar`,
        summary: t('calendar.due', { title: `${item.ref} ${item.title}` }),
        description: [
          `${t('field.kind')}: ${item.kind}`,
          `${t('field.status')}: ${t(`status.${item.status}`)}`,
          `${t('field.account')}: ${item.accountId} ${item.region}`,
          `${t('field.resource')}: ${item.resource}`,
          `${t('field.owner')}: ${item.owner ?? '-'}`,
        ].join('\n'),
        url: `${base}/items/${item.id}`,
        categories: [t(`category.${item.category}`)],
        date: (item.dueDate ?? '').slice(0, 10),
      })),
    ...windows.map((w) => ({
      uid: `opsradar-item-${w.itemId}-window@opsradar`,
      summary: t('calendar.window', { title: `#${w.itemId} ${w.title}` }),
      url: `${base}/items/${w.itemId}`,
      categories: [t(`category.${w.category as 'scheduled'}`)],
      start: w.start,
      end: w.end,
    })),
  ];
  const body = renderCalendar({ name: t('calendar.name'), events, now: at });
  return c.body(body, 200, {
    'content-type': 'text/calendar; charset=utf-8',
    'content-disposition': 'inline; filename="opsradar.ics"',
    'cache-control': 'private, max-age=300',
  });
}

export const COVERAGE_KINDS = ['scan', 'health', 'eventbridge', 'email'] as const;

/** The latest run of each source with its coverage entries (what it could and could not see). */
export async function latestCoverage(deps: AppDeps) {
  const runs = [];
  for (const kind of COVERAGE_KINDS) {
    const run = await deps.store.scanRuns.latest(kind);
    if (!run) continue;
    runs.push({ ...run, coverage: await deps.store.scanRuns.coverage(run.id) });
  }
  return runs;
}
