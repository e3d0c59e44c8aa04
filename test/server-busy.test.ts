import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, SERVER_STORE_OPTIONS } from '../src/server/app.js';
import { tokenStore } from '../src/server/tokens.js';
import { openStore, type Store, sqlitePragmas } from '../src/store/index.js';
import { catalog, NOW, seed } from './e2e/seed.js';
import { storeTargets } from './support/stores.js';

const samples = join(import.meta.dirname, '..', 'src', 'ingest', 'health', 'samples');
const API_KEY = 'k3y-for-tests-only-0123456789';

/** The longest the event loop stood still while `work` ran (a timer ticking every 5 ms measures it). */
async function longestStall<T>(work: () => Promise<T>): Promise<{ value: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const at = performance.now();
    stallMs = Math.max(stallMs, at - last);
    last = at;
  }, 5);
  try {
    const value = await work();
    return { value, stallMs: Math.max(stallMs, performance.now() - last) };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Another process (here: another connection) holds SQLite's write lock, as a scan does. The server
 * must not freeze: writes answer 503 with Retry-After within about its lock wait, reads go on.
 */
describe('a SQLite write lock held elsewhere', () => {
  const sqlite = storeTargets().find((t) => t.name === 'sqlite');
  let store: Store;
  let dispose: () => Promise<void>;
  let path = '';
  let operator = '';
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    const location = await (sqlite?.fresh() ?? Promise.reject(new Error('no sqlite target')));
    dispose = location.dispose;
    path = location.target;
    // What `serve` opens: statements block at most 20 ms, transactions wait 300 ms with timers.
    store = await openStore(path, { busyTimeoutMs: 20, lockWaitMs: 300 });
    await seed(store);
    operator = (await tokenStore(store.apiTokens).create({ name: 'ops', role: 'operator' })).token;
    app = createApp({
      store,
      catalog,
      now: () => NOW,
      requireAuth: true,
      config: { path: null, raw: { ingest: { eventbridge: { apiKey: API_KEY } } } },
    });
  });
  afterAll(async () => {
    await store.close();
    await dispose();
  });

  async function whileLocked<T>(work: () => Promise<T>): Promise<T> {
    const other = new SqliteDatabase(path);
    other.exec('begin immediate');
    try {
      return await work();
    } finally {
      other.exec('rollback');
      other.close();
    }
  }

  it('answers an API write 503 + Retry-After quickly, serves reads meanwhile, and never stalls the loop', async () => {
    // Prepare
    const id = (await store.workItems.list({}, { limit: 1 })).items[0]?.id;
    const auth = { authorization: `Bearer ${operator}` };

    // Act
    const { value, stallMs } = await longestStall(() =>
      whileLocked(async () => {
        const started = performance.now();
        const write = app.request(`/api/items/${id}/acknowledge`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ note: 'on it' }),
        });
        const read = await app.request('/api/items?limit=5', { headers: auth });
        const readMs = performance.now() - started;
        const response = await write;
        return { response, read, readMs, writeMs: performance.now() - started };
      }),
    );

    // Assess
    expect(value.response.status).toBe(503);
    expect(value.response.headers.get('retry-after')).toBe('1');
    expect((await value.response.json()).code).toBe('STORE_BUSY');
    expect(value.writeMs).toBeLessThan(1500);
    expect(value.read.status).toBe(200);
    expect(value.readMs).toBeLessThan(value.writeMs);
    expect(stallMs).toBeLessThan(250);
    // Once the lock is gone the same write goes through.
    const retried = await app.request(`/api/items/${id}/acknowledge`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ note: 'on it' }),
    });
    expect(retried.status).toBe(200);
  });

  it('answers an EventBridge push 503 + Retry-After, and stores it when the sender retries', async () => {
    // Prepare
    const push = () =>
      app.request('/ingest/eventbridge', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
        body: readFileSync(join(samples, 'eventbridge-ec2-retirement.json'), 'utf8'),
      });
    const before = (await store.occurrences.list({ source: 'eventbridge' })).length;

    // Act
    const { value: busy, stallMs } = await longestStall(() => whileLocked(async () => push()));
    const retried = await push();

    // Assess
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('1');
    expect(stallMs).toBeLessThan(250);
    expect(retried.status).toBe(200);
    expect((await store.occurrences.list({ source: 'eventbridge' })).length).toBe(before + 1);
  });
});

describe('how serve opens its store', () => {
  it('keeps what it acknowledges on disk (SQLite synchronous=FULL) and never blocks long on a lock', () => {
    const pragmas = sqlitePragmas(SERVER_STORE_OPTIONS);

    expect(pragmas).toContain('synchronous = FULL');
    expect(pragmas).toContain('busy_timeout = 50');
    expect(SERVER_STORE_OPTIONS.lockWaitMs).toBeLessThanOrEqual(1000);
    // A CLI run (a scan runs again after a crash) keeps the cheaper default.
    expect(sqlitePragmas()).toContain('synchronous = NORMAL');
  });
});
