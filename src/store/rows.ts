import type {
  ExpressionBuilder,
  Kysely,
  OnConflictTables,
  OnConflictUpdateDatabase,
  Selectable,
  UpdateObject,
} from 'kysely';
import { StoreError } from './errors.js';
import type { Database } from './schema.js';

/** The queries every repository asks of its own table: a row by key, revoking, an upsert's update. */

type Table = keyof Database & string;
type Row<T extends Table> = Selectable<Database[T]>;
/** The tables whose rows are revoked (a timestamp), never deleted. */
type Revocable = { [T in Table]: 'revoked_at' extends keyof Database[T] ? T : never }[Table];

/**
 * Kysely types a query by its table name as written; these helpers take the table as a parameter and
 * type their arguments against it instead, so inside they query through an untyped handle.
 */
type Untyped = Kysely<Record<string, Record<string, unknown>>>;

function whereEqual<Q extends { where(column: string, op: 'is' | '=', value: unknown): Q }>(
  query: Q,
  key: object,
): Q {
  // A key is never empty, and an undefined key value matches only NULL: never every row.
  if (Object.keys(key).length === 0)
    throw new StoreError('a row key needs at least one column', 'STORE_KEY_EMPTY');
  return Object.entries(key).reduce(
    (q, [column, value]) => q.where(column, value == null ? 'is' : '=', value ?? null),
    query,
  );
}

/** The row of `table` whose columns equal `key` (null: IS NULL), or undefined. */
export async function findRow<T extends Table>(
  db: Kysely<Database>,
  table: T,
  key: Partial<Row<T>>,
): Promise<Row<T> | undefined> {
  const query = whereEqual((db as unknown as Untyped).selectFrom(table).selectAll(), key);
  return (await query.executeTakeFirst()) as Row<T> | undefined;
}

/** Marks the live (not yet revoked) row with this key revoked at `now`; true when there was one. */
export async function revokeRow<T extends Revocable>(
  db: Kysely<Database>,
  table: T,
  key: Partial<Row<T>>,
  now: Date,
): Promise<boolean> {
  const update = (db as unknown as Untyped)
    .updateTable(table as string)
    .set({ revoked_at: now.toISOString() })
    .where('revoked_at', 'is', null);
  const result = await whereEqual(update, key).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * For an upsert's `onConflict(...).doUpdateSet(...)`: each of `columns` takes the value the
 * conflicting insert brought (`excluded.<column>` on both SQLite and PostgreSQL).
 */
export function takeIncoming<T extends Table>(_table: T, columns: ReadonlyArray<keyof Database[T] & string>) {
  type Upsert = OnConflictUpdateDatabase<Database, T>;
  return (eb: ExpressionBuilder<Upsert, OnConflictTables<T>>) =>
    Object.fromEntries(
      columns.map((column) => [column, eb.ref(`excluded.${column}` as never)]),
    ) as UpdateObject<Upsert, OnConflictTables<T>, OnConflictTables<T>>;
}
