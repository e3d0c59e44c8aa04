import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/index.js';
import { startServeNotifier } from '../src/cli/notify.js';
import type { Config } from '../src/config/index.js';
import { DAY_MS } from '../src/core/time.js';
import type { Occurrence } from '../src/core/types.js';
import { createApp } from '../src/server/app.js';
import { listen, type RunningServer } from '../src/server/listen.js';
import type { Store } from '../src/store/index.js';
import { type HttpReceiver, startHttpReceiver } from './support/notify-receivers.js';
import { storeTargets } from './support/stores.js';

/**
 * The notification loop of `opsradar serve` (startServeNotifier, as serve starts it) end to end:
 * real store, real catalog, a local webhook receiver, and a clock the test moves. Its minute timer
 * is set to an hour so that only the passes the test asks for (or a pushed event) run.
 */

const catalog = loadCatalog();
const SECRET = 'serve-loop-secret-0123456789';
const API_KEY = 'k3y-for-tests-only-0123456789';
const HOUR = 3_600_000;
const samples = join(import.meta.dirname, '..', 'src', 'ingest', 'health', 'samples');

type Raw = Record<string, unknown>;

function certificate(name: string, dueDate: Date, observedAt: Date): Occurrence {
  return {
    kind: 'acm-certificate-expiry',
    accountId: '111122223333',
    region: 'ap-northeast-1',
    resource: `arn:aws:acm:ap-northeast-1:111122223333:certificate/${name}`,
    // The catalog's lead time for ACM is 30 days: the item is due 30 days before expiry.
    eventDate: new Date(dueDate.getTime() + 30 * DAY_MS).toISOString(),
    source: 'scanner',
    sourceRef: 'scanner:acm-certificate-expiry:acm-certificate-expiry',
    title: `certificate ${name}`,
    evidence: {},
    observedAt: observedAt.toISOString(),
  };
}

function retirement(instance: string, eventDate: Date, observedAt: Date): Occurrence {
  return {
    kind: 'ec2-scheduled-event',
    accountId: '111122223333',
    region: 'ap-northeast-1',
    resource: `arn:aws:ec2:ap-northeast-1:111122223333:instance/${instance}`,
    eventDate: eventDate.toISOString(),
    source: 'scanner',
    sourceRef: 'scanner:ec2-scheduled-events:ec2-scheduled-event',
    title: `instance-retirement ${instance}`,
    evidence: { code: 'instance-retirement' },
    observedAt: observedAt.toISOString(),
  };
}

describe.each(storeTargets())('the serve notification loop on $name', ({ open }) => {
  let store: Store;
  let receiver: HttpReceiver;
  let clock: Date;
  let notifier: ReturnType<typeof startServeNotifier>;
  let server: RunningServer | undefined;

  beforeAll(async () => {
    receiver = await startHttpReceiver();
  });
  afterAll(() => receiver.close());
  beforeEach(async () => {
    store = await open();
    receiver.requests.length = 0;
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await notifier?.stop();
    await store.close();
  });

  const hook = (name: string, extra: Raw = {}) => ({
    name,
    type: 'webhook',
    url: `${receiver.url}?channel=${name}`,
    secretEnv: 'HOOK_SECRET',
    digestAt: false,
    ...extra,
  });
  const config = (channels: Raw[], rules: Raw[], extra: Raw = {}): Config => ({
    path: null,
    raw: { notify: { baseUrl: 'http://127.0.0.1:8080/', channels, rules }, ...extra },
  });
  const start = (cfg: Config) => {
    notifier = startServeNotifier(store, cfg, catalog, 'en', {
      intervalMs: HOUR,
      now: () => clock,
      env: { HOOK_SECRET: SECRET },
      stderr: () => undefined,
    });
    if (!notifier) throw new Error('no notifier');
    return notifier;
  };
  const seen = async (occurrences: Occurrence[]) => {
    await store.occurrences.record(occurrences);
    await store.workItems.syncFromOccurrences(catalog, { organizationalUnits: {}, rules: [] }, clock);
  };
  /** One pass at the current clock; the keys it delivered. */
  const pass = async (): Promise<string[]> => {
    const before = receiver.requests.length;
    notifier?.trigger();
    await notifier?.idle();
    return receiver.requests.slice(before).map((r) => String(r.headers['idempotency-key']));
  };
  const idOf = async (resource: string) => {
    const { items } = await store.workItems.list({}, { limit: 100 });
    const item = items.find((i) => i.resource.endsWith(resource));
    if (!item) throw new Error(`no item for ${resource}`);
    return item.id;
  };

  it('holds a new scheduled item during quiet hours but sends a new emergency at once', async () => {
    clock = new Date('2026-12-01T14:30:00Z'); // 23:30 in Tokyo
    await seen([
      certificate('quiet', new Date('2027-01-20T00:00:00Z'), clock),
      retirement('i-0emergency', new Date('2026-12-04T00:00:00Z'), clock),
    ]);
    const loop = start(
      config([hook('ops', { quietHours: { from: '22:00', to: '07:00' } })], [{ channel: 'ops' }]),
    );
    await loop.idle();
    const emergency = await idOf('i-0emergency');
    const scheduled = await idOf('certificate/quiet');
    expect(receiver.requests.map((r) => r.headers['idempotency-key'])).toEqual([
      `item:${emergency}|announce|ops`,
    ]);
    expect(await store.notifyOutbox.counts()).toMatchObject({ sent: 1, pending: 1 });

    clock = new Date('2026-12-01T21:59:00Z'); // 06:59: still quiet
    expect(await pass()).toEqual([]);
    clock = new Date('2026-12-01T22:00:00Z'); // 07:00: quiet hours over
    expect(await pass()).toEqual([`item:${scheduled}|announce|ops`]);
  });

  it('escalates an overdue item nobody acknowledged to the second channel, and only that one', async () => {
    const due = new Date('2026-12-09T00:00:00Z');
    clock = new Date(due.getTime() + 12 * HOUR);
    await seen([certificate('ignored', due, clock), certificate('acked', due, clock)]);
    const ignored = await idOf('certificate/ignored');
    const acked = await idOf('certificate/acked');
    start(
      config([hook('ops'), hook('leads')], [{ channel: 'ops', escalateTo: 'leads', escalateAfterHours: 24 }]),
    );
    await notifier?.idle();
    expect(receiver.requests.map((r) => r.headers['idempotency-key']).sort()).toEqual(
      [`item:${ignored}|announce|ops`, `item:${acked}|announce|ops`].sort(),
    );
    await store.workItems.transition(acked, 'ack', { actor: 'sato', now: clock });

    clock = new Date(due.getTime() + 23 * HOUR);
    expect(await pass()).toEqual([]);
    clock = new Date(due.getTime() + 25 * HOUR);
    expect(await pass()).toEqual([`item:${ignored}|escalation@2026-12-09|leads`]);
    expect(receiver.requests.at(-1)?.path).toBe('/hook?channel=leads');
    expect(await pass()).toEqual([]);
  });

  it('sends the daily digest at 09:00 Asia/Tokyo, once a day', async () => {
    clock = new Date('2026-12-01T20:00:00Z'); // 05:00 on 12-02 in Tokyo
    await seen([certificate('soon', new Date('2026-12-08T00:00:00Z'), clock)]);
    const id = await idOf('certificate/soon');
    start(config([hook('ops', { digestAt: '09:00' })], [{ channel: 'ops', announce: 'digest' }]));
    await notifier?.idle();
    expect(receiver.requests).toEqual([]);

    clock = new Date('2026-12-01T23:59:00Z'); // 08:59
    expect(await pass()).toEqual([]);
    clock = new Date('2026-12-02T00:00:00Z'); // 09:00
    expect(await pass()).toEqual(['digest:2026-12-02|ops']);
    const body = JSON.parse(receiver.requests.at(-1)?.body ?? '{}') as {
      digest: { newItems: { id: number }[]; dueSoon: { id: number }[] };
    };
    expect(body.digest.newItems.map((i) => i.id)).toEqual([id]);
    expect(body.digest.dueSoon.map((i) => i.id)).toEqual([id]);
    clock = new Date('2026-12-02T05:00:00Z');
    expect(await pass()).toEqual([]);
    clock = new Date('2026-12-03T00:00:00Z');
    expect(await pass()).toEqual(['digest:2026-12-03|ops']);
  });

  it("reminds at the catalog's reminderDays before the due date, once each", async () => {
    const due = new Date('2026-12-20T00:00:00Z');
    clock = new Date('2026-12-01T01:00:00Z');
    await seen([certificate('remind', due, clock)]);
    const id = await idOf('certificate/remind');
    start(config([hook('ops')], [{ channel: 'ops' }]));
    await notifier?.idle();
    expect(receiver.requests.map((r) => r.headers['idempotency-key'])).toEqual([`item:${id}|announce|ops`]);
    const at = (days: number, hours = 1) => new Date(due.getTime() - days * DAY_MS + hours * HOUR);
    const sent: Record<string, string[]> = {};
    for (const [label, time] of [
      ['14d', at(14)],
      ['10d', at(10)],
      ['7d', at(7)],
      ['7d+1h', at(7, 2)],
      ['3d', at(3)],
      ['0d', at(0)],
    ] as const) {
      clock = time;
      sent[label] = await pass();
    }
    const key = (days: number) => `item:${id}|reminder:${days}d@2026-12-20|ops`;
    expect(sent).toEqual({
      '14d': [key(14)],
      '10d': [],
      '7d': [key(7)],
      '7d+1h': [],
      '3d': [key(3)],
      '0d': [key(0)],
    });
  });

  it('sends an emergency pushed by EventBridge within 60 seconds of its arrival', async () => {
    clock = new Date('2026-11-21T00:00:00Z'); // 09:00 in Tokyo
    const cfg = config([hook('ops', { quietHours: { from: '00:00', to: '23:59' } })], [{ channel: 'ops' }], {
      ingest: { eventbridge: { apiKeyHeader: 'x-opsradar-key', apiKey: API_KEY } },
    });
    const loop = start(cfg);
    await loop.idle();
    server = await listen(
      createApp({ store, catalog, config: cfg, now: () => clock, onIngested: () => loop.trigger() }),
      { host: '127.0.0.1', port: 0 },
    );
    const pushedAt = Date.now();
    const response = await fetch(new URL('/ingest/eventbridge', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-opsradar-key': API_KEY },
      body: readFileSync(join(samples, 'eventbridge-ec2-retirement.json'), 'utf8'),
    });
    expect(response.status).toBe(200);
    // The minute timer is an hour here: only the push can have started this pass.
    while (receiver.requests.length === 0 && Date.now() - pushedAt < 60_000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const elapsed = Date.now() - pushedAt;
    const { items } = await store.workItems.list({}, { limit: 10 });
    expect(items.map((i) => [i.kind, i.category])).toEqual([['ec2-scheduled-event', 'emergency']]);
    expect(receiver.requests.map((r) => r.headers['idempotency-key'])).toEqual([
      `item:${items[0]?.id}|announce|ops`,
    ]);
    expect(elapsed).toBeLessThan(60_000);
  }, 90_000);
});
