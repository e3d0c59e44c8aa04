import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app.js';
import { listen, type RunningServer } from '../src/server/listen.js';
import { tokenStore } from '../src/server/tokens.js';
import type { Store } from '../src/store/index.js';
import { catalog, NOW, seed } from './e2e/seed.js';
import { storeTargets } from './support/stores.js';

const MiB = 1024 * 1024;

interface Upload {
  status: number;
  /** Milliseconds from the first byte sent to the response head. */
  answeredAfterMs: number;
  /** Bytes the client had handed to the socket when the answer came. */
  sentBeforeAnswer: number;
  /** Largest growth of this process's resident memory while the upload ran. */
  peakGrowthBytes: number;
}

/**
 * Streams `total` bytes with chunked transfer encoding (no Content-Length), honouring back-pressure,
 * until the server answers; the server under test runs in this process, so its memory is ours.
 */
function chunkedUpload(url: string, path: string, total: number): Promise<Upload> {
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let sent = 0;
    let answered = false;
    const req = request(new URL(path, url), {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' },
    });
    req.on('response', (res) => {
      answered = true;
      const answeredAfterMs = performance.now() - started;
      res.resume();
      clearInterval(sampler);
      req.destroy();
      resolve({
        status: res.statusCode ?? 0,
        answeredAfterMs,
        sentBeforeAnswer: sent,
        peakGrowthBytes: Math.max(peak, process.memoryUsage().rss) - baseline,
      });
    });
    req.on('error', (error) => {
      if (!answered) {
        clearInterval(sampler);
        reject(error);
      }
    });
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe.each(storeTargets().filter((t) => t.name === 'sqlite'))('request bodies on $name', ({ open }) => {
  let store: Store;
  let server: RunningServer;

  beforeAll(async () => {
    store = await open();
    await seed(store);
    server = await listen(createApp({ store, catalog, now: () => NOW }), { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await store.close();
  });

  it.each(['/ingest/sns', '/api/tokens', '/login'])(
    'refuses a 64 MiB chunked POST to %s within a second, without buffering it',
    async (path) => {
      const upload = await chunkedUpload(server.url, path, 64 * MiB);

      expect(upload.status).toBe(413);
      expect(upload.answeredAfterMs).toBeLessThan(1000);
      expect(upload.peakGrowthBytes).toBeLessThan(32 * MiB);
      expect(upload.sentBeforeAnswer).toBeLessThan(64 * MiB);
    },
  );
});

describe('shutdown', () => {
  it('lets a request in progress finish before closing, and refuses new connections', async () => {
    const target = storeTargets()[0];
    const store = await (target?.open() ?? Promise.reject(new Error('no store')));
    await seed(store);
    const token = (await tokenStore(store.apiTokens).create({ name: 'ops', role: 'operator' })).token;
    const server = await listen(createApp({ store, catalog, now: () => NOW, ingest: false }), {
      host: '127.0.0.1',
      port: 0,
    });
    const id = (await store.workItems.list({ kind: 'abuse-report' })).items[0]?.id;
    const body = JSON.stringify({ note: 'written while the server stops' });

    // A request whose body is still arriving when the stop comes.
    const answer = new Promise<number>((resolve, reject) => {
      const req = request(new URL(`/api/items/${id}/notes`, server.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => req.end(body.slice(10)), 300);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const inFlight = server.inFlight();
    const closing = server.close({ deadlineMs: 5000 });
    const status = await answer;
    const { drained } = await closing;
    const refused = await fetch(server.url).then(
      () => false,
      () => true,
    );
    const stored = await store.workItems.get(id ?? 0);
    await store.close();

    expect(inFlight).toBe(1);
    expect(status).toBe(201);
    expect(drained).toBe(true);
    expect(refused).toBe(true);
    expect(stored?.history.at(-1)?.note).toBe('written while the server stops');
  });
});
