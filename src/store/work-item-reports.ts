import type { Category } from '../core/types.js';
import {
  URGENCIES,
  type Urgency,
  urgencyRange,
  WORK_ITEM_STATUSES,
  type WorkItemStatus,
} from '../core/workitems.js';
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
 * One aggregated query: items by status × category, with the urgency bands as filtered counts
 * (cheaper than grouping by a CASE over every row on both databases).
 */
async function countByBand(db: Db, now: Date) {
  const overdue = urgencyRange('overdue', now).to ?? '';
  const week = urgencyRange('within_7_days', now).to ?? '';
  const month = urgencyRange('within_30_days', now).to ?? '';
  return db
    .selectFrom('work_items')
    .select((eb) => [
      'status',
      'category',
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.countAll<number | string>().filterWhere('due_date', '<', overdue).as('overdue'),
      eb.fn
        .countAll<number | string>()
        .filterWhere((f) => f.and([f('due_date', '>=', overdue), f('due_date', '<', week)]))
        .as('within_7_days'),
      eb.fn
        .countAll<number | string>()
        .filterWhere((f) => f.and([f('due_date', '>=', week), f('due_date', '<', month)]))
        .as('within_30_days'),
    ])
    .groupBy(['status', 'category'])
    .execute();
}

/** One pass over the table (one query): status × category × urgency band, summed here. */
export async function countItems(db: Db, now: Date): Promise<WorkItemCounts> {
  const rows = await countByBand(db, now);
  const byStatus = Object.fromEntries(WORK_ITEM_STATUSES.map((s) => [s, 0])) as Record<
    WorkItemStatus,
    number
  >;
  const byCategory: Record<Category, number> = { scheduled: 0, request: 0, emergency: 0, expert: 0 };
  const byUrgency = Object.fromEntries(URGENCIES.map((u) => [u, 0])) as Record<Urgency, number>;
  let total = 0;
  let active = 0;
  for (const row of rows) {
    const n = Number(row.n);
    total += n;
    if (row.status in byStatus) byStatus[row.status as WorkItemStatus] += n;
    if (!ACTIVE.includes(row.status)) continue;
    active += n;
    if (row.category in byCategory) byCategory[row.category as Category] += n;
    const banded = {
      overdue: Number(row.overdue),
      within_7_days: Number(row.within_7_days),
      within_30_days: Number(row.within_30_days),
    };
    for (const [band, count] of Object.entries(banded)) byUrgency[band as Urgency] += count;
    // Undated items and those due after 30 days.
    byUrgency.later += n - banded.overdue - banded.within_7_days - banded.within_30_days;
  }
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
