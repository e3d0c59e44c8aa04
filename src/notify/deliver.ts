import type { NotifyOutboxRepository, OutboxMessage } from '../store/index.js';
import { DeliveryError, type NotifyChannel } from './channels/index.js';
import type { NotifyMessage } from './message.js';

/** One structured log line of the notifier; never carries secrets, URLs or message bodies. */
export interface NotifyLogEntry {
  level: 'info' | 'warn';
  msg: string;
  channel?: string;
  key?: string;
  attempts?: number;
  error?: string;
}

export interface DeliverOptions {
  outbox: NotifyOutboxRepository;
  channels: ReadonlyMap<string, NotifyChannel>;
  now: () => Date;
  /** Attempts before a message becomes a dead letter. */
  maxAttempts: number;
  /** How long a claim lasts: a sender that died mid-send gives its message up after this. */
  leaseMs?: number;
  log?: (entry: NotifyLogEntry) => void;
}

export interface DeliverySummary {
  sent: number;
  retrying: number;
  dead: number;
}

export const DEFAULT_LEASE_MS = 120_000;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_CAP_MS = 3_600_000;

/** Wait before attempt n+1 after n failed ones: 30 s, 1 min, 2 min ... capped at 1 h. */
export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

/** When to try again: never before the server's Retry-After, never sooner than the backoff. */
export function nextAttemptAt(now: Date, attempts: number, retryAfterMs: number | undefined): Date {
  return new Date(now.getTime() + Math.max(backoffMs(attempts), retryAfterMs ?? 0));
}

async function deliverOne(
  options: DeliverOptions,
  message: OutboxMessage,
  summary: DeliverySummary,
): Promise<void> {
  const { outbox, log } = options;
  const channel = options.channels.get(message.channel);
  const base = { channel: message.channel, key: message.idempotencyKey, attempts: message.attempts };
  if (!channel) {
    await outbox.markDead(message.id, `channel ${message.channel} is not configured`, options.now());
    summary.dead++;
    log?.({ level: 'warn', msg: 'dead letter: unknown channel', ...base });
    return;
  }
  const partsDone = new Set(message.partsDone);
  try {
    await channel.send({
      id: message.id,
      message: message.payload as NotifyMessage,
      partsDone,
      partDone: async (part) => {
        partsDone.add(part);
        await outbox.markPartDone(message.id, part, options.now());
      },
      now: options.now(),
    });
  } catch (error) {
    const failure =
      error instanceof DeliveryError
        ? error
        : new DeliveryError(`${message.channel}: ${(error as Error).message}`, true);
    const now = options.now();
    if (failure.retryable && message.attempts < options.maxAttempts) {
      await outbox.retryLater(
        message.id,
        nextAttemptAt(now, message.attempts, failure.retryAfterMs),
        failure.message,
        now,
      );
      summary.retrying++;
      log?.({ level: 'warn', msg: 'will retry', ...base, error: failure.message });
    } else {
      await outbox.markDead(message.id, failure.message, now);
      summary.dead++;
      log?.({ level: 'warn', msg: 'dead letter', ...base, error: failure.message });
    }
    return;
  }
  await outbox.markSent(message.id, options.now());
  summary.sent++;
  log?.({ level: 'info', msg: 'sent', ...base });
}

/**
 * Sends every due message of the outbox, one at a time: claim (with a lease), send, record. A crash
 * between send and record leaves the message claimed; once the lease runs out the next pass sends it
 * again, with the same idempotency key: the one duplicate the outbox allows.
 */
export async function deliverDue(options: DeliverOptions): Promise<DeliverySummary> {
  const summary: DeliverySummary = { sent: 0, retrying: 0, dead: 0 };
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const seen = new Set<string>();
  for (;;) {
    const message = await options.outbox.claimNext(options.now(), leaseMs);
    // A message claimed twice in one pass is one this pass already failed: leave it for the next.
    if (!message || seen.has(message.id)) break;
    seen.add(message.id);
    await deliverOne(options, message, summary);
  }
  return summary;
}
