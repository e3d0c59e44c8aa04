import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/index.js';
import { createApp } from '../src/server/app.js';
import type { Store } from '../src/store/index.js';
import { storeTargets } from './support/stores.js';

const samples = join(import.meta.dirname, '..', 'src', 'ingest', 'health', 'samples');
const API_KEY = 'k3y-for-tests-only-0123456789';
const catalog = loadCatalog();

describe.each(storeTargets())('a pushed event on the dashboard, on $name', ({ open }) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('becomes a work item as soon as EventBridge delivers it, owned per the routing rules', async () => {
    // Prepare
    const app = createApp({
      store,
      catalog,
      now: () => new Date('2026-11-21T00:00:00Z'),
      config: {
        path: null,
        raw: {
          ingest: { eventbridge: { apiKeyHeader: 'x-opsradar-key', apiKey: API_KEY } },
          routing: { rules: [{ match: { kind: 'ec2-scheduled-event' }, owner: 'infra-team' }] },
        },
      },
    });
    const event = readFileSync(join(samples, 'eventbridge-ec2-retirement.json'), 'utf8');
    // Act
    const response = await app.request('/ingest/eventbridge', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-opsradar-key': API_KEY },
      body: event,
    });
    // Assess
    expect(response.status).toBe(200);
    const { items, total } = await store.workItems.list({}, { limit: 10 });
    expect(total).toBe(1);
    expect(items[0]).toMatchObject({ kind: 'ec2-scheduled-event', status: 'open', owner: 'infra-team' });
  });

  it('shows every push of a burst as a work item by the time its answer arrives (syncs are shared)', async () => {
    // Prepare
    const app = createApp({
      store,
      catalog,
      now: () => new Date('2026-11-21T00:00:00Z'),
      config: { path: null, raw: { ingest: { eventbridge: { apiKey: API_KEY } } } },
    });
    const sample = JSON.parse(readFileSync(join(samples, 'eventbridge-ec2-retirement.json'), 'utf8'));
    const event = (i: number) => ({
      ...sample,
      id: `burst-${i}`,
      resources: [`i-0burst${i}`],
      detail: {
        ...sample.detail,
        eventArn: `${sample.detail.eventArn}-${i}`,
        affectedEntities: [{ entityValue: `i-0burst${i}` }],
      },
    });
    // Act
    const seen = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const response = await app.request('/ingest/eventbridge', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
          body: JSON.stringify(event(i)),
        });
        const { items } = await store.workItems.list({ text: `i-0burst${i}` }, { limit: 5 });
        return { status: response.status, items: items.length };
      }),
    );
    // Assess
    expect(seen).toEqual(Array.from({ length: 6 }, () => ({ status: 200, items: 1 })));
  });
});
