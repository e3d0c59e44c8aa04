import { type RawBuilder, sql } from 'kysely';

/** A column sent as one array parameter, and its SQL type. */
export type ArrayColumn<C extends string> = readonly [column: C, type: 'text' | 'integer'];

/**
 * Rows as a PostgreSQL row source, one array parameter per column:
 * `select * from unnest($1::text[], $2::integer[], ...)`, columns in the order given. Instead of one
 * parameter per value, the server parses a statement of a few parameters whatever the number of rows
 * (a 250-row insert of occurrences was 4,500 parameters), and gets a row set it can join through an
 * index where a list of row tuples is planned as one OR per tuple. PostgreSQL only.
 *
 * @example
 *   await db.insertInto('t').columns(['a', 'b']).expression(unnestRows(rows, [['a', 'text'], ['b', 'integer']]))
 */
export function unnestRows<R, C extends keyof R & string>(
  rows: readonly R[],
  columns: ReadonlyArray<ArrayColumn<C>>,
): RawBuilder<Pick<R, C>> {
  const arrays = columns.map(
    ([column, type]) => sql`${rows.map((r) => r[column] ?? null)}::${sql.raw(type)}[]`,
  );
  return sql<Pick<R, C>>`select * from unnest(${sql.join(arrays)})`;
}
