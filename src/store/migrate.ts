import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { StoreError } from './errors.js';
import { type Dialect, type MigrationDb, migrations } from './migrations/index.js';
import type { Database } from './schema.js';

const MIGRATION_TABLE = 'kysely_migration';

/** Explicit, ordered list (no file-system scanning: works the same from src/ and dist/). */
class OrderedProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const result: Record<string, Migration> = {};
    for (const [name, migration] of migrations) {
      result[name] = { up: (db) => migration.up(db as MigrationDb, this.dialect) };
    }
    return result;
  }
}

async function executedMigrationNames(db: Kysely<Database>, dialect: Dialect): Promise<string[]> {
  const exists =
    dialect === 'postgres'
      ? (await sql<{ t: string | null }>`select to_regclass(${MIGRATION_TABLE})::text as t`.execute(db))
          .rows[0]?.t
      : (
          await sql<{
            name: string;
          }>`select name from sqlite_master where type = 'table' and name = ${MIGRATION_TABLE}`.execute(db)
        ).rows[0]?.name;
  if (!exists) return [];
  const rows = await sql<{
    name: string;
  }>`select name from ${sql.table(MIGRATION_TABLE)} order by name`.execute(db);
  return rows.rows.map((row) => row.name);
}

/**
 * Brings the database to this version's schema. A database that a newer opsradar migrated is
 * refused: running old code on a newer schema would silently lose data.
 */
export async function migrateToLatest(db: Kysely<Database>, dialect: Dialect, where: string): Promise<void> {
  if (dialect === 'postgres') {
    // Kysely's PostgreSQL adapter serializes concurrent migrators with an advisory lock.
    await runMigrator(db, dialect, where, false);
    return;
  }
  // SQLite: Kysely's lock is in-process only, so take the database's write lock (BEGIN IMMEDIATE)
  // for the whole run; a second process waits (busy_timeout), then finds nothing left to do.
  await db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      await runMigrator(conn, dialect, where, true);
      await sql`commit`.execute(conn);
    } catch (error) {
      await sql`rollback`.execute(conn);
      throw error;
    }
  });
}

async function runMigrator(
  db: Kysely<Database>,
  dialect: Dialect,
  where: string,
  disableTransactions: boolean,
): Promise<void> {
  const known = new Set(migrations.map(([name]) => name));
  const unknown = (await executedMigrationNames(db, dialect)).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new StoreError(
      `the database ${where} was upgraded by a newer opsradar (migrations ${unknown.join(', ')} are unknown to this version); ` +
        'upgrade opsradar to use it — it is never downgraded',
      'STORE_TOO_NEW',
    );
  }
  let schema: string | undefined;
  if (dialect === 'postgres') {
    schema = (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s;
  }
  const migrator = new Migrator({
    db,
    provider: new OrderedProvider(dialect),
    disableTransactions,
    // Numbers are handed out in advance and land in any order; each migration touches its own tables.
    allowUnorderedMigrations: true,
    // Pin the bookkeeping tables to our schema: another schema's kysely_migration must not count.
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new StoreError(
      `migrating the database ${where} failed${failed ? ` at ${failed}` : ''}: ${(error as Error).message}`,
      'STORE_MIGRATION_FAILED',
    );
  }
}
