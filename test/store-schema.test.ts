import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { type Dialect, type MigrationDb, migrations } from '../src/store/migrations/index.js';
import type { Database } from '../src/store/schema.js';
import { openRaw, storeTargets } from './support/stores.js';

/**
 * What a migration leaves behind must never change once it has shipped: a database migrated by an
 * older opsradar has to look exactly like one migrated today. Each migration is applied in turn on
 * a fresh database of each dialect, and what it added or changed (tables, columns, constraints,
 * indexes, triggers) is compared with the recorded snapshot. A new migration adds a new snapshot;
 * refactoring the migrations' code must leave every recorded one as it is.
 */

/** Every object of a SQLite database, as the CREATE statement SQLite keeps for it. */
async function sqliteSchema(db: Kysely<Database>): Promise<string[]> {
  const rows = await sql<{ type: string; name: string; sql: string | null }>`
    select type, name, sql from sqlite_master where name not like 'sqlite_%'`.execute(db);
  return rows.rows.map((row) => `${row.type} ${row.name}: ${(row.sql ?? '').replace(/\s+/g, ' ')}`);
}

/** Columns, constraints, indexes and sequences of the current PostgreSQL schema, its name left out. */
async function postgresSchema(db: Kysely<Database>): Promise<string[]> {
  const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s ?? '';
  const unqualified = (text: string | null) => (text ?? '').replaceAll(`${schema}.`, '');
  const columns = await sql<{
    table_name: string;
    ordinal_position: number;
    column_name: string;
    data_type: string;
    is_nullable: string;
    column_default: string | null;
  }>`select table_name, ordinal_position, column_name, data_type, is_nullable, column_default
     from information_schema.columns where table_schema = current_schema()`.execute(db);
  const constraints = await sql<{ table_name: string; name: string; definition: string }>`
    select c.conrelid::regclass::text as table_name, c.conname as name, pg_get_constraintdef(c.oid) as definition
    from pg_constraint c join pg_namespace n on n.oid = c.connamespace
    where n.nspname = current_schema()`.execute(db);
  const indexes = await sql<{ tablename: string; indexname: string; indexdef: string }>`
    select tablename, indexname, indexdef from pg_indexes where schemaname = current_schema()`.execute(db);
  const sequences = await sql<{ sequence_name: string; data_type: string }>`
    select sequence_name, data_type from information_schema.sequences
    where sequence_schema = current_schema()`.execute(db);
  return [
    ...columns.rows.map(
      (c) =>
        `column ${c.table_name} #${String(c.ordinal_position).padStart(2, '0')} ${c.column_name}: ${c.data_type}` +
        `${c.is_nullable === 'NO' ? ' not null' : ''}${c.column_default ? ` default ${unqualified(c.column_default)}` : ''}`,
    ),
    ...constraints.rows.map(
      (c) => `constraint ${unqualified(c.table_name)} ${c.name}: ${unqualified(c.definition)}`,
    ),
    ...indexes.rows.map((i) => `index ${i.tablename} ${i.indexname}: ${unqualified(i.indexdef)}`),
    ...sequences.rows.map((s) => `sequence ${s.sequence_name}: ${s.data_type}`),
  ];
}

function dumpSchema(db: Kysely<Database>, dialect: Dialect): Promise<string[]> {
  return dialect === 'postgres' ? postgresSchema(db) : sqliteSchema(db);
}

/** What changed between two dumps: `+ line` for what appeared, `- line` for what went away, sorted. */
function difference(before: readonly string[], after: readonly string[]): string {
  const had = new Set(before);
  const has = new Set(after);
  return [
    ...after.filter((line) => !had.has(line)).map((line) => `+ ${line}`),
    ...before.filter((line) => !has.has(line)).map((line) => `- ${line}`),
  ]
    .sort((a, b) => a.slice(2).localeCompare(b.slice(2)) || a.localeCompare(b))
    .join('\n');
}

describe.each(storeTargets())('migrations on $name', ({ name: dialect, fresh }) => {
  it('leave exactly the recorded schema, migration by migration', async () => {
    // Prepare
    const location = await fresh();
    const db = openRaw(location.target, location.pgSchema);
    try {
      let before = await dumpSchema(db, dialect);
      for (const [name, migration] of migrations) {
        // Act
        await db.transaction().execute((trx) => migration.up(trx as unknown as MigrationDb, dialect));
        const after = await dumpSchema(db, dialect);
        // Assess
        expect(difference(before, after)).toMatchSnapshot(name);
        before = after;
      }
    } finally {
      await db.destroy();
      await location.dispose();
    }
  });
});
