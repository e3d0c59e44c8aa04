import type { Category } from '../core/types.js';
import { type Urgency, urgencyRange, WORK_ITEM_STATUSES, type WorkItemStatus } from '../core/workitems.js';
import { ACTIVE, type Db, linkedOccurrences } from './work-item-rows.js';

/** Read-only summaries of work items: counts by band, and the maintenance windows of active items. */

export interface WorkItemCounts {
  total: number;
  active: number;
  /** Active items only. */
  byCategory: Record<Category, number>;
  /** Active items only. */
  byUrgency: Record<Urgency, number>;
  byStatus: Record<WorkItemStatus, number>;
}

/** An AWS maintenance window (Health event start..end) of an active work item. */
export interface MaintenanceWindow {
  itemId: number;
  title: string;
  kind: string;
  /** The item's resource and event date, for a title in the reader's language. */
  resource: string;
  eventDate: string | null;
  category: string;
  start: string;
  end: string;
}

export interface WindowRange {
  from?: string;
  to?: string;
  itemIds?: number[];
}

/**
 * Items by category × status: GROUP BY in the order of the covering index
 * `work_items_category_status`, so both databases count index entries without reading the rows.
 */
function countByStatus(db: Db) {
  return db
    .selectFrom('work_items')
    .select((eb) => ['category', 'status', eb.fn.countAll<number | string>().as('n')])
    .groupBy(['category', 'status'])
    .execute();
}

/**
 * Active items due within 30 days, by urgency band: a range of the `work_items_status_due` index
 * (a fifth of the table), not a pass over every row. The rest of the active items are `later`.
 */
async function countDueSoon(db: Db, now: Date): Promise<Record<Exclude<Urgency, 'later'>, number>> {
  const overdue = urgencyRange('overdue', now).to ?? '';
  const week = urgencyRange('within_7_days', now).to ?? '';
  const month = urgencyRange('within_30_days', now).to ?? '';
  const row = await db
    .selectFrom('work_items')
    .select((eb) => [
      eb.fn.countAll<number | string>().filterWhere('due_date', '<', overdue).as('overdue'),
      eb.fn
        .countAll<number | string>()
        .filterWhere((f) => f.and([f('due_date', '>=', overdue), f('due_date', '<', week)]))
        .as('within_7_days'),
      eb.fn.countAll<number | string>().filterWhere('due_date', '>=', week).as('within_30_days'),
    ])
    .where('status', 'in', ACTIVE)
    .where('due_date', '<', month)
    .executeTakeFirst();
  return {
    overdue: Number(row?.overdue ?? 0),
    within_7_days: Number(row?.within_7_days ?? 0),
    within_30_days: Number(row?.within_30_days ?? 0),
  };
}

/** Two index scans: counts by category × status, and the urgency bands of active items due soon. */
export async function countItems(db: Db, now: Date): Promise<WorkItemCounts> {
  const [rows, dueSoon] = await Promise.all([countByStatus(db), countDueSoon(db, now)]);
  const byStatus = Object.fromEntries(WORK_ITEM_STATUSES.map((s) => [s, 0])) as Record<
    WorkItemStatus,
    number
  >;
  const byCategory: Record<Category, number> = { scheduled: 0, request: 0, emergency: 0, expert: 0 };
  let total = 0;
  let active = 0;
  for (const row of rows) {
    const n = Number(row.n);
    total += n;
    if (row.status in byStatus) byStatus[row.status as WorkItemStatus] += n;
    if (!ACTIVE.includes(row.status)) continue;
    active += n;
    if (row.category in byCategory) byCategory[row.category as Category] += n;
  }
  // Undated items and those due after 30 days.
  const later = active - dueSoon.overdue - dueSoon.within_7_days - dueSoon.within_30_days;
  const byUrgency: Record<Urgency, number> = { ...dueSoon, later };
  return { total, active, byCategory, byUrgency, byStatus };
}

/**
 * Windows of active items overlapping [from, to): what Direct Connect, VPN and RDS maintenance
 * notices announce. One per item — the latest sighting's, as AWS may have moved it since.
 */
export async function maintenanceWindows(db: Db, range: WindowRange = {}): Promise<MaintenanceWindow[]> {
  let query = linkedOccurrences(db)
    .select([
      'w.id as id',
      'w.title as title',
      'w.kind as kind',
      'w.resource as resource',
      'w.event_date as eventDate',
      'w.category as category',
      'o.event_date as start',
      'o.event_end_date as end',
      'o.observed_at as observed',
    ])
    .where('w.status', 'in', [...ACTIVE])
    .where('o.event_date', 'is not', null)
    .where('o.event_end_date', 'is not', null);
  if (range.to) query = query.where('o.event_date', '<', range.to);
  if (range.from) query = query.where('o.event_end_date', '>=', range.from);
  if (range.itemIds) {
    if (range.itemIds.length === 0) return [];
    query = query.where('w.id', 'in', range.itemIds);
  }
  const rows = await query.orderBy('o.observed_at', 'desc').limit(20_000).execute();
  const byItem = new Map<number, MaintenanceWindow>();
  for (const row of rows) {
    const id = Number(row.id);
    if (byItem.has(id) || !row.start || !row.end) continue;
    byItem.set(id, {
      itemId: id,
      title: row.title,
      kind: row.kind,
      resource: row.resource,
      eventDate: row.eventDate,
      category: row.category,
      start: row.start,
      end: row.end,
    });
  }
  return [...byItem.values()].sort((a, b) => a.start.localeCompare(b.start) || a.itemId - b.itemId);
}
