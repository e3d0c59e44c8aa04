import { type Kysely, sql } from 'kysely';
import { StoreError } from './errors.js';
import type { Dialect } from './migrations/index.js';
import type { Database } from './schema.js';

/** The store answers STORE_BUSY when another writer held the lock for longer than the caller waits. */
export const STORE_BUSY = 'STORE_BUSY';

/** How long a write waits for another process's lock, by database handle (default: 30 s). */
const lockWaits = new WeakMap<Kysely<Database>, number>();

export function setLockWait(db: Kysely<Database>, ms: number): void {
  lockWaits.set(db, ms);
}

/**
 * True for "another writer holds the lock": SQLite BUSY/LOCKED, PostgreSQL lock_not_available
 * (lock_timeout), or our own STORE_BUSY. Callers serving requests answer 503 with Retry-After.
 */
export function isStoreBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    (code === STORE_BUSY || /^SQLITE_(BUSY|LOCKED)/u.test(code) || code === '55P03')
  );
}

function busyError(cause: unknown): StoreError {
  const error = new StoreError('the database is busy with another writer; try again shortly', STORE_BUSY);
  error.cause = cause;
  return error;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One attempt: BEGIN IMMEDIATE without waiting, so a held lock never blocks the event loop. */
async function sqliteAttempt<T>(
  db: Kysely<Database>,
  fn: (trx: Kysely<Database>) => Promise<T>,
): Promise<{ done: true; value: T } | { done: false; cause: unknown }> {
  return db.connection().execute(async (conn) => {
    const busy = await sql<{ timeout: number }>`pragma busy_timeout`.execute(conn);
    const timeout = Number(busy.rows[0]?.timeout ?? 0);
    await sql`pragma busy_timeout = 0`.execute(conn);
    try {
      await sql`begin immediate`.execute(conn);
    } catch (cause) {
      if (isStoreBusy(cause)) return { done: false, cause };
      throw cause;
    } finally {
      await sql.raw(`pragma busy_timeout = ${timeout}`).execute(conn);
    }
    try {
      const value = await fn(conn);
      await sql`commit`.execute(conn);
      return { done: true, value };
    } catch (error) {
      await sql`rollback`.execute(conn);
      throw isStoreBusy(error) ? busyError(error) : error;
    }
  });
}

/**
 * Runs `fn` in a write transaction. On SQLite it is BEGIN IMMEDIATE: a deferred transaction that
 * reads and then writes fails with SQLITE_BUSY when another process wrote in between (busy_timeout
 * does not help there), while IMMEDIATE takes the write lock up front. better-sqlite3 waits
 * synchronously, which would freeze the whole server: the lock is retried here with timers instead,
 * the connection released in between, until the handle's lock wait runs out (then STORE_BUSY).
 */
export async function writeTransaction<T>(
  db: Kysely<Database>,
  dialect: Dialect,
  fn: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (dialect === 'postgres') return db.transaction().execute(fn);
  const deadline = Date.now() + (lockWaits.get(db) ?? 30_000);
  for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
    const attempt = await sqliteAttempt(db, fn);
    if (attempt.done) return attempt.value;
    if (Date.now() >= deadline) throw busyError(attempt.cause);
    await sleep(pause);
  }
}

/**
 * Serialises one kind of write across processes on PostgreSQL (pushes, scans and workers syncing work
 * items at once would otherwise collide on unique keys): a transaction-scoped advisory lock, per schema.
 * SQLite needs nothing: BEGIN IMMEDIATE already admits one writer.
 */
export async function serialise(trx: Kysely<Database>, dialect: Dialect, name: string): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(hashtext(current_schema() || ${`:${name}`}))`.execute(trx);
}
