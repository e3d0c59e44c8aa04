import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app.js';
import { oneTimeLogin } from '../src/server/sessions.js';
import { tokenStore } from '../src/server/tokens.js';
import type { Store } from '../src/store/index.js';
import { catalog, NOW, seed } from './e2e/seed.js';
import { storeTargets, type TestStore } from './support/stores.js';

type App = ReturnType<typeof createApp>;

/** The session cookie of the browser that opened the one-time sign-in link (set in beforeAll). */
let session = '';

function json(body: unknown): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: session },
    body: JSON.stringify(body),
  };
}

describe.each(storeTargets())('REST API on $name', ({ open }) => {
  let store: Store;
  let app: App;

  beforeAll(async () => {
    store = await open();
    await seed(store);
    const login = oneTimeLogin();
    app = createApp({ store, catalog, now: () => NOW, localActor: 'tester', ingest: false, login });
    const signIn = await app.request(`/login?code=${login.code}`);
    session = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  });
  afterAll(async () => {
    await store.close();
  });

  it('lists work items with filters and paging', async () => {
    // Act
    const all = await (await app.request('/api/items?limit=2')).json();
    const emergency = await (await app.request('/api/items?category=emergency')).json();
    const text = await (await app.request('/api/items?text=SHOP.example')).json();
    const second = await (await app.request('/api/items?limit=2&offset=2&sort=id')).json();

    // Assess: the scanner and Health sightings of one retirement are one item
    expect(all.total).toBe(6);
    expect(all.items).toHaveLength(2);
    expect(emergency.items.map((i: { kind: string }) => i.kind).sort()).toEqual([
      'directconnect-maintenance',
      'ec2-scheduled-event',
    ]);
    expect(text.items).toHaveLength(1);
    expect(text.items[0].kind).toBe('acm-certificate-expiry');
    expect(second.items.map((i: { id: number }) => i.id)).toEqual([3, 4]);
  });

  it('filters by urgency, owner and due date', async () => {
    const overdue = await (await app.request('/api/items?urgency=overdue')).json();
    const network = await (await app.request('/api/items?owner=network')).json();
    const soon = await (await app.request('/api/items?dueBefore=2026-12-05')).json();

    // ACM: expiry in 20 days with 30 days lead time; abuse report: due when reported
    expect(overdue.items.map((i: { kind: string }) => i.kind).sort()).toEqual([
      'abuse-report',
      'acm-certificate-expiry',
    ]);
    expect(network.items.map((i: { accountId: string }) => i.accountId)).toEqual([
      '444455556666',
      '444455556666',
    ]);
    expect(soon.items.map((i: { kind: string }) => i.kind).sort()).toEqual([
      'abuse-report',
      'acm-certificate-expiry',
      'ec2-scheduled-event',
      'load-test-request',
    ]);
  });

  it('answers bad filters with problem+json naming the field', async () => {
    const response = await app.request('/api/items?category=urgent&limit=0');

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const body = await response.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['category', 'limit']);
  });

  it('shows an item with all its evidence, history and links', async () => {
    const list = await (await app.request('/api/items?kind=ec2-scheduled-event')).json();
    const id = list.items[0].id;

    const response = await app.request(`/api/items/${id}`);

    expect(response.status).toBe(200);
    const item = await response.json();
    expect(item.occurrences.map((o: { source: string }) => o.source).sort()).toEqual(['health', 'scanner']);
    expect(item.history[0].action).toBe('created');
    expect(item.links.console).toBe(
      'https://ap-northeast-1.console.aws.amazon.com/ec2/home?region=ap-northeast-1#InstanceDetails:instanceId=i-0abc1234def567890',
    );
    expect(item.links.documentation.length).toBeGreaterThan(0);
    expect((await app.request('/api/items/9999')).status).toBe(404);
  });

  it('acknowledges, assigns and notes an item, recording who did it', async () => {
    const id = (await (await app.request('/api/items?kind=route53-domain-expiry')).json()).items[0].id;

    const ack = await app.request(`/api/items/${id}/acknowledge`, json({ note: 'renewing this week' }));
    const assign = await app.request(`/api/items/${id}/assign`, json({ owner: 'sato' }));
    const note = await app.request(`/api/items/${id}/notes`, json({ note: '更新手続き中' }));
    const again = await app.request(`/api/items/${id}/acknowledge`, json({}));

    expect(ack.status).toBe(200);
    expect((await ack.json()).status).toBe('acknowledged');
    expect((await assign.json()).owner).toBe('sato');
    expect(note.status).toBe(201);
    expect(again.status).toBe(409);
    expect((await again.json()).code).toBe('INVALID_TRANSITION');
    const stored = await store.workItems.get(id);
    expect(stored?.status).toBe('acknowledged');
    expect(stored?.owner).toBe('sato');
    expect(stored?.history.slice(1).map((h) => [h.action, h.actor, h.note])).toEqual([
      ['ack', 'tester', 'renewing this week'],
      ['assign', 'tester', 'owner: - → sato'],
      ['note', 'tester', '更新手続き中'],
    ]);
  });

  it("requires a reason for won't do and keeps the item unchanged without one", async () => {
    const id = (await (await app.request('/api/items?kind=load-test-request')).json()).items[0].id;

    const missing = await app.request(`/api/items/${id}/wontdo`, json({}));
    const done = await app.request(`/api/items/${id}/wontdo`, json({ reason: 'campaign cancelled' }));

    expect(missing.status).toBe(400);
    expect((await missing.json()).errors[0].path).toBe('reason');
    expect(done.status).toBe(200);
    const stored = await store.workItems.get(id);
    expect(stored?.status).toBe('wont_do');
    expect(stored?.resolution).toBe('campaign cancelled');
  });

  it('refuses browser writes that are not JSON or come from another site', async () => {
    const id = (await (await app.request('/api/items?kind=abuse-report')).json()).items[0].id;

    const form = await app.request(`/api/items/${id}/acknowledge`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session },
      body: 'note=x',
    });
    const crossSite = await app.request(`/api/items/${id}/acknowledge`, {
      ...json({}),
      headers: {
        'content-type': 'application/json',
        origin: 'https://evil.example',
        host: 'localhost',
        cookie: session,
      },
    });
    const rebinding = await app.request('/api/items', { headers: { host: 'evil.example:8080' } });

    expect(form.status).toBe(415);
    expect(crossSite.status).toBe(403);
    expect(rebinding.status).toBe(421);
    expect((await store.workItems.get(id))?.status).toBe('open');
  });

  it('counts agree with the store', async () => {
    const counts = await (await app.request('/api/counts')).json();

    expect(counts).toEqual(await store.workItems.counts({ now: NOW }));
    expect(counts.byCategory.emergency).toBe(2);
  });

  it('exports the filtered list as CSV with a BOM and as XLSX, in the chosen language', async () => {
    const csv = await app.request('/api/items/export.csv?category=emergency&lang=ja');
    const xlsx = await app.request('/api/items/export.xlsx?category=emergency&lang=en');

    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(text.startsWith('\uFEFFID,件名,分類,イベント種別')).toBe(true);
    expect(text).toContain('緊急作業');
    expect(text.trim().split('\r\n')).toHaveLength(3);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.worksheets[0];
    expect(sheet?.getRow(1).getCell(2).value).toBe('Title');
    expect(sheet?.rowCount).toBe(3);
    expect(sheet?.getRow(2).getCell(3).value).toBe('Emergency');
  });

  it('describes every API route in the OpenAPI document', async () => {
    const doc = await (await app.request('/api/openapi.json')).json();

    const routes = app.routes
      .filter((r) => (r.path.startsWith('/api/') || r.path === '/calendar.ics') && r.method !== 'ALL')
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    const documented = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`),
    );
    expect(routes.length).toBeGreaterThan(15);
    expect([...new Set(routes)].sort()).toEqual([...new Set(documented)].sort());
  });
});

describe.each(storeTargets())('calendar feed on $name', ({ open }) => {
  let store: Store;
  let app: App;

  beforeAll(async () => {
    store = await open();
    await seed(store);
    app = createApp({ store, catalog, now: () => NOW, ingest: false });
  });
  afterAll(async () => {
    await store.close();
  });

  it('serves due dates and maintenance windows, the same on every store', async () => {
    const response = await app.request('/calendar.ics?lang=en');

    expect(response.headers.get('content-type')).toContain('text/calendar');
    const ics = await response.text();
    await expect(ics.replace(/http:\/\/localhost/g, 'http://opsradar.test')).toMatchFileSnapshot(
      './__snapshots__/calendar.ics',
    );
  });
});

describe.each(storeTargets())('access tokens on $name', ({ open }) => {
  let store: TestStore;
  let app: App;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    store = await open();
    await seed(store);
    app = createApp({ store, catalog, now: () => NOW, requireAuth: true, ingest: false });
    for (const role of ['viewer', 'operator', 'admin'] as const) {
      tokens[role] = (await tokenStore(store.apiTokens).create({ name: `${role}-bot`, role })).token;
    }
  });
  afterAll(async () => {
    await store.close();
  });

  const as = (role: string, init: RequestInit = {}): RequestInit => ({
    ...init,
    headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${tokens[role]}` },
  });

  it('stores only the hash of a token', async () => {
    const rows = await store.raw.selectFrom('api_tokens').select(['token_hash', 'name']).execute();

    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) {
      expect(Object.values(tokens)).not.toContain(row.token_hash);
      expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('needs a token for the API and the calendar, and a sign-in for the dashboard', async () => {
    const api = await app.request('/api/items');
    const wrong = await app.request('/api/items', { headers: { authorization: 'Bearer opsr_wrong' } });
    const calendar = await app.request('/calendar.ics');
    const dashboard = await app.request('/');
    const feed = (await tokenStore(store.apiTokens).create({ name: 'outlook', role: 'viewer', kind: 'feed' }))
      .token;
    const calendarWithFeedToken = await app.request(`/calendar.ics?token=${feed}`);

    expect(api.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(calendar.status).toBe(401);
    expect(dashboard.status).toBe(303);
    expect(dashboard.headers.get('location')).toBe('/login?next=%2F');
    expect(calendarWithFeedToken.status).toBe(200);
  });

  it('lets a viewer read but not act, an operator act, and only an admin manage tokens', async () => {
    const id = (await (await app.request('/api/items?kind=abuse-report', as('viewer'))).json()).items[0].id;

    const viewerAck = await app.request(`/api/items/${id}/acknowledge`, as('viewer', json({})));
    const operatorAck = await app.request(`/api/items/${id}/acknowledge`, as('operator', json({})));
    const operatorTokens = await app.request('/api/tokens', as('operator'));
    const adminCreate = await app.request('/api/tokens', as('admin', json({ name: 'ci', role: 'viewer' })));

    expect(viewerAck.status).toBe(403);
    expect(operatorAck.status).toBe(200);
    const item = await store.workItems.get(id);
    expect(item?.history.at(-1)?.actor).toBe('operator-bot');
    expect(operatorTokens.status).toBe(403);
    expect(adminCreate.status).toBe(201);
    const created = await adminCreate.json();
    const withNew = await app.request('/api/counts', {
      headers: { authorization: `Bearer ${created.token}` },
    });
    expect(withNew.status).toBe(200);
  });

  it('signs a browser in with a token and protects its forms against CSRF', async () => {
    const loginPage = await app.request('/login');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await loginPage.text())?.[1] ?? '';
    const cookie = (loginPage.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const form = (fields: Record<string, string>, extra: string) => ({
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: [cookie, extra].filter(Boolean).join('; '),
      },
      body: new URLSearchParams(fields).toString(),
    });

    const forged = await app.request('/login', form({ token: tokens.operator ?? '', next: '/' }, ''));
    const login = await app.request(
      '/login',
      form({ token: tokens.operator ?? '', next: '/items', _csrf: csrf }, ''),
    );
    const session = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const list = await app.request('/items', { headers: { cookie: session } });
    const id = (await store.workItems.list({ kind: 'route53-domain-expiry' })).items[0]?.id;
    const noCsrf = await app.request(`/items/${id}/actions`, form({ action: 'note', note: 'x' }, session));
    const withCsrf = await app.request(
      `/items/${id}/actions`,
      form({ action: 'note', note: 'checked with registrar', _csrf: csrf }, session),
    );

    expect(forged.status).toBe(403);
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/items');
    expect(session).toMatch(/^opsradar_session=/);
    expect(list.status).toBe(200);
    expect(noCsrf.status).toBe(403);
    expect(withCsrf.status).toBe(303);
    const item = await store.workItems.get(id ?? 0);
    expect(item?.history.at(-1)).toMatchObject({
      action: 'note',
      actor: 'operator-bot',
      note: 'checked with registrar',
    });
  });
});
