import type { Kysely } from 'kysely';
import type { RoutingConfig } from '../core/routing.js';
import type { StoredOccurrence } from '../core/types.js';
import type { CatalogLookup } from '../core/work-item-sync.js';
import {
  parseWorkItemId,
  type WorkItem,
  type WorkItemAction,
  WorkItemError,
  type WorkItemHistoryEntry,
} from '../core/workitems.js';
import type { Dialect } from './migrations/index.js';
import { occurrenceFromRow, toUtcIso } from './occurrences.js';
import { findRow } from './rows.js';
import type { ScanRunsRepository } from './scan-runs.js';
import type { Database } from './schema.js';
import { writeTransaction } from './transaction.js';
import { applyFilter, type WorkItemFilter } from './work-item-filter.js';
import { KEYSET_SORTS, type KeysetSort, keysetPage } from './work-item-keyset.js';
import {
  countItems,
  type MaintenanceWindow,
  maintenanceWindows,
  type WindowRange,
  type WorkItemCounts,
} from './work-item-reports.js';
import {
  applyStatus,
  historyFromRow,
  insertHistory,
  itemFromRow,
  loadRow,
  notFound,
  requireId,
} from './work-item-rows.js';
import { type ResolveResult, resolveUnseen, type SyncResult, syncFromOccurrences } from './work-item-sync.js';

export interface WorkItemDetail extends WorkItem {
  occurrences: StoredOccurrence[];
  history: WorkItemHistoryEntry[];
}

export const WORK_ITEM_SORTS = KEYSET_SORTS;
export type WorkItemSort = KeysetSort;

export interface ListOptions {
  limit?: number;
  /** The page after this one (`nextCursor` of the previous page): keyset paging, as fast deep as on page 1. */
  cursor?: string;
  /** Deprecated: rows to skip (slow deep in the list); ignored with `cursor`. */
  offset?: number;
  /** Default `due` (soonest first). */
  sort?: WorkItemSort;
  /** The clock for urgency; default now. */
  now?: Date;
}

export interface WorkItemPage {
  items: WorkItem[];
  total: number;
  nextCursor: string | null;
}

export interface TransitionOptions {
  actor: string;
  note?: string;
  /** Required for wontdo. */
  reason?: string;
  now?: Date;
}

export interface RefreshOptions {
  now?: Date;
  /** After a scan: also resolve what that scan no longer saw where its coverage was ok. */
  scanRunId?: string;
}

export interface WorkItemsRepository {
  /** Turns mapped occurrences not yet linked into work items (or links them to the existing one). */
  syncFromOccurrences(catalog: CatalogLookup, routing: RoutingConfig, now?: Date): Promise<SyncResult>;
  /** After a scan: resolves active items its scanners no longer saw, only where coverage was 'ok'. */
  resolveUnseen(scanRunId: string, now?: Date): Promise<ResolveResult>;
  /**
   * What every source does after recording: sync occurrences into work items, then (after a scan)
   * resolve the unseen ones. Idempotent, cheap when nothing is new.
   */
  refresh(
    catalog: CatalogLookup,
    routing: RoutingConfig,
    options?: RefreshOptions,
  ): Promise<SyncResult & { resolved: ResolveResult | null }>;
  /** A page in `sort` order; `nextCursor` fetches the following one (null on the last page). */
  list(filter?: WorkItemFilter, options?: ListOptions): Promise<WorkItemPage>;
  /** Accepts 42, '42' or '#42'. */
  get(id: number | string, options?: { now?: Date }): Promise<WorkItemDetail | undefined>;
  /** People's actions, and opsradar's own (`resolve`, `reject`) when an AWS request it filed is answered. */
  transition(id: number | string, action: WorkItemAction, options: TransitionOptions): Promise<WorkItem>;
  /** owner null (or '') unassigns; team is optional. */
  assign(
    id: number | string,
    owner: string | null,
    actor: string,
    options?: { team?: string | null; note?: string; now?: Date },
  ): Promise<WorkItem>;
  addNote(id: number | string, note: string, actor: string, options?: { now?: Date }): Promise<WorkItem>;
  counts(options?: { now?: Date }): Promise<WorkItemCounts>;
  /** Items whose updated_at is after `iso`, most recent first. */
  changedSince(iso: string, options?: { limit?: number; now?: Date }): Promise<WorkItem[]>;
  /** History entries after `iso`, most recent first (the dashboard's "what changed"). */
  historySince(iso: string, options?: { limit?: number }): Promise<WorkItemHistoryEntry[]>;
  /** Maintenance windows of active items overlapping [from, to), one per item (the latest sighting's). */
  maintenanceWindows(range?: WindowRange): Promise<MaintenanceWindow[]>;
}

const SORT_COLUMNS = { due: 'due_date', updated: 'updated_at', created: 'id', id: 'id' } as const;

async function listItems(
  db: Kysely<Database>,
  dialect: Dialect,
  filter: WorkItemFilter,
  options: ListOptions,
): Promise<WorkItemPage> {
  const now = options.now ?? new Date();
  const limit = Math.min(Math.max(options.limit ?? 50, 0), 1000);
  const offset = Math.max(options.offset ?? 0, 0);
  const where = applyFilter(filter, dialect, now);
  const countRow = await db
    .selectFrom('work_items')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where(where)
    .executeTakeFirstOrThrow();
  const total = Number(countRow.n);
  const sort = options.sort ?? 'due';
  if (options.cursor !== undefined || offset === 0) {
    const page = await keysetPage(db, where, sort, limit, options.cursor);
    return { items: page.rows.map((row) => itemFromRow(row, now)), total, nextCursor: page.nextCursor };
  }
  const desc = sort.startsWith('-');
  const column = SORT_COLUMNS[(desc ? sort.slice(1) : sort) as keyof typeof SORT_COLUMNS];
  let query = db
    .selectFrom('work_items')
    .selectAll()
    .where(where)
    .orderBy(column, desc ? 'desc' : 'asc');
  if (column !== 'id') query = query.orderBy('id', desc ? 'desc' : 'asc');
  const rows = await query.limit(limit).offset(offset).execute();
  return { items: rows.map((row) => itemFromRow(row, now)), total, nextCursor: null };
}

async function getItem(db: Kysely<Database>, input: number | string, now: Date) {
  const id = parseWorkItemId(input);
  if (id === undefined) return undefined;
  const row = await findRow(db, 'work_items', { id });
  if (!row) return undefined;
  const occurrences = await db
    .selectFrom('occurrences as o')
    .innerJoin('work_item_occurrences as l', 'l.occurrence_id', 'o.id')
    .selectAll('o')
    .where('l.work_item_id', '=', id)
    .orderBy('o.first_seen_at')
    .execute();
  const entries = await db
    .selectFrom('work_item_history')
    .selectAll()
    .where('work_item_id', '=', id)
    .orderBy('id')
    .execute();
  return {
    ...itemFromRow(row, now),
    occurrences: occurrences.map(occurrenceFromRow),
    history: entries.map(historyFromRow),
  };
}

/** Sets (or clears) the owner and, when given, the team; the history says what changed. */
async function assignItem(
  db: Kysely<Database>,
  dialect: Dialect,
  id: number,
  change: { owner: string | null; actor: string; team?: string | null; note?: string; at: string },
): Promise<void> {
  const { at, actor } = change;
  const newOwner = change.owner?.trim() || null;
  await writeTransaction(db, dialect, async (trx) => {
    const row = await loadRow(trx, dialect, id);
    const team = change.team === undefined ? row.team : change.team?.trim() || null;
    await trx
      .updateTable('work_items')
      .set({ owner: newOwner, team, updated_at: at })
      .where('id', '=', id)
      .execute();
    const changes = [`owner: ${row.owner ?? '-'} → ${newOwner ?? '-'}`];
    if (team !== row.team) changes.push(`team: ${row.team ?? '-'} → ${team ?? '-'}`);
    if (change.note) changes.push(change.note);
    await insertHistory(trx, { workItemId: id, at, actor, action: 'assign', note: changes.join('\n') });
  });
}

/** History entries after `iso`, most recent first. */
async function historySince(
  db: Kysely<Database>,
  iso: string,
  limit: number,
): Promise<WorkItemHistoryEntry[]> {
  const rows = await db
    .selectFrom('work_item_history')
    .selectAll()
    .where('at', '>', toUtcIso(iso, 'since'))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(historyFromRow);
}

export function workItemsRepository(
  db: Kysely<Database>,
  dialect: Dialect,
  scanRuns: ScanRunsRepository,
): WorkItemsRepository {
  async function current(id: number, now: Date): Promise<WorkItem> {
    const row = await findRow(db, 'work_items', { id });
    if (!row) throw notFound(id);
    return itemFromRow(row, now);
  }

  const sync = (catalog: CatalogLookup, routing: RoutingConfig, now = new Date()) =>
    syncFromOccurrences(db, dialect, catalog, routing, now);
  const resolve = (scanRunId: string, now = new Date()) =>
    resolveUnseen(db, dialect, scanRuns, scanRunId, now);

  return {
    syncFromOccurrences: sync,
    resolveUnseen: resolve,

    async refresh(catalog, routing, options = {}) {
      const now = options.now ?? new Date();
      const synced = await sync(catalog, routing, now);
      const resolved = options.scanRunId ? await resolve(options.scanRunId, now) : null;
      return { ...synced, resolved };
    },

    list: (filter = {}, options = {}) => listItems(db, dialect, filter, options),

    get: (input, options = {}) => getItem(db, input, options.now ?? new Date()),

    async transition(input, action, options) {
      const id = requireId(input);
      const now = options.now ?? new Date();
      if (!options.actor?.trim()) throw new WorkItemError('an actor is required', 'ACTOR_REQUIRED');
      await writeTransaction(db, dialect, async (trx) => {
        const row = await loadRow(trx, dialect, id);
        await applyStatus(trx, row, action, {
          actor: options.actor,
          note: options.note ?? null,
          reason: options.reason,
          at: now.toISOString(),
        });
      });
      return current(id, now);
    },

    async assign(input, owner, actor, options = {}) {
      const id = requireId(input);
      const now = options.now ?? new Date();
      await assignItem(db, dialect, id, {
        owner,
        actor,
        team: options.team,
        note: options.note,
        at: now.toISOString(),
      });
      return current(id, now);
    },

    async addNote(input, note, actor, options = {}) {
      const id = requireId(input);
      if (!note.trim()) throw new WorkItemError('a note cannot be empty', 'NOTE_EMPTY');
      const now = options.now ?? new Date();
      const at = now.toISOString();
      await writeTransaction(db, dialect, async (trx) => {
        await loadRow(trx, dialect, id);
        await trx.updateTable('work_items').set({ updated_at: at }).where('id', '=', id).execute();
        await insertHistory(trx, { workItemId: id, at, actor, action: 'note', note: note.trim() });
      });
      return current(id, now);
    },

    counts: (options = {}) => countItems(db, options.now ?? new Date()),

    async changedSince(iso, options = {}) {
      const since = toUtcIso(iso, 'since');
      const rows = await db
        .selectFrom('work_items')
        .selectAll()
        .where('updated_at', '>', since)
        .orderBy('updated_at', 'desc')
        .orderBy('id', 'desc')
        .limit(options.limit ?? 100)
        .execute();
      const now = options.now ?? new Date();
      return rows.map((row) => itemFromRow(row, now));
    },

    historySince: (iso, options = {}) => historySince(db, iso, options.limit ?? 100),

    maintenanceWindows: (range) => maintenanceWindows(db, range),
  };
}
