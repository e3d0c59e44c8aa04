import { randomUUID } from 'node:crypto';
import {
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  type Selectable,
  sql,
  type Updateable,
} from 'kysely';
import type { JsonObject } from '../core/types.js';
import { StoreError } from './errors.js';
import type { Dialect } from './migrations/index.js';
import type { Database, NotifyOutboxTable } from './schema.js';
import { writeTransaction } from './transaction.js';

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'dead'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const OUTBOX_PURPOSES = ['announce', 'reminder', 'digest', 'escalation', 'test'] as const;
export type OutboxPurpose = (typeof OUTBOX_PURPOSES)[number];

/** One message of the outbox: the message as planned, and how its sending is going. */
export interface OutboxMessage extends NewOutboxMessage {
  id: string;
  status: OutboxStatus;
  /** Sending attempts started (a crash mid-send counts). */
  attempts: number;
  leaseUntil: string | null;
  lastError: string | null;
  /** Parts already delivered (e-mail sends one message per recipient language). */
  partsDone: string[];
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

/** A message as the planner hands it over: its key (item + reminder/digest + channel) makes it once only. */
export interface NewOutboxMessage {
  idempotencyKey: string;
  channel: string;
  purpose: OutboxPurpose;
  workItemId: number | null;
  payload: JsonObject;
  /** Not sent before this instant (quiet hours, backoff, Retry-After). */
  notBefore: string;
}

export interface OutboxFilter {
  status?: OutboxStatus | OutboxStatus[];
  channel?: string;
}

export interface NotifyOutboxRepository {
  /** Adds the messages whose key is not yet in the outbox; returns the keys it added. */
  enqueue(messages: readonly NewOutboxMessage[], now: Date): Promise<string[]>;
  /** Which of these keys the outbox already holds (any status). */
  existingKeys(keys: readonly string[]): Promise<Set<string>>;
  /** When each of these keys was queued, for those the outbox holds. */
  queuedAt(keys: readonly string[]): Promise<Map<string, string>>;
  /**
   * Takes the next due message for sending: pending and due, or sending with an expired lease
   * (its sender died). The claim lasts `leaseMs`; the attempt counter goes up by one.
   */
  claimNext(now: Date, leaseMs: number): Promise<OutboxMessage | undefined>;
  markPartDone(id: string, part: string, now: Date): Promise<void>;
  markSent(id: string, now: Date): Promise<void>;
  /** Back to pending, to be tried again at `notBefore`. */
  retryLater(id: string, notBefore: Date, error: string, now: Date): Promise<void>;
  /** Gives up: the message moves to the dead-letter list. */
  markDead(id: string, error: string, now: Date): Promise<void>;
  /** A dead letter back to pending, due at once (a person fixed the channel). */
  revive(id: string, now: Date): Promise<boolean>;
  list(
    filter?: OutboxFilter,
    options?: { limit?: number; offset?: number },
  ): Promise<{ messages: OutboxMessage[]; total: number }>;
  /** When the last message of this purpose was queued on the channel (digests list what is new since). */
  lastQueuedAt(channel: string, purpose: OutboxPurpose): Promise<string | undefined>;
  counts(): Promise<Record<OutboxStatus, number>>;
}

type Row = Selectable<NotifyOutboxTable>;

function messageFromRow(row: Row): OutboxMessage {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    channel: row.channel,
    purpose: row.purpose as OutboxPurpose,
    workItemId: row.work_item_id === null ? null : Number(row.work_item_id),
    payload: JSON.parse(row.payload) as JsonObject,
    status: row.status as OutboxStatus,
    attempts: Number(row.attempts),
    notBefore: row.not_before,
    leaseUntil: row.lease_until,
    lastError: row.last_error,
    partsDone: JSON.parse(row.parts_done) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sentAt: row.sent_at,
  };
}

const KEY_BATCH = 500;

function asList<T>(value: T | T[] | undefined): T[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}

type Db = Kysely<Database>;
type Where = ExpressionBuilder<Database, 'notify_outbox'>;

/** Due for sending: pending and due, or claimed by a sender whose lease ran out (it died). */
const isDue = (at: string) => (eb: Where) =>
  eb.or([
    eb.and([eb('status', '=', 'pending'), eb('not_before', '<=', at)]),
    eb.and([eb('status', '=', 'sending'), eb('lease_until', '<=', at)]),
  ]);

function newRow(message: NewOutboxMessage, at: string): Insertable<NotifyOutboxTable> {
  if (!message.idempotencyKey.trim()) {
    throw new StoreError('an outbox message needs an idempotency key', 'OUTBOX_KEY_REQUIRED');
  }
  return {
    id: randomUUID(),
    idempotency_key: message.idempotencyKey,
    channel: message.channel,
    purpose: message.purpose,
    work_item_id: message.workItemId,
    payload: JSON.stringify(message.payload),
    status: 'pending',
    attempts: 0,
    not_before: new Date(message.notBefore).toISOString(),
    lease_until: null,
    last_error: null,
    parts_done: '[]',
    created_at: at,
    updated_at: at,
    sent_at: null,
  };
}

async function enqueue(db: Db, messages: readonly NewOutboxMessage[], now: Date): Promise<string[]> {
  const at = now.toISOString();
  const added: string[] = [];
  for (const message of messages) {
    const result = await db
      .insertInto('notify_outbox')
      .values(newRow(message, at))
      // Two passes planning the same message at once: the key makes the second a no-op.
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0n) > 0) added.push(message.idempotencyKey);
  }
  return added;
}

async function queuedAt(db: Db, keys: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < keys.length; i += KEY_BATCH) {
    const rows = await db
      .selectFrom('notify_outbox')
      .select(['idempotency_key', 'created_at'])
      .where('idempotency_key', 'in', keys.slice(i, i + KEY_BATCH))
      .execute();
    for (const row of rows) found.set(row.idempotency_key, row.created_at);
  }
  return found;
}

function claimNext(db: Db, dialect: Dialect, now: Date, leaseMs: number): Promise<OutboxMessage | undefined> {
  const at = now.toISOString();
  const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
  return writeTransaction(db, dialect, async (trx) => {
    const candidate = await trx
      .selectFrom('notify_outbox')
      .select('id')
      .where(isDue(at))
      .orderBy('not_before')
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst();
    if (!candidate) return undefined;
    // The same condition again: a concurrent pass that claimed it first makes this update a no-op.
    const claimed = await trx
      .updateTable('notify_outbox')
      .set({
        status: 'sending',
        lease_until: leaseUntil,
        attempts: sql<number>`attempts + 1`,
        updated_at: at,
      })
      .where('id', '=', candidate.id)
      .where(isDue(at))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return undefined;
    const row = await trx
      .selectFrom('notify_outbox')
      .selectAll()
      .where('id', '=', candidate.id)
      .executeTakeFirstOrThrow();
    return messageFromRow(row);
  });
}

async function markPartDone(db: Db, dialect: Dialect, id: string, part: string, now: Date): Promise<void> {
  await writeTransaction(db, dialect, async (trx) => {
    const row = await trx
      .selectFrom('notify_outbox')
      .select('parts_done')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return;
    const parts = new Set(JSON.parse(row.parts_done) as string[]);
    parts.add(part);
    await trx
      .updateTable('notify_outbox')
      .set({ parts_done: JSON.stringify([...parts]), updated_at: now.toISOString() })
      .where('id', '=', id)
      .execute();
  });
}

async function list(
  db: Db,
  filter: OutboxFilter,
  options: { limit?: number; offset?: number },
): Promise<{ messages: OutboxMessage[]; total: number }> {
  let query = db.selectFrom('notify_outbox');
  const statuses = asList(filter.status);
  if (statuses) query = query.where('status', 'in', statuses);
  if (filter.channel) query = query.where('channel', '=', filter.channel);
  const [rows, total] = await Promise.all([
    query
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('idempotency_key')
      .limit(options.limit ?? 100)
      .offset(options.offset ?? 0)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { messages: rows.map(messageFromRow), total: Number(total.n) };
}

async function counts(db: Db): Promise<Record<OutboxStatus, number>> {
  const rows = await db
    .selectFrom('notify_outbox')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const result = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;
  for (const row of rows) result[row.status as OutboxStatus] = Number(row.n);
  return result;
}

export function notifyOutboxRepository(db: Db, dialect: Dialect): NotifyOutboxRepository {
  /** One row's status change. */
  const update = async (id: string, set: Updateable<NotifyOutboxTable>, now: Date) => {
    await db
      .updateTable('notify_outbox')
      .set({ ...set, updated_at: now.toISOString() })
      .where('id', '=', id)
      .execute();
  };
  return {
    enqueue: (messages, now) => enqueue(db, messages, now),
    existingKeys: async (keys) => new Set((await queuedAt(db, keys)).keys()),
    queuedAt: (keys) => queuedAt(db, keys),
    claimNext: (now, leaseMs) => claimNext(db, dialect, now, leaseMs),
    markPartDone: (id, part, now) => markPartDone(db, dialect, id, part, now),
    markSent: (id, now) =>
      update(id, { status: 'sent', sent_at: now.toISOString(), lease_until: null, last_error: null }, now),
    retryLater: (id, notBefore, error, now) =>
      update(
        id,
        { status: 'pending', not_before: notBefore.toISOString(), lease_until: null, last_error: error },
        now,
      ),
    markDead: (id, error, now) => update(id, { status: 'dead', lease_until: null, last_error: error }, now),
    async revive(id, now) {
      const at = now.toISOString();
      const result = await db
        .updateTable('notify_outbox')
        .set({ status: 'pending', attempts: 0, not_before: at, updated_at: at })
        .where('id', '=', id)
        .where('status', '=', 'dead')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    list: (filter = {}, options = {}) => list(db, filter, options),
    async lastQueuedAt(channel, purpose) {
      const row = await db
        .selectFrom('notify_outbox')
        .select((eb) => eb.fn.max('created_at').as('at'))
        .where('channel', '=', channel)
        .where('purpose', '=', purpose)
        .executeTakeFirst();
      return row?.at ?? undefined;
    },
    counts: () => counts(db),
  };
}
