import { sql } from 'kysely';
import { addIndex, belongsTo, createdUpdated, optionalText, serialKey, text, textKey } from './columns.js';
import type { Dialect, MigrationDb } from './types.js';

/** Work items, their links to occurrences, their history, and API tokens. */
export async function up(db: MigrationDb, dialect: Dialect): Promise<void> {
  // A short sequential number (shown as #42) is what people type on the command line.
  await db.schema
    .createTable('work_items')
    .$call(serialKey(dialect))
    .$call(
      text('correlation_key', 'kind', 'category', 'service', 'account_id', 'region', 'resource', 'title'),
    )
    .$call(optionalText('event_date', 'due_date'))
    .$call(text('status'))
    .$call(optionalText('owner', 'team', 'resolution'))
    .$call(createdUpdated)
    .$call(optionalText('closed_at'))
    .execute();
  // One item per real-world event whatever its status: a resolved item that comes back is reopened.
  await addIndex(db, 'work_items', 'work_items_correlation', ['correlation_key'], { unique: true });
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
    await addIndex(db, 'work_items', name, columns);
  }

  await db.schema
    .createTable('work_item_occurrences')
    .$call(belongsTo('work_item_id', 'integer', 'work_items.id'))
    .$call(belongsTo('occurrence_id', 'text', 'occurrences.id'))
    .$call(text('linked_at'))
    .addPrimaryKeyConstraint('work_item_occurrences_pk', ['work_item_id', 'occurrence_id'])
    .execute();
  // An occurrence belongs to exactly one work item.
  await addIndex(db, 'work_item_occurrences', 'work_item_occurrences_occurrence', ['occurrence_id'], {
    unique: true,
  });

  await db.schema
    .createTable('work_item_history')
    .$call(serialKey(dialect))
    .$call(belongsTo('work_item_id', 'integer', 'work_items.id'))
    .$call(text('at', 'actor', 'action'))
    .$call(optionalText('from_status', 'to_status', 'note'))
    .execute();
  await addIndex(db, 'work_item_history', 'work_item_history_item', ['work_item_id', 'id']);

  await db.schema
    .createTable('api_tokens')
    .$call(textKey('id'))
    .$call(text('name', 'role'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .$call(text('created_at'))
    .$call(optionalText('last_used_at', 'revoked_at'))
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
