import { sql } from 'kysely';
import type { Dialect, MigrationDb } from './types.js';

/** Work items, their links to occurrences, their history, and API tokens. */
export async function up(db: MigrationDb, dialect: Dialect): Promise<void> {
  // A short sequential number (shown as #42) is what people type on the command line.
  await db.schema
    .createTable('work_items')
    .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('correlation_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('event_date', 'text')
    .addColumn('due_date', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('team', 'text')
    .addColumn('resolution', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .execute();
  // One item per real-world event whatever its status: a resolved item that comes back is reopened.
  await db.schema
    .createIndex('work_items_correlation')
    .on('work_items')
    .column('correlation_key')
    .unique()
    .execute();
  for (const [name, columns] of [
    ['work_items_status_due', ['status', 'due_date', 'id']],
    ['work_items_due', ['due_date', 'id']],
    ['work_items_category_status', ['category', 'status', 'due_date']],
    ['work_items_account', ['account_id', 'due_date']],
    ['work_items_kind', ['kind', 'region', 'due_date']],
    ['work_items_region', ['region', 'due_date']],
    ['work_items_owner', ['owner', 'due_date', 'id']],
    ['work_items_team', ['team', 'due_date', 'id']],
    ['work_items_updated', ['updated_at', 'id']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('work_items')
      .columns([...columns])
      .execute();
  }

  await db.schema
    .createTable('work_item_occurrences')
    .addColumn('work_item_id', 'integer', (c) => c.notNull().references('work_items.id').onDelete('cascade'))
    .addColumn('occurrence_id', 'text', (c) => c.notNull().references('occurrences.id').onDelete('cascade'))
    .addColumn('linked_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('work_item_occurrences_pk', ['work_item_id', 'occurrence_id'])
    .execute();
  // An occurrence belongs to exactly one work item.
  await db.schema
    .createIndex('work_item_occurrences_occurrence')
    .on('work_item_occurrences')
    .column('occurrence_id')
    .unique()
    .execute();

  await db.schema
    .createTable('work_item_history')
    .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('work_item_id', 'integer', (c) => c.notNull().references('work_items.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('work_item_history_item')
    .on('work_item_history')
    .columns(['work_item_id', 'id'])
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  if (dialect === 'postgres') await trigramIndexes(db);
  else await sqliteTextIndex(db);
}

/**
 * Text search (`ILIKE '%...%'`) over 100,000 items needs trigram indexes. pg_trgm ships with
 * PostgreSQL but creating it needs a privilege a team database may not grant: try inside a savepoint
 * and carry on without the indexes (search still works, only slower) when it is refused.
 */
async function trigramIndexes(db: MigrationDb): Promise<void> {
  await sql`savepoint opsradar_trgm`.execute(db);
  try {
    await sql`create extension if not exists pg_trgm with schema public`.execute(db);
    const found = await sql<{ schema: string }>`
      select n.nspname as schema from pg_opclass c join pg_namespace n on n.oid = c.opcnamespace
      where c.opcname = 'gin_trgm_ops' limit 1`.execute(db);
    const schema = found.rows[0]?.schema;
    if (!schema) throw new Error('gin_trgm_ops not found');
    for (const column of ['title', 'resource']) {
      await sql`create index ${sql.id(`work_items_${column}_trgm`)} on work_items using gin (${sql.id(column)} ${sql.id(schema)}.gin_trgm_ops)`.execute(
        db,
      );
    }
    await sql`release savepoint opsradar_trgm`.execute(db);
  } catch {
    await sql`rollback to savepoint opsradar_trgm`.execute(db);
  }
}

/** SQLite: an FTS5 trigram index over title and resource, kept in step by triggers. */
async function sqliteTextIndex(db: MigrationDb): Promise<void> {
  await sql`create virtual table work_items_text using fts5(title, resource, content='work_items', content_rowid='id', tokenize='trigram')`.execute(
    db,
  );
  await sql`create trigger work_items_text_insert after insert on work_items begin
    insert into work_items_text(rowid, title, resource) values (new.id, new.title, new.resource);
  end`.execute(db);
  await sql`create trigger work_items_text_delete after delete on work_items begin
    insert into work_items_text(work_items_text, rowid, title, resource) values ('delete', old.id, old.title, old.resource);
  end`.execute(db);
  await sql`create trigger work_items_text_update after update of title, resource on work_items begin
    insert into work_items_text(work_items_text, rowid, title, resource) values ('delete', old.id, old.title, old.resource);
    insert into work_items_text(rowid, title, resource) values (new.id, new.title, new.resource);
  end`.execute(db);
}
