import type { Kysely } from 'kysely';
import { findRow } from './rows.js';
import type { Database } from './schema.js';

/** Where each source stopped last time (Health nextToken/time, IMAP UID, ...). */
export interface CursorsRepository {
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
}

export function cursorsRepository(db: Kysely<Database>): CursorsRepository {
  return {
    async get(name) {
      return (await findRow(db, 'cursors', { name }))?.value;
    },
    async set(name, value) {
      const updatedAt = new Date().toISOString();
      await db
        .insertInto('cursors')
        .values({ name, value, updated_at: updatedAt })
        .onConflict((oc) => oc.column('name').doUpdateSet({ value, updated_at: updatedAt }))
        .execute();
    },
  };
}
