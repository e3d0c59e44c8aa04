import { ACTIVE_STATUSES } from '../core/workitems.js';
import type { ServerStore } from './context.js';

/** An AWS maintenance window (Health event start..end) of an active work item. */
export interface MaintenanceWindow {
  itemId: number;
  title: string;
  kind: string;
  category: string;
  start: string;
  end: string;
}

/**
 * Windows of active items overlapping [from, to): what Direct Connect, VPN and RDS maintenance
 * notices announce. One per item — the latest sighting's, as AWS may have moved it since.
 */
export async function maintenanceWindows(
  store: ServerStore,
  range: { from?: string; to?: string; itemIds?: number[] } = {},
): Promise<MaintenanceWindow[]> {
  let query = store.db
    .selectFrom('work_items as w')
    .innerJoin('work_item_occurrences as l', 'l.work_item_id', 'w.id')
    .innerJoin('occurrences as o', 'o.id', 'l.occurrence_id')
    .select([
      'w.id as id',
      'w.title as title',
      'w.kind as kind',
      'w.category as category',
      'o.event_date as start',
      'o.event_end_date as end',
      'o.observed_at as observed',
    ])
    .where('w.status', 'in', [...ACTIVE_STATUSES])
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
      category: row.category,
      start: row.start,
      end: row.end,
    });
  }
  return [...byItem.values()].sort((a, b) => a.start.localeCompare(b.start) || a.itemId - b.itemId);
}
