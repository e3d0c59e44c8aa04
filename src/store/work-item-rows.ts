import type { Kysely, Selectable } from 'kysely';
import type { Category } from '../core/types.js';
import {
  ACTIVE_STATUSES,
  formatWorkItemId,
  nextStatus,
  parseWorkItemId,
  urgencyOf,
  type WorkItem,
  type WorkItemAction,
  WorkItemError,
  type WorkItemHistoryEntry,
  type WorkItemStatus,
} from '../core/workitems.js';
import type { Dialect } from './migrations/index.js';
import type { Database, WorkItemHistoryTable, WorkItemsTable } from './schema.js';

/** The rows and writes the work item queries share: mapping, history, locking, status moves. */

export type ItemRow = Selectable<WorkItemsTable>;
export type Db = Kysely<Database>;

export const ACTIVE = ACTIVE_STATUSES as readonly string[];

export function itemFromRow(row: ItemRow, now: Date): WorkItem {
  const id = Number(row.id);
  return {
    id,
    ref: formatWorkItemId(id),
    correlationKey: row.correlation_key,
    kind: row.kind,
    category: row.category as Category,
    service: row.service,
    accountId: row.account_id,
    region: row.region,
    resource: row.resource,
    title: row.title,
    eventDate: row.event_date,
    dueDate: row.due_date,
    status: row.status as WorkItemStatus,
    urgency: urgencyOf(row.due_date, now),
    owner: row.owner,
    team: row.team,
    resolution: row.resolution,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
  };
}

export function historyFromRow(row: Selectable<WorkItemHistoryTable>): WorkItemHistoryEntry {
  return {
    id: Number(row.id),
    workItemId: Number(row.work_item_id),
    at: row.at,
    actor: row.actor,
    action: row.action,
    fromStatus: row.from_status as WorkItemStatus | null,
    toStatus: row.to_status as WorkItemStatus | null,
    note: row.note,
  };
}

export function requireId(input: number | string): number {
  const id = parseWorkItemId(input);
  if (id === undefined)
    throw new WorkItemError(
      `not a work item id: ${String(input)} (expected e.g. #42)`,
      'WORK_ITEM_ID_INVALID',
    );
  return id;
}

export function notFound(id: number): WorkItemError {
  return new WorkItemError(`work item ${formatWorkItemId(id)} not found`, 'WORK_ITEM_NOT_FOUND');
}

/** The one join from items to the occurrences linked to them (`w`, `l`, `o`). */
export function linkedOccurrences(db: Db) {
  return db
    .selectFrom('work_items as w')
    .innerJoin('work_item_occurrences as l', 'l.work_item_id', 'w.id')
    .innerJoin('occurrences as o', 'o.id', 'l.occurrence_id');
}

export interface HistoryInput {
  workItemId: number;
  at: string;
  actor: string;
  action: string;
  from?: string | null;
  to?: string | null;
  note?: string | null;
}

/** Appends history entries (one statement; callers keep a batch within the bound-parameter limits). */
export async function insertHistory(trx: Db, ...entries: HistoryInput[]): Promise<void> {
  if (entries.length === 0) return;
  await trx
    .insertInto('work_item_history')
    .values(
      entries.map(({ workItemId, at, actor, action, from, to, note }) => ({
        work_item_id: workItemId,
        at,
        actor,
        action,
        from_status: from ?? null,
        to_status: to ?? null,
        note: note ?? null,
      })),
    )
    .execute();
}

/** The item's row, locked for the rest of the transaction on PostgreSQL. */
export async function loadRow(trx: Db, dialect: Dialect, id: number): Promise<ItemRow> {
  let query = trx.selectFrom('work_items').selectAll().where('id', '=', id);
  // Two operators acting at once on PostgreSQL: the second waits and sees the first's status.
  if (dialect === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw notFound(id);
  return row;
}

export interface StatusChange {
  actor: string;
  note?: string | null;
  reason?: string;
  at: string;
  resolution?: string | null;
}

/** Moves the item along `action` (core's transitions decide) and writes the history entry. */
export async function applyStatus(
  trx: Db,
  row: ItemRow,
  action: WorkItemAction,
  options: StatusChange,
): Promise<void> {
  const to = nextStatus(row.status as WorkItemStatus, action, { reason: options.reason });
  const closing = !ACTIVE.includes(to);
  await trx
    .updateTable('work_items')
    .set({
      status: to,
      updated_at: options.at,
      closed_at: closing ? options.at : null,
      resolution: closing ? (options.resolution ?? options.reason ?? null) : null,
    })
    .where('id', '=', row.id)
    .execute();
  const note = [options.reason ? `reason: ${options.reason}` : '', options.note ?? '']
    .filter(Boolean)
    .join('\n');
  await insertHistory(trx, {
    workItemId: Number(row.id),
    at: options.at,
    actor: options.actor,
    action,
    from: row.status,
    to,
    note: note || null,
  });
}
