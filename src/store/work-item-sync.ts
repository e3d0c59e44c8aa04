import { sql } from 'kysely';
import type { RoutingConfig } from '../core/routing.js';
import type { StoredOccurrence } from '../core/types.js';
import {
  type CatalogLookup,
  closedBySource,
  comebacks,
  correlationKeys,
  planSightings,
  reschedules,
  type SightingStep,
  unseenVerdicts,
} from '../core/work-item-sync.js';
import { SYSTEM_ACTOR, WorkItemError } from '../core/workitems.js';
import type { Dialect } from './migrations/index.js';
import { occurrenceFromRow } from './occurrences.js';
import type { ScanRunsRepository } from './scan-runs.js';
import { serialise, writeTransaction } from './transaction.js';
import { ACTIVE, applyStatus, type Db, insertHistory, linkedOccurrences, loadRow } from './work-item-rows.js';

/**
 * Persists what core's work item rules decide (src/core/work-item-sync.ts): this file reads the rows
 * the rules look at and writes their decisions, nothing more.
 */

export interface SyncResult {
  created: number[];
  linked: number;
  reopened: number[];
  rescheduled: number[];
  /** Items resolved because AWS closed their Health events (or marked the entity RESOLVED). */
  closed: number[];
  /** Occurrences whose kind is not in the catalog (left unlinked, retried next time). */
  unknownKinds: string[];
}

export interface ResolveResult {
  resolved: number[];
  /** Items not seen but left open because the scan could not look there (denied, failed, not scanned). */
  keptForCoverage: number[];
}

/** Items that already exist for these correlation keys, by key. */
async function itemsByKey(trx: Db, keys: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await trx
      .selectFrom('work_items')
      .select(['id', 'correlation_key'])
      .where('correlation_key', 'in', keys.slice(i, i + 500))
      .orderBy('id')
      .execute();
    for (const row of rows) if (!out.has(row.correlation_key)) out.set(row.correlation_key, Number(row.id));
  }
  return out;
}

/** Rows per statement: well under both stores' bound-parameter limits. */
const CHUNK = 500;

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

type CreateStep = Extract<SightingStep, { type: 'create' }>;
type LinkStep = Extract<SightingStep, { type: 'link' }>;

/** Creates the planned items (a few statements per chunk, not per item); returns their ids by key. */
async function createItems(trx: Db, steps: readonly CreateStep[], at: string): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const chunk of chunks(steps)) {
    const inserted = await trx
      .insertInto('work_items')
      .values(
        chunk.map(({ item }) => ({
          correlation_key: item.correlationKey,
          kind: item.kind,
          category: item.category,
          service: item.service,
          account_id: item.accountId,
          region: item.region,
          resource: item.resource,
          title: item.title,
          event_date: item.eventDate,
          due_date: item.dueDate,
          status: 'open',
          owner: item.owner,
          team: item.team,
          resolution: null,
          created_at: at,
          updated_at: at,
          closed_at: null,
        })),
      )
      .returning(['id', 'correlation_key'])
      .execute();
    for (const row of inserted) ids.set(row.correlation_key, Number(row.id));
    await insertHistory(
      trx,
      ...chunk.map((step) => ({
        workItemId: ids.get(step.item.correlationKey) ?? 0,
        at,
        actor: SYSTEM_ACTOR,
        action: 'created',
        to: 'open',
        note: step.note,
      })),
    );
  }
  return ids;
}

/** Sightings of existing items: a `seen` history entry each, and the item's updated_at. */
async function recordSeen(trx: Db, steps: ReadonlyArray<{ id: number; note: string }>, at: string) {
  for (const chunk of chunks(steps)) {
    await insertHistory(
      trx,
      ...chunk.map(({ id, note }) => ({ workItemId: id, at, actor: SYSTEM_ACTOR, action: 'seen', note })),
    );
    await trx
      .updateTable('work_items')
      .set({ updated_at: at })
      .where('id', 'in', [...new Set(chunk.map((s) => s.id))])
      .execute();
  }
}

/** New sightings: mapped occurrences that belong to no item yet (unmapped ones never do). */
async function linkNewSightings(
  trx: Db,
  catalog: CatalogLookup,
  routing: RoutingConfig,
  at: string,
  result: SyncResult,
) {
  const fresh = (
    await trx
      .selectFrom('occurrences as o')
      .leftJoin('work_item_occurrences as l', 'l.occurrence_id', 'o.id')
      .selectAll('o')
      .where('l.occurrence_id', 'is', null)
      .where('o.kind', 'is not', null)
      .orderBy('o.first_seen_at')
      .orderBy('o.id')
      .execute()
  ).map(occurrenceFromRow);
  const ids = await itemsByKey(trx, correlationKeys(fresh, catalog));
  const plan = planSightings(fresh, catalog, routing, new Set(ids.keys()));
  const creates = plan.steps.filter((s): s is CreateStep => s.type === 'create');
  const created = await createItems(trx, creates, at);
  for (const { item } of creates) {
    const id = created.get(item.correlationKey) ?? 0;
    ids.set(item.correlationKey, id);
    result.created.push(id);
  }
  const links = plan.steps.filter((s): s is LinkStep => s.type === 'link');
  await recordSeen(
    trx,
    links.map((s) => ({ id: ids.get(s.correlationKey) ?? 0, note: s.note })),
    at,
  );
  const linkRows = plan.steps.map((step) => ({
    work_item_id: ids.get(step.type === 'create' ? step.item.correlationKey : step.correlationKey) ?? 0,
    occurrence_id: step.occurrenceId,
    linked_at: at,
  }));
  for (const chunk of chunks(linkRows)) await trx.insertInto('work_item_occurrences').values(chunk).execute();
  result.linked += linkRows.length;
  result.unknownKinds = plan.unknownKinds;
}

/** An item and one of its sightings, as core's comeback, reschedule and closed-by-source rules read them. */
interface ItemSighting extends StoredOccurrence {
  itemId: number;
  itemKind: string;
  itemDate: string | null;
  closedAt: string | null;
  sourceStatus: string | null;
  verified: boolean;
  /** A Health entity's status from the evidence (RESOLVED when AWS finished with the resource). */
  entityStatus: string | null;
  entity: string;
}

/** Runs `linked` (a where on the item–occurrence join) and maps each row to an item sighting. */
async function itemSightings(linked: ReturnType<typeof linkedOccurrences>): Promise<ItemSighting[]> {
  const rows = await linked
    .selectAll('o')
    .select(['w.id as itemId', 'w.kind as itemKind', 'w.event_date as itemDate', 'w.closed_at as closedAt'])
    .execute();
  return rows.map((row) => {
    const sighting = occurrenceFromRow(row);
    const status = sighting.evidence.entityStatus;
    return {
      ...sighting,
      itemId: Number(row.itemId),
      itemKind: row.itemKind,
      itemDate: row.itemDate,
      closedAt: row.closedAt,
      sourceStatus: row.source_status,
      verified: row.verified !== 0,
      entityStatus: typeof status === 'string' ? status : null,
      entity: sighting.resource,
    };
  });
}

/** Moves each item a rule decided on along `action`, with the rule's note as history (and resolution). */
async function applyDecisions(
  trx: Db,
  dialect: Dialect,
  decisions: ReadonlyArray<{ itemId: number; note: string }>,
  action: 'reappear' | 'resolve',
  at: string,
): Promise<number[]> {
  for (const { itemId, note } of decisions) {
    const row = await loadRow(trx, dialect, itemId);
    await applyStatus(trx, row, action, { actor: SYSTEM_ACTOR, note, at, resolution: note });
  }
  return decisions.map((d) => d.itemId);
}

async function reopenComebacks(trx: Db, dialect: Dialect, at: string, result: SyncResult) {
  const sightings = await itemSightings(linkedOccurrences(trx).where('w.status', '=', 'resolved'));
  result.reopened.push(...(await applyDecisions(trx, dialect, comebacks(sightings), 'reappear', at)));
}

async function moveRescheduled(trx: Db, catalog: CatalogLookup, at: string, result: SyncResult) {
  const sightings = await itemSightings(
    linkedOccurrences(trx).where('o.event_date', 'is not', null).whereRef('o.changed_at', '>', 'l.linked_at'),
  );
  const steps = reschedules(
    sightings.map((s) => ({ ...s, kind: s.itemKind, eventDate: s.eventDate ?? '' })),
    catalog,
  );
  for (const step of steps) {
    await trx
      .updateTable('work_item_occurrences')
      .set({ linked_at: at })
      .where('work_item_id', '=', step.itemId)
      .where('linked_at', '<', step.changedAt)
      .execute();
    if (!step.move) continue;
    await trx
      .updateTable('work_items')
      .set({ event_date: step.move.eventDate, due_date: step.move.dueDate, updated_at: at })
      .where('id', '=', step.itemId)
      .execute();
    const entry = {
      workItemId: step.itemId,
      at,
      actor: SYSTEM_ACTOR,
      action: 'reschedule',
      note: step.move.note,
    };
    await insertHistory(trx, entry);
    result.rescheduled.push(step.itemId);
  }
}

const HEALTH_SOURCES = ['health', 'eventbridge', 'sns'];

/** Resolves active items whose Health events AWS has closed, with that as the resolution and history. */
async function resolveClosedBySource(trx: Db, dialect: Dialect, at: string, result: SyncResult) {
  const sightings = await itemSightings(
    linkedOccurrences(trx)
      .where('w.status', 'in', ACTIVE)
      .where('o.source', 'in', HEALTH_SOURCES)
      // Only items with at least one sighting that may be closed: the rule below decides, this keeps the
      // sync from reading every open Health item on each push.
      .where('w.id', 'in', (eb) =>
        eb
          .selectFrom('work_item_occurrences as l2')
          .innerJoin('occurrences as o2', 'o2.id', 'l2.occurrence_id')
          .select('l2.work_item_id')
          .where('o2.source', 'in', HEALTH_SOURCES)
          // Literals, not parameters: the partial index occurrences_may_be_closed (migration 0012) has
          // this very predicate, so this reads the few closed sightings instead of every evidence text.
          // Case-insensitive: SQLite's LIKE already is (ASCII).
          .where(
            dialect === 'postgres'
              ? sql<boolean>`(lower(o2.source_status) = 'closed' or o2.evidence ilike '%resolved%')`
              : sql<boolean>`(lower(o2.source_status) = 'closed' or o2.evidence like '%resolved%')`,
          ),
      ),
  );
  result.closed.push(...(await applyDecisions(trx, dialect, closedBySource(sightings), 'resolve', at)));
}

/** Turns mapped occurrences not yet linked into work items, reopens comebacks, moves rescheduled dates. */
export async function syncFromOccurrences(
  db: Db,
  dialect: Dialect,
  catalog: CatalogLookup,
  routing: RoutingConfig,
  now: Date,
): Promise<SyncResult> {
  const at = now.toISOString();
  const result: SyncResult = {
    created: [],
    linked: 0,
    reopened: [],
    rescheduled: [],
    closed: [],
    unknownKinds: [],
  };
  await writeTransaction(db, dialect, async (trx) => {
    await serialise(trx, dialect, 'work-item-sync');
    await linkNewSightings(trx, catalog, routing, at, result);
    await reopenComebacks(trx, dialect, at, result);
    await moveRescheduled(trx, catalog, at, result);
    await resolveClosedBySource(trx, dialect, at, result);
  });
  return result;
}

/** After a scan: resolves active items its scanners no longer saw, only where coverage was 'ok'. */
export async function resolveUnseen(
  db: Db,
  dialect: Dialect,
  scanRuns: ScanRunsRepository,
  scanRunId: string,
  now: Date,
): Promise<ResolveResult> {
  const run = await scanRuns.get(scanRunId);
  if (!run) throw new WorkItemError(`unknown scan run ${scanRunId}`, 'SCAN_RUN_NOT_FOUND');
  // A run still going or left by a crashed process proves nothing is gone: resolve nothing.
  if (run.status === 'running' || run.status === 'aborted') return { resolved: [], keptForCoverage: [] };
  const coverage = await scanRuns.coverage(scanRunId);
  const at = run.finishedAt ?? now.toISOString();
  const result: ResolveResult = { resolved: [], keptForCoverage: [] };
  await writeTransaction(db, dialect, async (trx) => {
    await serialise(trx, dialect, 'work-item-sync');
    const rows = await linkedOccurrences(trx)
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
    const sightings = rows.map((r) => ({
      itemId: Number(r.id),
      sourceRef: r.source_ref,
      accountId: r.account_id,
      region: r.region,
      lastScanRunId: r.last_scan_run_id,
      lastSeenAt: r.last_seen_at,
      seenRunStartedAt: r.seen_run_started_at,
    }));
    const verdicts = unseenVerdicts(
      sightings,
      { id: scanRunId, startedAt: run.startedAt, finishedAt: at },
      coverage,
    );
    result.keptForCoverage = verdicts.keptForCoverage;
    result.resolved = await applyDecisions(trx, dialect, verdicts.resolve, 'resolve', at);
  });
  return result;
}
