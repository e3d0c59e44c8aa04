import { sql } from 'kysely';
import type { Dialect, MigrationDb } from './types.js';

/**
 * The sightings AWS may have closed, for the work item sync that runs after every push: it asks for
 * Health sightings whose status is closed or whose evidence says "resolved". Without this partial
 * index each sync scanned every occurrence and matched its evidence text, so the cost of a push
 * grew with everything ever ingested. The predicate is the sync's own clause, written with literals
 * (a partial index serves only queries that repeat its predicate; SQLite also needs literals there).
 */
export async function up(db: MigrationDb, dialect: Dialect): Promise<void> {
  const resolved =
    dialect === 'postgres' ? sql`evidence ilike '%resolved%'` : sql`evidence like '%resolved%'`;
  await db.schema
    .createIndex('occurrences_may_be_closed')
    .on('occurrences')
    .column('id')
    .where(sql<boolean>`lower(source_status) = 'closed' or ${resolved}`)
    .execute();
}
