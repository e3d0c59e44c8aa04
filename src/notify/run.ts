import type { Store, WorkItem } from '../store/index.js';
import type { NotifyChannel } from './channels/index.js';
import type { NotifySettings } from './config.js';
import { type DeliverySummary, deliverDue, type NotifyLogEntry } from './deliver.js';
import type { KindLookup } from './message.js';
import { announceKeys, planNotifications } from './plan.js';

export interface NotifyDeps {
  store: Pick<Store, 'workItems' | 'notifyOutbox'>;
  kinds: KindLookup;
  settings: NotifySettings;
  channels: ReadonlyMap<string, NotifyChannel>;
  /** routing.organizationalUnits, for `ous` in rules. */
  organizationalUnits: Readonly<Record<string, readonly string[]>>;
  now: () => Date;
  leaseMs?: number;
  log?: (entry: NotifyLogEntry) => void;
}

export interface PassSummary extends DeliverySummary {
  /** Messages added to the outbox in this pass. */
  queued: number;
  /** Of those, held until quiet hours end. */
  held: number;
}

const PAGE = 500;

/** Every active work item (open, acknowledged, in progress). */
export async function activeItems(store: Pick<Store, 'workItems'>, now: Date): Promise<WorkItem[]> {
  const items: WorkItem[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await store.workItems.list({ status: 'active' }, { limit: PAGE, offset, sort: 'id', now });
    items.push(...page.items);
    if (page.items.length < PAGE) return items;
  }
}

/** Works out what is due and queues it (no sending). Returns the keys queued and how many are held. */
export async function queueDue(deps: NotifyDeps): Promise<{ queued: string[]; held: number }> {
  const now = deps.now();
  const outbox = deps.store.notifyOutbox;
  const items = await activeItems(deps.store, now);
  const announced = await outbox.queuedAt(announceKeys(deps.settings, items));
  const lastDigestAt: Record<string, string | undefined> = {};
  for (const channel of deps.settings.channels) {
    lastDigestAt[channel.name] = await outbox.lastQueuedAt(channel.name, 'digest');
  }
  const candidates = planNotifications({
    now,
    settings: deps.settings,
    items,
    kinds: deps.kinds,
    organizationalUnits: deps.organizationalUnits,
    announced,
    lastDigestAt,
  });
  const existing = await outbox.existingKeys(candidates.map((c) => c.idempotencyKey));
  const fresh = candidates.filter((c) => !existing.has(c.idempotencyKey));
  const queued = await outbox.enqueue(fresh, now);
  const added = new Set(queued);
  const held = fresh.filter((c) => added.has(c.idempotencyKey) && c.notBefore > now.toISOString()).length;
  return { queued, held };
}

/** One pass: queue what is due, then deliver what the outbox has due (`opsradar notify run`). */
export async function runNotifyPass(deps: NotifyDeps): Promise<PassSummary> {
  const { queued, held } = await queueDue(deps);
  const delivery = await deliverDue({
    outbox: deps.store.notifyOutbox,
    channels: deps.channels,
    now: deps.now,
    maxAttempts: deps.settings.maxAttempts,
    ...(deps.leaseMs !== undefined ? { leaseMs: deps.leaseMs } : {}),
    ...(deps.log ? { log: deps.log } : {}),
  });
  return { queued: queued.length, held, ...delivery };
}

/**
 * The loop under `opsradar serve`: a pass every `intervalMs`, and one right away when `trigger()` is
 * called (a pushed event just became an item). Passes never overlap; a trigger during a pass
 * runs one more pass after it.
 */
export function startNotifier(
  pass: () => Promise<unknown>,
  options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
): { trigger(): void; stop(): Promise<void>; idle(): Promise<void> } {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const run = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await pass();
        } catch (error) {
          options.onError?.(error);
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
  };
  const timer = setInterval(run, options.intervalMs ?? 60_000);
  timer.unref();
  run();
  return {
    trigger: run,
    async idle() {
      while (running) await running;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (running) await running;
    },
  };
}
