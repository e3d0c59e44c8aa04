import { type Kysely, sql } from 'kysely';
import type { Dialect } from './migrations/index.js';
import type { Database } from './schema.js';

/**
 * Runs `fn` in a write transaction. On SQLite it is BEGIN IMMEDIATE: a deferred transaction that
 * reads and then writes fails with SQLITE_BUSY when another process wrote in between (busy_timeout
 * does not help there), while IMMEDIATE waits for the write lock up front.
 */
export async function writeTransaction<T>(
  db: Kysely<Database>,
  dialect: Dialect,
  fn: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (dialect === 'postgres') return db.transaction().execute(fn);
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await fn(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (error) {
      await sql`rollback`.execute(conn);
      throw error;
    }
  });
}
