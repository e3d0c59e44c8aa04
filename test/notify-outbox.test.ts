import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildChannel } from '../src/notify/channels/index.js';
import { channelSchema } from '../src/notify/config.js';
import { deliverDue } from '../src/notify/deliver.js';
import type { NewOutboxMessage, Store } from '../src/store/index.js';
import { type HttpReceiver, startHttpReceiver } from './support/notify-receivers.js';
import { storeTargets } from './support/stores.js';

const T0 = new Date('2026-12-02T00:00:00Z');

function message(key: string, notBefore = T0): NewOutboxMessage {
  return {
    idempotencyKey: key,
    channel: 'hook',
    purpose: 'announce',
    workItemId: 1,
    payload: {
      purpose: 'announce',
      channel: 'hook',
      idempotencyKey: key,
      plannedAt: T0.toISOString(),
      item: null,
      reminderDays: null,
      escalatedFrom: null,
      digest: null,
    },
    notBefore: notBefore.toISOString(),
  };
}

describe.each(storeTargets())('notify outbox on $name', ({ open }) => {
  let store: Store;
  let receiver: HttpReceiver;
  beforeAll(async () => {
    receiver = await startHttpReceiver();
  });
  afterAll(() => receiver.close());
  beforeEach(async () => {
    store = await open();
    receiver.requests.length = 0;
  });
  afterEach(() => store.close());

  const channels = () =>
    new Map([
      [
        'hook',
        buildChannel(
          channelSchema.parse({ name: 'hook', type: 'webhook', url: receiver.url, secretEnv: 'S' }),
          { baseUrl: 'http://127.0.0.1:8080', env: { S: 'secret-secret' } },
        ),
      ],
    ]);
  const deliver = (now: Date, maxAttempts = 3) =>
    deliverDue({ outbox: store.notifyOutbox, channels: channels(), now: () => now, maxAttempts });

  it('keeps each idempotency key once', async () => {
    expect(await store.notifyOutbox.enqueue([message('a'), message('b')], T0)).toEqual(['a', 'b']);
    expect(await store.notifyOutbox.enqueue([message('a'), message('c')], T0)).toEqual(['c']);
    expect(await store.notifyOutbox.existingKeys(['a', 'c', 'z'])).toEqual(new Set(['a', 'c']));
    expect((await store.notifyOutbox.list()).total).toBe(3);
  });

  it('sends due messages once and leaves held ones for later', async () => {
    await store.notifyOutbox.enqueue(
      [message('now'), message('later', new Date(T0.getTime() + 3_600_000))],
      T0,
    );
    expect(await deliver(T0)).toEqual({ sent: 1, retrying: 0, dead: 0 });
    expect(await deliver(T0)).toEqual({ sent: 0, retrying: 0, dead: 0 });
    expect(receiver.requests.map((r) => r.headers['idempotency-key'])).toEqual(['now']);
    expect(await store.notifyOutbox.counts()).toMatchObject({ sent: 1, pending: 1 });
  });

  it('honours Retry-After on 429, backs off on 5xx and gives up after the limit', async () => {
    await store.notifyOutbox.enqueue([message('busy')], T0);
    receiver.respond({ status: 429, headers: { 'retry-after': '600' } });
    expect(await deliver(T0)).toEqual({ sent: 0, retrying: 1, dead: 0 });
    const [afterThrottle] = (await store.notifyOutbox.list()).messages;
    expect(afterThrottle?.notBefore).toBe(new Date(T0.getTime() + 600_000).toISOString());
    // Not before Retry-After.
    expect(await deliver(new Date(T0.getTime() + 599_000))).toEqual({ sent: 0, retrying: 0, dead: 0 });

    receiver.respond({ status: 503 }, { status: 503 });
    const t1 = new Date(T0.getTime() + 600_000);
    expect(await deliver(t1)).toEqual({ sent: 0, retrying: 1, dead: 0 });
    const [afterError] = (await store.notifyOutbox.list()).messages;
    expect(afterError?.notBefore).toBe(new Date(t1.getTime() + 60_000).toISOString()); // 2nd failure: 1 min
    expect(await deliver(new Date(t1.getTime() + 60_000))).toEqual({ sent: 0, retrying: 0, dead: 1 });
    const dead = await store.notifyOutbox.list({ status: 'dead' });
    expect(dead.messages[0]).toMatchObject({ idempotencyKey: 'busy', attempts: 3 });
    expect(dead.messages[0]?.lastError).toContain('HTTP 503');
    expect(dead.messages[0]?.lastError).not.toContain(receiver.url);

    // A person fixes the receiver and queues it again.
    expect(await store.notifyOutbox.revive(dead.messages[0]?.id ?? '', t1)).toBe(true);
    expect(await deliver(t1)).toEqual({ sent: 1, retrying: 0, dead: 0 });
  });

  it('sends a 4xx refusal to the dead letters at once', async () => {
    await store.notifyOutbox.enqueue([message('bad')], T0);
    receiver.respond({ status: 400, body: 'invalid_payload' });
    expect(await deliver(T0)).toEqual({ sent: 0, retrying: 0, dead: 1 });
  });

  it('takes over a message whose sender died once its lease has run out', async () => {
    await store.notifyOutbox.enqueue([message('inflight')], T0);
    const claimed = await store.notifyOutbox.claimNext(T0, 120_000);
    expect(claimed?.idempotencyKey).toBe('inflight');
    expect(await store.notifyOutbox.claimNext(new Date(T0.getTime() + 60_000), 120_000)).toBeUndefined();
    expect(await deliver(new Date(T0.getTime() + 120_000))).toEqual({ sent: 1, retrying: 0, dead: 0 });
  });
});
