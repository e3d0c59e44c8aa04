import type { ColumnDataType, CreateTableBuilder } from 'kysely';
import type { Dialect, MigrationDb } from './types.js';

/**
 * The column and index shapes every migration repeats, for `createTable(...).$call(...)`.
 * Each helper adds its columns in the order given and emits exactly the DDL the spelled-out
 * `addColumn` would, so a migration written with them creates the same schema as before
 * (test/store-schema.test.ts holds every migration to its recorded result).
 * Times are UTC ISO-8601 text and JSON is text on both dialects.
 */

/** Adds columns to a table being created, keeping track of their names for constraints. */
type AddColumns<N extends string> = <TB extends string, C extends string>(
  table: CreateTableBuilder<TB, C>,
) => CreateTableBuilder<TB, C | N>;

function columns<N extends string>(
  names: readonly N[],
  type: ColumnDataType,
  notNull: boolean,
): AddColumns<N> {
  return <TB extends string, C extends string>(table: CreateTableBuilder<TB, C>) =>
    names.reduce<CreateTableBuilder<TB, C | N>>(
      (built, name) =>
        notNull ? built.addColumn(name, type, (c) => c.notNull()) : built.addColumn(name, type),
      table,
    );
}

/** `NOT NULL` text columns. */
export const text = <N extends string>(...names: N[]): AddColumns<N> => columns(names, 'text', true);

/** Nullable text columns. */
export const optionalText = <N extends string>(...names: N[]): AddColumns<N> => columns(names, 'text', false);

/** `NOT NULL` integer columns. */
export const integer = <N extends string>(...names: N[]): AddColumns<N> => columns(names, 'integer', true);

/** Nullable integer columns. */
export const optionalInteger = <N extends string>(...names: N[]): AddColumns<N> =>
  columns(names, 'integer', false);

/** When the row was written and last changed. */
export const createdUpdated: AddColumns<'created_at' | 'updated_at'> = text('created_at', 'updated_at');

/** A text primary key (a random id, a hash, a name). */
export function textKey<N extends string>(name: N): AddColumns<N> {
  return (table) => table.addColumn(name, 'text', (c) => c.primaryKey());
}

/** `id`, a sequential integer key: `serial` on PostgreSQL, `integer ... autoincrement` on SQLite. */
export function serialKey(dialect: Dialect): AddColumns<'id'> {
  return (table) =>
    dialect === 'postgres'
      ? table.addColumn('id', 'serial', (c) => c.primaryKey())
      : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** A `NOT NULL` reference to a parent row that takes this row with it when it is deleted. */
export function belongsTo<N extends string>(
  name: N,
  type: ColumnDataType,
  parent: `${string}.${string}`,
): AddColumns<N> {
  return (table) => table.addColumn(name, type, (c) => c.notNull().references(parent).onDelete('cascade'));
}

/** Raw bytes: `bytea` on PostgreSQL, `blob` on SQLite. */
export function bytesType(dialect: Dialect): ColumnDataType {
  return dialect === 'postgres' ? 'bytea' : 'blob';
}

/** An index on `table`; `unique` makes a second row with the same values fail. */
export async function addIndex(
  db: MigrationDb,
  table: string,
  name: string,
  indexed: readonly string[],
  options: { unique?: boolean } = {},
): Promise<void> {
  const index = db.schema
    .createIndex(name)
    .on(table)
    .columns([...indexed]);
  await (options.unique ? index.unique() : index).execute();
}
