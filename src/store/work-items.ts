import {
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type Selectable,
  type SqlBool,
  sql,
  type Transaction,
} from 'kysely';
import { type Assignment, type RoutingConfig, route } from '../core/routing.js';
import type { Category } from '../core/types.js';
import {
  ACTIVE_STATUSES,
  correlationKey,
  dueDate,
  formatWorkItemId,
  nextStatus,
  parseWorkItemId,
  serviceOf,
  tagsFromEvidence,
  URGENCIES,
  type Urgency,
  urgencyOf,
  urgencyRange,
  WORK_ITEM_STATUSES,
  type WorkItemAction,
  WorkItemError,
  type WorkItemKind,
  type WorkItemStatus,
} from '../core/workitems.js';
import type { Dialect } from './migrations/index.js';
import { occurrenceFromRow, type StoredOccurrence, toUtcIso } from './occurrences.js';
import type { CoverageEntry, ScanRunsRepository } from './scan-runs.js';
import type { Database, WorkItemsTable } from './schema.js';
import { writeTransaction } from './transaction.js';

/** Who opsradar itself is in the history (automatic resolution, reopening, creation). */
export const SYSTEM_ACTOR = 'opsradar';

export interface WorkItem {
  /** Sequential number; people write it `#42` (see `ref`). */
  id: number;
  ref: string;
  correlationKey: string;
  kind: string;
  category: Category;
  service: string;
  accountId: string;
  region: string;
  resource: string;
  title: string;
  eventDate: string | null;
  dueDate: string | null;
  status: WorkItemStatus;
  /** Computed against the `now` of the query. */
  urgency: Urgency;
  owner: string | null;
  team: string | null;
  /** Reason for won't do, or the evidence of an automatic resolution. */
  resolution: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface WorkItemHistoryEntry {
  id: number;
  workItemId: number;
  at: string;
  actor: string;
  /** created | seen | ack | start | done | wontdo | reopen | resolve | reappear | assign | note | reschedule */
  action: string;
  fromStatus: WorkItemStatus | null;
  toStatus: WorkItemStatus | null;
  note: string | null;
}

export interface WorkItemDetail extends WorkItem {
  occurrences: StoredOccurrence[];
  history: WorkItemHistoryEntry[];
}

export interface WorkItemFilter {
  category?: string | string[];
  /** A status, several, or 'active' (open, acknowledged, in progress). */
  status?: string | string[];
  account?: string | string[];
  region?: string | string[];
  service?: string | string[];
  kind?: string | string[];
  /** Matches the owner or the team. */
  owner?: string;
  /** Due on or before this instant (a bare date YYYY-MM-DD means the end of that UTC day). */
  dueBefore?: string;
  /** Case-insensitive substring of the title or the resource. */
  text?: string;
  /** An urgency band; without a status filter it implies active items. */
  urgency?: Urgency | Urgency[];
}

export const WORK_ITEM_SORTS = [
  'due',
  '-due',
  'updated',
  '-updated',
  'created',
  '-created',
  'id',
  '-id',
] as const;
export type WorkItemSort = (typeof WORK_ITEM_SORTS)[number];

export interface ListOptions {
  limit?: number;
  offset?: number;
  /** Default `due` (soonest first). */
  sort?: WorkItemSort;
  /** The clock for urgency; default now. */
  now?: Date;
}

export interface WorkItemCounts {
  total: number;
  active: number;
  /** Active items only. */
  byCategory: Record<Category, number>;
  /** Active items only. */
  byUrgency: Record<Urgency, number>;
  byStatus: Record<WorkItemStatus, number>;
}

/** The part of the catalog correlation needs (`Catalog` from src/catalog satisfies it). */
export interface CatalogLookup {
  get(id: string): WorkItemKind | undefined;
}

export interface SyncResult {
  created: number[];
  linked: number;
  reopened: number[];
  rescheduled: number[];
  /** Occurrences whose kind is not in the catalog (left unlinked, retried next time). */
  unknownKinds: string[];
}

export interface ResolveResult {
  resolved: number[];
  /** Items not seen but left open because the scan could not look there (denied, failed, not scanned). */
  keptForCoverage: number[];
}

export interface TransitionOptions {
  actor: string;
  note?: string;
  /** Required for wontdo. */
  reason?: string;
  now?: Date;
}

export interface WorkItemsRepository {
  /** Turns mapped occurrences not yet linked into work items (or links them to the existing one). */
  syncFromOccurrences(catalog: CatalogLookup, routing: RoutingConfig, now?: Date): Promise<SyncResult>;
  /** After a scan: resolves active items its scanners no longer saw, only where coverage was 'ok'. */
  resolveUnseen(scanRunId: string, now?: Date): Promise<ResolveResult>;
  list(filter?: WorkItemFilter, options?: ListOptions): Promise<{ items: WorkItem[]; total: number }>;
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
}

type ItemRow = Selectable<WorkItemsTable>;
type Db = Kysely<Database> | Transaction<Database>;

function itemFromRow(row: ItemRow, now: Date): WorkItem {
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

function asList(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const list = (Array.isArray(value) ? value : [value]).filter((v) => v !== '');
  return list.length > 0 ? list : undefined;
}

function requireId(input: number | string): number {
  const id = parseWorkItemId(input);
  if (id === undefined)
    throw new WorkItemError(
      `not a work item id: ${String(input)} (expected e.g. #42)`,
      'WORK_ITEM_ID_INVALID',
    );
  return id;
}

function notFound(id: number): WorkItemError {
  return new WorkItemError(`work item ${formatWorkItemId(id)} not found`, 'WORK_ITEM_NOT_FOUND');
}

/** `scanner:<scanner id>:<kind>` → scanner id. */
function scannerOf(sourceRef: string): string | undefined {
  const match = /^scanner:([^:]+)(?::|$)/.exec(sourceRef);
  return match?.[1];
}

/** The scan's verdict for one account+region+scanner; a global resource may be recorded under another region. */
function coverageFor(
  coverage: CoverageEntry[],
  accountId: string,
  region: string,
  scanner: string,
): 'ok' | 'not-ok' {
  const exact = coverage.find(
    (c) => c.accountId === accountId && c.region === region && c.scanner === scanner,
  );
  if (exact) return exact.status === 'ok' ? 'ok' : 'not-ok';
  const same = coverage.filter((c) => c.accountId === accountId && c.scanner === scanner);
  return same.length > 0 && same.every((c) => c.status === 'ok') && (region === 'global' || region === '')
    ? 'ok'
    : 'not-ok';
}

const ACTIVE = ACTIVE_STATUSES as readonly string[];

export function workItemsRepository(
  db: Kysely<Database>,
  dialect: Dialect,
  scanRuns: ScanRunsRepository,
): WorkItemsRepository {
  async function history(
    trx: Db,
    entry: {
      workItemId: number;
      at: string;
      actor: string;
      action: string;
      from?: string | null;
      to?: string | null;
      note?: string | null;
    },
  ): Promise<void> {
    await trx
      .insertInto('work_item_history')
      .values({
        work_item_id: entry.workItemId,
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        from_status: entry.from ?? null,
        to_status: entry.to ?? null,
        note: entry.note ?? null,
      })
      .execute();
  }

  async function loadRow(trx: Db, id: number): Promise<ItemRow> {
    let query = trx.selectFrom('work_items').selectAll().where('id', '=', id);
    // Two operators acting at once on PostgreSQL: the second waits and sees the first's status.
    if (dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (!row) throw notFound(id);
    return row;
  }

  async function applyStatus(
    trx: Db,
    row: ItemRow,
    action: WorkItemAction,
    options: { actor: string; note?: string | null; reason?: string; at: string; resolution?: string | null },
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
    await history(trx, {
      workItemId: Number(row.id),
      at: options.at,
      actor: options.actor,
      action,
      from: row.status,
      to,
      note: note || null,
    });
  }

  function applyFilter(filter: WorkItemFilter, now: Date) {
    return (eb: ExpressionBuilder<Database, 'work_items'>) => {
      const conditions = [];
      const category = asList(filter.category);
      if (category) conditions.push(eb('category', 'in', category));
      let status = asList(filter.status);
      if (status?.includes('active')) status = [...status.filter((s) => s !== 'active'), ...ACTIVE];
      const urgency = asList(filter.urgency) as Urgency[] | undefined;
      if (!status && urgency) status = [...ACTIVE];
      if (status) conditions.push(eb('status', 'in', status));
      const account = asList(filter.account);
      if (account) conditions.push(eb('account_id', 'in', account));
      const region = asList(filter.region);
      if (region) conditions.push(eb('region', 'in', region));
      const service = asList(filter.service)?.map((s) => s.toUpperCase());
      if (service) conditions.push(eb('service', 'in', service));
      const kind = asList(filter.kind);
      if (kind) conditions.push(eb('kind', 'in', kind));
      if (filter.owner)
        conditions.push(eb.or([eb('owner', '=', filter.owner), eb('team', '=', filter.owner)]));
      if (filter.dueBefore) {
        const bare = /^\d{4}-\d{2}-\d{2}$/.test(filter.dueBefore);
        const limit = bare
          ? new Date(new Date(`${filter.dueBefore}T00:00:00Z`).getTime() + 86_400_000).toISOString()
          : new Date(new Date(toUtcIso(filter.dueBefore, 'dueBefore')).getTime() + 1).toISOString();
        conditions.push(eb('due_date', '<', limit));
      }
      const text = filter.text?.trim();
      if (text) conditions.push(textCondition(eb, text));
      if (urgency) {
        conditions.push(
          eb.or(
            urgency.map((band) => {
              const range = urgencyRange(band, now);
              const parts = [];
              if (range.from) parts.push(eb('due_date', '>=', range.from));
              if (range.to) parts.push(eb('due_date', '<', range.to));
              return band === 'later' ? eb.or([eb.and(parts), eb('due_date', 'is', null)]) : eb.and(parts);
            }),
          ),
        );
      }
      return eb.and(conditions);
    };
  }

  /** Substring of title or resource, case-insensitive, served by an index on both dialects. */
  function textCondition(eb: ExpressionBuilder<Database, 'work_items'>, text: string): Expression<SqlBool> {
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    if (dialect === 'postgres')
      return eb.or([eb('title', 'ilike', pattern), eb('resource', 'ilike', pattern)]);
    // The FTS5 trigram index needs 3 characters; shorter text falls back to LIKE.
    if ([...text].length >= 3) {
      const phrase = `"${text.replaceAll('"', '""')}"`;
      return sql<SqlBool>`work_items.id in (select rowid from work_items_text where work_items_text match ${phrase})`;
    }
    return sql<SqlBool>`(work_items.title like ${pattern} escape '\\' or work_items.resource like ${pattern} escape '\\')`;
  }

  async function current(id: number, now: Date): Promise<WorkItem> {
    const row = await db.selectFrom('work_items').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(id);
    return itemFromRow(row, now);
  }

  async function list(
    filter: WorkItemFilter = {},
    options: ListOptions = {},
  ): Promise<{ items: WorkItem[]; total: number }> {
    const now = options.now ?? new Date();
    const limit = Math.min(Math.max(options.limit ?? 50, 0), 1000);
    const offset = Math.max(options.offset ?? 0, 0);
    const where = applyFilter(filter, now);
    const countRow = await db
      .selectFrom('work_items')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where(where)
      .executeTakeFirstOrThrow();
    const sort = options.sort ?? 'due';
    const desc = sort.startsWith('-');
    const column = ({ due: 'due_date', updated: 'updated_at', created: 'id', id: 'id' } as const)[
      (desc ? sort.slice(1) : sort) as 'due' | 'updated' | 'created' | 'id'
    ];
    let query = db
      .selectFrom('work_items')
      .selectAll()
      .where(where)
      .orderBy(column, desc ? 'desc' : 'asc');
    if (column !== 'id') query = query.orderBy('id', desc ? 'desc' : 'asc');
    const rows = await query.limit(limit).offset(offset).execute();
    return { items: rows.map((row) => itemFromRow(row, now)), total: Number(countRow.n) };
  }

  return {
    async syncFromOccurrences(catalog, routing, now = new Date()) {
      const at = now.toISOString();
      const result: SyncResult = { created: [], linked: 0, reopened: [], rescheduled: [], unknownKinds: [] };
      await writeTransaction(db, dialect, async (trx) => {
        // New sightings: mapped occurrences that belong to no item yet. Unmapped ones never do.
        const fresh = await trx
          .selectFrom('occurrences as o')
          .leftJoin('work_item_occurrences as l', 'l.occurrence_id', 'o.id')
          .selectAll('o')
          .where('l.occurrence_id', 'is', null)
          .where('o.kind', 'is not', null)
          .orderBy('o.first_seen_at')
          .orderBy('o.id')
          .execute();
        const unknown = new Set<string>();
        const byKey = new Map<string, ItemRow>();
        for (const row of fresh) {
          const occurrence = occurrenceFromRow(row);
          const kind = catalog.get(occurrence.kind ?? '');
          if (!kind) {
            unknown.add(occurrence.kind ?? '');
            continue;
          }
          const key = correlationKey(kind, occurrence);
          let item =
            byKey.get(key) ??
            (await trx
              .selectFrom('work_items')
              .selectAll()
              .where('correlation_key', '=', key)
              .executeTakeFirst());
          if (!item) {
            const service = serviceOf(kind, occurrence.resource, occurrence.evidence);
            const ous = typeof occurrence.evidence.ouId === 'string' ? [occurrence.evidence.ouId] : [];
            const assignment: Assignment = route(routing, {
              accountId: occurrence.accountId,
              region: occurrence.region,
              service,
              kind: kind.id,
              category: kind.category,
              tags: tagsFromEvidence(occurrence.evidence),
              ous,
            });
            const inserted = await trx
              .insertInto('work_items')
              .values({
                correlation_key: key,
                kind: kind.id,
                category: kind.category,
                service,
                account_id: occurrence.accountId,
                region: occurrence.region,
                resource: occurrence.resource,
                title: occurrence.title?.trim() || kind.title.en,
                event_date: occurrence.eventDate,
                due_date: dueDate(occurrence.eventDate, kind.leadTimeDays, occurrence.firstSeenAt),
                status: 'open',
                owner: assignment.owner,
                team: assignment.team,
                resolution: null,
                created_at: at,
                updated_at: at,
                closed_at: null,
              })
              .returningAll()
              .executeTakeFirstOrThrow();
            item = inserted;
            result.created.push(Number(inserted.id));
            const routed =
              assignment.team || assignment.owner
                ? `; routed to ${[assignment.team, assignment.owner].filter(Boolean).join(' / ')}${assignment.rule === null ? ' (default)' : ` (rule ${assignment.rule + 1})`}`
                : '';
            await history(trx, {
              workItemId: Number(inserted.id),
              at,
              actor: SYSTEM_ACTOR,
              action: 'created',
              to: 'open',
              note: `seen by ${occurrence.source}: ${occurrence.sourceRef}${routed}`,
            });
          } else {
            await history(trx, {
              workItemId: Number(item.id),
              at,
              actor: SYSTEM_ACTOR,
              action: 'seen',
              note: `also seen by ${occurrence.source}: ${occurrence.sourceRef}`,
            });
            await trx.updateTable('work_items').set({ updated_at: at }).where('id', '=', item.id).execute();
          }
          await trx
            .insertInto('work_item_occurrences')
            .values({ work_item_id: Number(item.id), occurrence_id: occurrence.id, linked_at: at })
            .execute();
          result.linked += 1;
          byKey.set(key, item);
        }
        result.unknownKinds = [...unknown].sort();

        // Resolved items whose condition came back: a scanner saw it again after the resolution, or
        // another source reported something new (a closed Health event is not a comeback).
        const comebacks = await trx
          .selectFrom('work_items as w')
          .innerJoin('work_item_occurrences as l', 'l.work_item_id', 'w.id')
          .innerJoin('occurrences as o', 'o.id', 'l.occurrence_id')
          .select([
            'w.id as id',
            'o.source as source',
            'o.source_ref as source_ref',
            'o.last_seen_at as last_seen_at',
            'o.changed_at as changed_at',
            'o.source_status as source_status',
            'w.closed_at as closed_at',
          ])
          .where('w.status', '=', 'resolved')
          .execute();
        const reopen = new Map<number, string>();
        for (const c of comebacks) {
          const closedAt = c.closed_at ?? '';
          const back =
            c.source === 'scanner'
              ? c.last_seen_at > closedAt
              : c.changed_at > closedAt && (c.source_status ?? '').toLowerCase() !== 'closed';
          if (back && !reopen.has(Number(c.id)))
            reopen.set(Number(c.id), `seen again by ${c.source}: ${c.source_ref}`);
        }
        for (const [id, note] of reopen) {
          const row = await loadRow(trx, id);
          await applyStatus(trx, row, 'reappear', { actor: SYSTEM_ACTOR, note, at });
          result.reopened.push(id);
        }

        // A rescheduled event (maintenance moved, Health start time changed) moves the item's dates.
        const moved = await trx
          .selectFrom('work_items as w')
          .innerJoin('work_item_occurrences as l', 'l.work_item_id', 'w.id')
          .innerJoin('occurrences as o', 'o.id', 'l.occurrence_id')
          .select([
            'w.id as id',
            'w.kind as kind',
            'w.event_date as item_date',
            'o.event_date as event_date',
            'o.first_seen_at as first_seen_at',
            'o.changed_at as changed_at',
            'l.linked_at as linked_at',
          ])
          .where('o.event_date', 'is not', null)
          .whereRef('o.changed_at', '>', 'l.linked_at')
          .execute();
        for (const m of moved) {
          const kind = catalog.get(m.kind);
          await trx
            .updateTable('work_item_occurrences')
            .set({ linked_at: at })
            .where('work_item_id', '=', Number(m.id))
            .where('linked_at', '<', m.changed_at)
            .execute();
          if (!kind || m.event_date === m.item_date) continue;
          await trx
            .updateTable('work_items')
            .set({
              event_date: m.event_date,
              due_date: dueDate(m.event_date, kind.leadTimeDays, m.first_seen_at),
              updated_at: at,
            })
            .where('id', '=', Number(m.id))
            .execute();
          await history(trx, {
            workItemId: Number(m.id),
            at,
            actor: SYSTEM_ACTOR,
            action: 'reschedule',
            note: `event date ${m.item_date ?? '-'} → ${m.event_date}`,
          });
          result.rescheduled.push(Number(m.id));
        }
      });
      return result;
    },

    async resolveUnseen(scanRunId, now = new Date()) {
      const run = await scanRuns.get(scanRunId);
      if (!run) throw new WorkItemError(`unknown scan run ${scanRunId}`, 'SCAN_RUN_NOT_FOUND');
      const coverage = await scanRuns.coverage(scanRunId);
      const at = run.finishedAt ?? now.toISOString();
      const result: ResolveResult = { resolved: [], keptForCoverage: [] };
      await writeTransaction(db, dialect, async (trx) => {
        const rows = await trx
          .selectFrom('work_items as w')
          .innerJoin('work_item_occurrences as l', 'l.work_item_id', 'w.id')
          .innerJoin('occurrences as o', 'o.id', 'l.occurrence_id')
          .leftJoin('scan_runs as r', 'r.id', 'o.last_scan_run_id')
          .select([
            'w.id as id',
            'o.source_ref as source_ref',
            'o.account_id as account_id',
            'o.region as region',
            'o.last_scan_run_id as last_scan_run_id',
            'o.last_seen_at as last_seen_at',
            'r.started_at as seen_run_started_at',
          ])
          .where('w.status', 'in', [...ACTIVE])
          .where('o.source', '=', 'scanner')
          .execute();
        const byItem = new Map<number, typeof rows>();
        for (const row of rows) {
          const list = byItem.get(Number(row.id)) ?? [];
          list.push(row);
          byItem.set(Number(row.id), list);
        }
        for (const [id, sightings] of byItem) {
          // Still seen by this scan: nothing to do. Seen by a later scan: that scan decides.
          const seen = sightings.some((s) =>
            s.last_scan_run_id === null
              ? s.last_seen_at > run.startedAt
              : s.last_scan_run_id === scanRunId || (s.seen_run_started_at ?? '') > run.startedAt,
          );
          if (seen) continue;
          const verdicts = sightings.map((s) => {
            const scanner = scannerOf(s.source_ref) ?? '';
            return {
              s,
              scanner,
              ok: scanner !== '' && coverageFor(coverage, s.account_id, s.region, scanner) === 'ok',
            };
          });
          if (!verdicts.every((v) => v.ok)) {
            result.keptForCoverage.push(id);
            continue;
          }
          const evidence = verdicts
            .map(
              (v) =>
                `${v.scanner} scanned ${v.s.account_id}/${v.s.region || 'global'} (coverage ok) and no longer saw it`,
            )
            .join('; ');
          const note = `not seen by scan ${scanRunId} finished ${at}: ${evidence}`;
          const row = await loadRow(trx, id);
          await applyStatus(trx, row, 'resolve', { actor: SYSTEM_ACTOR, note, at, resolution: note });
          result.resolved.push(id);
        }
      });
      return result;
    },

    list,

    async get(input, options = {}) {
      const id = parseWorkItemId(input);
      if (id === undefined) return undefined;
      const now = options.now ?? new Date();
      const row = await db.selectFrom('work_items').selectAll().where('id', '=', id).executeTakeFirst();
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
    },

    async transition(input, action, options) {
      const id = requireId(input);
      const now = options.now ?? new Date();
      if (!options.actor?.trim()) throw new WorkItemError('an actor is required', 'ACTOR_REQUIRED');
      await writeTransaction(db, dialect, async (trx) => {
        const row = await loadRow(trx, id);
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
      const at = now.toISOString();
      const newOwner = owner?.trim() || null;
      await writeTransaction(db, dialect, async (trx) => {
        const row = await loadRow(trx, id);
        const team = options.team === undefined ? row.team : options.team?.trim() || null;
        await trx
          .updateTable('work_items')
          .set({ owner: newOwner, team, updated_at: at })
          .where('id', '=', id)
          .execute();
        const changes = [`owner: ${row.owner ?? '-'} → ${newOwner ?? '-'}`];
        if (team !== row.team) changes.push(`team: ${row.team ?? '-'} → ${team ?? '-'}`);
        if (options.note) changes.push(options.note);
        await history(trx, { workItemId: id, at, actor, action: 'assign', note: changes.join('\n') });
      });
      return current(id, now);
    },

    async addNote(input, note, actor, options = {}) {
      const id = requireId(input);
      if (!note.trim()) throw new WorkItemError('a note cannot be empty', 'NOTE_EMPTY');
      const now = options.now ?? new Date();
      const at = now.toISOString();
      await writeTransaction(db, dialect, async (trx) => {
        await loadRow(trx, id);
        await trx.updateTable('work_items').set({ updated_at: at }).where('id', '=', id).execute();
        await history(trx, { workItemId: id, at, actor, action: 'note', note: note.trim() });
      });
      return current(id, now);
    },

    async counts(options = {}) {
      const now = options.now ?? new Date();
      // One pass over the table: status × category × urgency band, summed here.
      const overdue = urgencyRange('overdue', now).to ?? '';
      const week = urgencyRange('within_7_days', now).to ?? '';
      const month = urgencyRange('within_30_days', now).to ?? '';
      const statusRows = await db
        .selectFrom('work_items')
        .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
        .groupBy('status')
        .execute();
      const rows = await db
        .selectFrom('work_items')
        .select((eb) => [
          'category',
          eb
            .case()
            .when('due_date', 'is', null)
            .then('later')
            .when('due_date', '<', overdue)
            .then('overdue')
            .when('due_date', '<', week)
            .then('within_7_days')
            .when('due_date', '<', month)
            .then('within_30_days')
            .else('later')
            .end()
            .as('urgency'),
          eb.fn.countAll<number | string>().as('n'),
        ])
        .where('status', 'in', [...ACTIVE])
        .groupBy(['category', 'urgency'])
        .execute();
      const byStatus = Object.fromEntries(WORK_ITEM_STATUSES.map((s) => [s, 0])) as Record<
        WorkItemStatus,
        number
      >;
      const byCategory: Record<Category, number> = { scheduled: 0, request: 0, emergency: 0, expert: 0 };
      const byUrgency = Object.fromEntries(URGENCIES.map((u) => [u, 0])) as Record<Urgency, number>;
      let total = 0;
      let active = 0;
      for (const row of statusRows) {
        const n = Number(row.n);
        total += n;
        if (row.status in byStatus) byStatus[row.status as WorkItemStatus] += n;
        if (ACTIVE.includes(row.status)) active += n;
      }
      for (const row of rows) {
        const n = Number(row.n);
        if (row.category in byCategory) byCategory[row.category as Category] += n;
        if (row.urgency && row.urgency in byUrgency) byUrgency[row.urgency as Urgency] += n;
      }
      return { total, active, byCategory, byUrgency, byStatus };
    },

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

    async historySince(iso, options = {}) {
      const since = toUtcIso(iso, 'since');
      const rows = await db
        .selectFrom('work_item_history')
        .selectAll()
        .where('at', '>', since)
        .orderBy('id', 'desc')
        .limit(options.limit ?? 100)
        .execute();
      return rows.map(historyFromRow);
    },
  };
}

function historyFromRow(row: Selectable<Database['work_item_history']>): WorkItemHistoryEntry {
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
