import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app.js';
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
