import { type Expression, type ExpressionBuilder, type Selectable, type SqlBool, sql } from 'kysely';
import { z } from 'zod';
import { StoreError } from './errors.js';
import type { Database, WorkItemsTable } from './schema.js';
import type { Db } from './work-item-rows.js';

/**
 * Keyset paging of the work item list: a page starts after the last row of the previous one
 * (sort value, id), so page 2,000 costs what page 1 does, and rows moving between requests never
 * repeat or vanish. Order: the sort column, then id; items without a due date come after every
 * dated one (before them in `-due`), on both databases. The cursor is opaque text to callers.
 */
export const KEYSET_SORTS = [
  'due',
  '-due',
  'updated',
  '-updated',
  'created',
  '-created',
  'id',
  '-id',
] as const;
export type KeysetSort = (typeof KEYSET_SORTS)[number];

const COLUMNS = { due: 'due_date', updated: 'updated_at', created: 'id', id: 'id' } as const;

interface Position {
  sort: KeysetSort;
  value: string | null;
  id: number;
}

const cursorSchema = z.tuple([z.enum(KEYSET_SORTS), z.string().max(64).nullable(), z.number().int().min(0)]);

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.sort, position.value, position.id])).toString('base64url');
}

/** The position a cursor names; a cursor of another sort order, or no cursor at all, is refused. */
export function decodeCursor(text: string, sort: KeysetSort): Position {
  let parsed: z.infer<typeof cursorSchema> | undefined;
  try {
    parsed = cursorSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    parsed = undefined;
  }
  if (!parsed || parsed[0] !== sort)
    throw new StoreError('invalid cursor (it belongs to another list or sort order)', 'CURSOR_INVALID');
  return { sort: parsed[0], value: parsed[1], id: parsed[2] };
}

type Row = Selectable<WorkItemsTable>;
type Where = (eb: ExpressionBuilder<Database, 'work_items'>) => Expression<SqlBool>;

/** Rows strictly after (value, id) in `column` order, `limit` of them. */
async function segment(
  db: Db,
  where: Where,
  column: 'due_date' | 'updated_at' | 'id',
  desc: boolean,
  after: { value: string | null; id: number } | undefined,
  nulls: 'only' | 'none' | 'any',
  limit: number,
): Promise<Row[]> {
  if (limit <= 0) return [];
  const dir = desc ? 'desc' : 'asc';
  const cmp = sql.raw(desc ? '<' : '>');
  let query = db.selectFrom('work_items').selectAll().where(where);
  if (nulls === 'only') query = query.where(column, 'is', null);
  if (nulls === 'none') query = query.where(column, 'is not', null);
  if (after && column === 'id') query = query.where(sql<SqlBool>`id ${cmp} ${after.id}`);
  else if (after && nulls === 'only') query = query.where(sql<SqlBool>`id ${cmp} ${after.id}`);
  else if (after)
    query = query.where(sql<SqlBool>`(${sql.ref(column)}, id) ${cmp} (${after.value}, ${after.id})`);
  if (column !== 'id') query = query.orderBy(column, dir);
  return query.orderBy('id', dir).limit(limit).execute();
}

/** One page in keyset order, and the cursor of the next one (null on the last page). */
export async function keysetPage(
  db: Db,
  where: Where,
  sort: KeysetSort,
  limit: number,
  cursor: string | undefined,
): Promise<{ rows: Row[]; nextCursor: string | null }> {
  const desc = sort.startsWith('-');
  const column = COLUMNS[(desc ? sort.slice(1) : sort) as keyof typeof COLUMNS];
  const after = cursor === undefined ? undefined : decodeCursor(cursor, sort);
  const want = limit + 1;
  let rows: Row[];
  if (column !== 'due_date') {
    rows = await segment(db, where, column, desc, after, 'any', want);
  } else {
    // Two index-ordered segments, dated then undated (reversed for -due), so both databases agree.
    const inNulls = after !== undefined && after.value === null;
    const [first, second] = desc ? (['only', 'none'] as const) : (['none', 'only'] as const);
    const firstAfter = first === 'only' ? (inNulls ? after : undefined) : inNulls ? undefined : after;
    const skipFirst = after !== undefined && (first === 'only' ? !inNulls : inNulls);
    rows = skipFirst ? [] : await segment(db, where, column, desc, firstAfter, first, want);
    const secondAfter = skipFirst ? after : undefined;
    rows.push(...(await segment(db, where, column, desc, secondAfter, second, want - rows.length)));
  }
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor({ sort, value: column === 'id' ? null : last[column], id: Number(last.id) })
      : null;
  return { rows: page, nextCursor };
}
