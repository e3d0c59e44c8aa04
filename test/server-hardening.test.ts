import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app.js';
import { type OneTimeLogin, oneTimeLogin } from '../src/server/sessions.js';
import { tokenStore } from '../src/server/tokens.js';
import type { Store } from '../src/store/index.js';
import { catalog, NOW, seed } from './e2e/seed.js';
import { storeTargets } from './support/stores.js';

type App = ReturnType<typeof createApp>;

/** A browser's first visit: the CSRF cookie and the hidden field of the login form. */
async function browserVisit(app: App, host = 'localhost') {
  const loginPage = await app.request('/login', { headers: { host } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await loginPage.text())?.[1] ?? '';
  const cookie = (loginPage.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { csrf, cookie };
}

function formPost(fields: Record<string, string>, cookie: string): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams(fields).toString(),
  };
}

describe.each(storeTargets())('server hardening on $name', ({ open }) => {
  let store: Store;
  let app: App;
  let operator = '';

  beforeAll(async () => {
    store = await open();
    await seed(store);
    app = createApp({ store, catalog, now: () => NOW, requireAuth: true, ingest: false });
    operator = (await tokenStore(store.apiTokens).create({ name: 'ops', role: 'operator' })).token;
  });
  afterAll(async () => {
    await store.close();
  });

  it('answers a NUL in the search text with 400, not a database error', async () => {
    const response = await app.request('/api/items?text=a%00b', {
      headers: { authorization: `Bearer ${operator}` },
    });

    expect(response.status).toBe(400);
    expect((await response.json()).errors[0].path).toBe('text');
  });

  it.each([
    ['/\\evil.example', '/'],
    ['/\t/evil.example', '/'],
    ['//evil.example', '/'],
    ['https://evil.example/', '/'],
    ['/items?status=open#top', '/items?status=open#top'],
  ])('after sign-in, next=%j redirects to %s on this site only', async (next, expected) => {
    const { csrf, cookie } = await browserVisit(app);

    const login = await app.request('/login', formPost({ token: operator, next, _csrf: csrf }, cookie));

    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe(expected);
  });

  it('holds dashboard forms to the API limits: a 5000-character owner is refused and not stored', async () => {
    const { csrf, cookie } = await browserVisit(app);
    const login = await app.request('/login', formPost({ token: operator, next: '/', _csrf: csrf }, cookie));
    const session = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const id = (await store.workItems.list({ kind: 'route53-domain-expiry' })).items[0]?.id;

    const response = await app.request(
      `/items/${id}/actions`,
      formPost({ action: 'assign', owner: 'x'.repeat(5000), _csrf: csrf }, `${cookie}; ${session}`),
    );

    expect(response.status).toBe(400);
    expect(await response.text()).toContain('owner');
    expect((await store.workItems.get(id ?? 0))?.owner).toBeNull();
  });

  it.each(['127.0.0.2:8080', 'localhost:8080', '[::1]:8080'])('serves loopback Host %s', async (host) => {
    const local = createApp({ store, catalog, now: () => NOW, ingest: false });

    const response = await local.request('/healthz', { headers: { host } });

    expect(response.status).toBe(200);
  });

  it('refuses other host names on loopback (DNS rebinding)', async () => {
    const local = createApp({ store, catalog, now: () => NOW, ingest: false });

    const response = await local.request('/healthz', { headers: { host: 'evil.example:8080' } });

    expect(response.status).toBe(421);
  });
});

describe.each(storeTargets())('sign-in and tokens on $name', ({ open }) => {
  let store: Store;
  let local: App;
  let network: App;
  let login: OneTimeLogin;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    store = await open();
    await seed(store);
    login = oneTimeLogin();
    local = createApp({ store, catalog, now: () => NOW, localActor: 'sato', ingest: false, login });
    network = createApp({
      store,
      catalog,
      now: () => NOW,
      requireAuth: true,
      trustProxy: true,
      ingest: false,
    });
    const created = tokenStore(store.apiTokens);
    tokens.admin = (await created.create({ name: 'root', role: 'admin' })).token;
    tokens.operator = (await created.create({ name: 'ops', role: 'operator' })).token;
    tokens.feed = (await created.create({ name: 'outlook', role: 'viewer', kind: 'feed' })).token;
  });
  afterAll(async () => {
    await store.close();
  });

  const bearer = (token: string | undefined, init: RequestInit = {}): RequestInit => ({
    ...init,
    headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
  });

  it('refuses an unauthenticated POST /api/tokens on loopback and creates nothing', async () => {
    const before = (await store.apiTokens.list()).length;

    const response = await local.request('/api/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json', host: '127.0.0.1:8080' },
      body: JSON.stringify({ name: 'backdoor', role: 'admin' }),
    });

    expect(response.status).toBe(401);
    expect((await store.apiTokens.list()).length).toBe(before);
  });

  it('shows loopback a read-only view that says so, and refuses its form posts', async () => {
    const { csrf, cookie } = await browserVisit(local, '127.0.0.1');
    const id = (await store.workItems.list({ kind: 'abuse-report' })).items[0]?.id;

    const overview = await local.request('/', { headers: { host: '127.0.0.1' } });
    const act = await local.request(`/items/${id}/actions`, formPost({ action: 'ack', _csrf: csrf }, cookie));

    expect(overview.status).toBe(200);
    expect(await overview.text()).toContain('data-read-only');
    expect(act.status).toBe(401);
    expect((await store.workItems.get(id ?? 0))?.status).toBe('open');
  });

  it('signs in with the one-time link once, as the local user, with a session id instead of a token', async () => {
    const first = await local.request(`/login?code=${login.code}`);
    const again = await local.request(`/login?code=${login.code}`);
    const session = (first.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const id = (await store.workItems.list({ kind: 'route53-domain-expiry' })).items[0]?.id;

    const note = await local.request(`/api/items/${id}/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session },
      body: JSON.stringify({ note: 'renewal ordered' }),
    });

    expect(first.status).toBe(303);
    expect(session).toMatch(/^opsradar_session=[A-Za-z0-9_-]{40,}$/);
    expect(again.status).toBe(403);
    expect(note.status).toBe(201);
    expect((await store.workItems.get(id ?? 0))?.history.at(-1)).toMatchObject({ actor: 'sato' });
  });

  it('does not open the calendar with an admin token, and opens nothing else with a feed token', async () => {
    const adminByUrl = await network.request(`/calendar.ics?token=${tokens.admin}`);
    const adminByHeader = await network.request('/calendar.ics', bearer(tokens.admin));
    const feed = await network.request(`/calendar.ics?token=${tokens.feed}`);
    const feedApi = await network.request('/api/items', bearer(tokens.feed));
    const feedDashboard = await network.request('/', bearer(tokens.feed));
    const { csrf, cookie } = await browserVisit(network);
    const feedLogin = await network.request(
      '/login',
      formPost({ token: tokens.feed ?? '', _csrf: csrf }, cookie),
    );

    expect(adminByUrl.status).toBe(403);
    expect(adminByHeader.status).toBe(403);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('BEGIN:VCALENDAR');
    expect(feedApi.status).toBe(403);
    expect(feedDashboard.status).toBe(403);
    expect(feedLogin.headers.get('location')).toContain('invalid=1');
    expect(feedLogin.headers.get('set-cookie') ?? '').not.toContain('opsradar_session');
  });

  it('revokes a feed token like any other', async () => {
    const created = await tokenStore(store.apiTokens).create({ name: 'gcal', role: 'viewer', kind: 'feed' });
    await tokenStore(store.apiTokens).revoke(created.record.id);

    const response = await network.request(`/calendar.ics?token=${created.token}`);

    expect(response.status).toBe(401);
  });

  it('revokes the session at sign-out, and marks the cookie Secure behind a trusted https proxy', async () => {
    const { csrf, cookie } = await browserVisit(network);
    const signIn = await network.request('/login', {
      ...formPost({ token: tokens.operator ?? '', next: '/', _csrf: csrf }, cookie),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie,
        'x-forwarded-proto': 'https',
      },
    });
    const setCookie = signIn.headers.get('set-cookie') ?? '';
    const session = setCookie.split(';')[0] ?? '';

    const before = await network.request('/api/counts', { headers: { cookie: session } });
    await network.request('/logout', formPost({ _csrf: csrf }, `${cookie}; ${session}`));
    const after = await network.request('/api/counts', { headers: { cookie: session } });

    expect(setCookie).toContain('Secure');
    expect(session).not.toContain(tokens.operator);
    expect(before.status).toBe(200);
    expect(after.status).toBe(401);
  });

  it('ends the sessions of a revoked token', async () => {
    const created = await tokenStore(store.apiTokens).create({ name: 'temp', role: 'viewer' });
    const { csrf, cookie } = await browserVisit(network);
    const signIn = await network.request('/login', formPost({ token: created.token, _csrf: csrf }, cookie));
    const session = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

    const before = await network.request('/api/counts', { headers: { cookie: session } });
    await tokenStore(store.apiTokens).revoke(created.record.id);
    const after = await network.request('/api/counts', { headers: { cookie: session } });

    expect(before.status).toBe(200);
    expect(after.status).toBe(401);
  });
});
