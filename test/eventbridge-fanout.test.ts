import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/index.js';
import { MAX_RESOURCES_PER_EVENT } from '../src/ingest/eventbridge/event.js';
import { type IngestLogEntry, ingestRoutes } from '../src/server/ingest/index.js';
import type { Store } from '../src/store/index.js';
import { storeTargets } from './support/stores.js';

const API_KEY = 'k3y-for-tests-only-0123456789';
const catalog = loadCatalog();

/** An event naming `count` resources, with a bulky detail (fixed text: deterministic). */
function wideEvent(count: number, detailBytes: number) {
  return {
    version: '0',
    id: '6f2b1c52-0000-4000-8000-00000000fan0',
    'detail-type': 'Tag Change on Resource',
    source: 'aws.tag',
    account: '111122223333',
    time: '2026-11-30T00:00:00Z',
    region: 'ap-northeast-1',
    resources: Array.from(
      { length: count },
      (_, i) => `arn:aws:ec2:ap-northeast-1:111122223333:instance/i-${String(i).padStart(17, '0')}`,
    ),
    detail: { note: 'x'.repeat(detailBytes), service: 'ec2' },
  };
}

describe.each(storeTargets())('a wide EventBridge event on $name', ({ open }) => {
  let store: Store;
  let logs: IngestLogEntry[];
  beforeEach(async () => {
    store = await open();
    logs = [];
  });
  afterEach(async () => {
    await store.close();
  });

  it('is cut at the fan-out cap with a count of what was left out, and its detail is stored once', async () => {
    // Prepare
    const app = ingestRoutes({
      store,
      catalog,
      settings: {
        eventbridge: { apiKeyHeader: 'x-api-key', apiKey: API_KEY },
        sns: { allowedTopicArns: [], maxAgeSeconds: 3600 },
      },
      log: (entry) => logs.push(entry),
    });
    const event = wideEvent(MAX_RESOURCES_PER_EVENT + 1500, 100_000);

    // Act
    const response = await app.request('/ingest/eventbridge', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
      body: JSON.stringify(event),
    });

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ occurrences: MAX_RESOURCES_PER_EVENT, resourcesCut: 1500 });
    expect(logs.at(-1)).toMatchObject({ level: 'warn', resourcesCut: 1500 });
    const stored = await store.occurrences.list({ source: 'eventbridge' });
    expect(stored).toHaveLength(MAX_RESOURCES_PER_EVENT);
    const first = stored.find((o) => o.resource === event.resources[0]);
    expect(first?.evidence).toMatchObject({ resourcesTotal: 2500, resourcesCut: 1500, detail: event.detail });
    const others = stored.filter((o) => o !== first);
    expect(others.every((o) => o.evidence.detail === undefined)).toBe(true);
    expect(others[0]?.evidence.detailIn).toEqual({ eventBridgeId: event.id, resource: event.resources[0] });
    const bytes = stored.reduce((n, o) => n + JSON.stringify(o.evidence).length, 0);
    expect(bytes).toBeLessThan(100_000 + MAX_RESOURCES_PER_EVENT * 400);
  });
});
