import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { COVERAGE_STATUSES, type CoverageEntry, type CoverageStatus } from '../core/coverage.js';
import type { JsonObject } from '../core/types.js';
import { StoreError } from './errors.js';
import type { Dialect } from './migrations/index.js';
import { findRow, takeIncoming } from './rows.js';
import type { Database, ScanRunsTable } from './schema.js';
import { writeTransaction } from './transaction.js';

export type { CoverageEntry, CoverageStatus } from '../core/coverage.js';
export { COVERAGE_STATUSES };

export type ScanRunKind = 'scan' | 'health' | 'email' | 'eventbridge';
export type ScanRunStatus = 'running' | 'complete' | 'partial' | 'failed' | 'aborted';

/** A running scan silent this long was left by a crashed process (coverage is written per account-region). */
export const STALE_RUN_MS = 15 * 60 * 1000;

export interface ScanRun {
  id: string;
  kind: ScanRunKind;
  status: ScanRunStatus;
  startedAt: string;
  finishedAt: string | null;
  parameters: JsonObject;
  summary: JsonObject | null;
}

export interface ScanRunsRepository {
  /** Starts a run; runs of the kind left `running` with a stale heartbeat are marked `aborted` first. */
  start(meta: {
    kind: ScanRunKind;
    startedAt: string;
    parameters: JsonObject;
    staleAfterMs?: number;
  }): Promise<string>;
  /** Writes coverage as the scan goes (idempotent per account+region+scanner) and beats the heartbeat. */
  recordCoverage(id: string, coverage: readonly CoverageEntry[], at: string): Promise<void>;
  finish(
    id: string,
    result: {
      status: 'complete' | 'partial' | 'failed';
      finishedAt: string;
      coverage: CoverageEntry[];
      summary: JsonObject;
    },
  ): Promise<void>;
  latest(kind?: string): Promise<ScanRun | undefined>;
  get(id: string): Promise<ScanRun | undefined>;
  coverage(runId: string): Promise<CoverageEntry[]>;
}

function runFromRow(row: Selectable<ScanRunsTable>): ScanRun {
  return {
    id: row.id,
    kind: row.kind as ScanRunKind,
    status: row.status as ScanRunStatus,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    parameters: JSON.parse(row.parameters) as JsonObject,
    summary: row.summary === null ? null : (JSON.parse(row.summary) as JsonObject),
  };
}

/** Closes a run with its status, summary and coverage (last entry wins per account+region+scanner). */
async function finishRun(
  db: Kysely<Database>,
  dialect: Dialect,
  id: string,
  result: Parameters<ScanRunsRepository['finish']>[1],
): Promise<void> {
  checkCoverage(result.coverage);
  await writeTransaction(db, dialect, async (trx) => {
    const updated = await trx
      .updateTable('scan_runs')
      .set({
        status: result.status,
        finished_at: new Date(result.finishedAt).toISOString(),
        summary: JSON.stringify(result.summary),
      })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0)
      throw new StoreError(`unknown scan run ${id}`, 'SCAN_RUN_NOT_FOUND');
    await upsertCoverage(trx, id, result.coverage);
  });
}

export function scanRunsRepository(db: Kysely<Database>, dialect: Dialect): ScanRunsRepository {
  return {
    async start(meta) {
      const id = randomUUID();
      const stale = new Date(Date.parse(meta.startedAt) - (meta.staleAfterMs ?? STALE_RUN_MS)).toISOString();
      await db
        .updateTable('scan_runs')
        .set({
          status: 'aborted',
          summary: JSON.stringify({ error: 'interrupted: the scan process stopped' }),
        })
        .where('kind', '=', meta.kind)
        .where('status', '=', 'running')
        .where((eb) => eb(eb.fn.coalesce('heartbeat_at', 'started_at'), '<', stale))
        .execute();
      await db
        .insertInto('scan_runs')
        .values({
          id,
          kind: meta.kind,
          status: 'running',
          started_at: new Date(meta.startedAt).toISOString(),
          finished_at: null,
          heartbeat_at: new Date(meta.startedAt).toISOString(),
          parameters: JSON.stringify(meta.parameters),
          summary: null,
        })
        .execute();
      return id;
    },

    async recordCoverage(id, coverage, at) {
      checkCoverage(coverage);
      await writeTransaction(db, dialect, async (trx) => {
        await trx.updateTable('scan_runs').set({ heartbeat_at: at }).where('id', '=', id).execute();
        await upsertCoverage(trx, id, coverage);
      });
    },

    finish: (id, result) => finishRun(db, dialect, id, result),

    async latest(kind) {
      let query = db.selectFrom('scan_runs').selectAll();
      if (kind) query = query.where('kind', '=', kind);
      const row = await query.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
      return row ? runFromRow(row) : undefined;
    },

    async get(id) {
      const row = await findRow(db, 'scan_runs', { id });
      return row && runFromRow(row);
    },

    async coverage(runId) {
      const rows = await db
        .selectFrom('scan_coverage')
        .selectAll()
        .where('scan_run_id', '=', runId)
        .orderBy('account_id')
        .orderBy('region')
        .orderBy('scanner')
        .execute();
      return rows.map((row) => ({
        accountId: row.account_id,
        region: row.region,
        scanner: row.scanner,
        status: row.status as CoverageStatus,
        ...(row.reason === null ? {} : { reason: row.reason }),
        ...(row.calls === null ? {} : { calls: Number(row.calls) }),
        ...(row.notes === null ? {} : { notes: JSON.parse(row.notes) as string[] }),
      }));
    },
  };
}

function checkCoverage(coverage: readonly CoverageEntry[]): void {
  for (const entry of coverage) {
    if (!COVERAGE_STATUSES.includes(entry.status)) {
      throw new StoreError(
        `coverage status must be one of ${COVERAGE_STATUSES.join(', ')}`,
        'COVERAGE_INVALID',
      );
    }
  }
}

async function upsertCoverage(
  trx: Kysely<Database>,
  id: string,
  coverage: readonly CoverageEntry[],
): Promise<void> {
  // Last entry wins when a scanner reports the same account+region twice.
  const unique = new Map<string, CoverageEntry>();
  for (const entry of coverage)
    unique.set(`${entry.accountId}\u0000${entry.region}\u0000${entry.scanner}`, entry);
  const rows = [...unique.values()].map((entry) => ({
    scan_run_id: id,
    account_id: entry.accountId,
    region: entry.region,
    scanner: entry.scanner,
    status: entry.status,
    reason: entry.reason ?? null,
    calls: entry.calls ?? null,
    notes: entry.notes?.length ? JSON.stringify(entry.notes) : null,
  }));
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('scan_coverage')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc
          .columns(['scan_run_id', 'account_id', 'region', 'scanner'])
          .doUpdateSet(takeIncoming('scan_coverage', ['status', 'reason', 'calls', 'notes'])),
      )
      .execute();
  }
}
