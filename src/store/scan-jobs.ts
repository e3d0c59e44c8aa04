import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CoverageStatus } from '../core/coverage.js';
import type { JsonObject } from '../core/types.js';
import { StoreError } from './errors.js';
import type { Dialect } from './migrations/index.js';
import { findRow } from './rows.js';
import type { ScanRunStatus } from './scan-runs.js';
import type { Database } from './schema.js';
import { writeTransaction } from './transaction.js';

/**
 * A scan spread over workers (one job per account): which jobs the run has, which are done, and
 * who closes it. The state lives in the run's own row (`summary.distributed`), changed only under
 * the row's lock, so a job finishing twice counts once and exactly one job closes the run.
 */
export interface JobStats {
  calls: number;
  occurrences: number;
  throttled: number;
  tasks: number;
  durationMs: number;
}

export interface DistributedState {
  jobs: string[];
  done: Record<string, JobStats>;
  /** The job that found every job done and closes the run (sync + resolve), once. */
  closer: string | null;
  /** Work items synced and unseen ones resolved. */
  closed: boolean;
}

export interface JobDoneResult {
  status: ScanRunStatus;
  done: number;
  total: number;
  /** True for the job that must close the run (also when that job runs again after a crash). */
  closes: boolean;
}

export interface DistributedProgress {
  runId: string;
  status: ScanRunStatus;
  startedAt: string;
  finishedAt: string | null;
  jobsTotal: number;
  jobsDone: number;
  closed: boolean;
  /** Account-regions with coverage written, by their worst status. */
  accountRegions: Record<CoverageStatus, number>;
  calls: number;
  occurrences: number;
}

export interface ScanJobsRepository {
  /** Creates a running scan run with these job keys (account ids). */
  start(meta: { startedAt: string; parameters: JsonObject; jobs: readonly string[] }): Promise<string>;
  /** Records a job as done (idempotent per key); says whether this job closes the run. */
  jobDone(runId: string, key: string, stats: JobStats): Promise<JobDoneResult>;
  /** Sets the final status of a run whose jobs are all done (only while it is still running). */
  finish(runId: string, status: 'complete' | 'partial' | 'failed', finishedAt: string): Promise<boolean>;
  /** Marks work items synced for the run. */
  markClosed(runId: string): Promise<void>;
  progress(runId: string): Promise<DistributedProgress | undefined>;
}

const SEVERITY: readonly CoverageStatus[] = ['failed', 'denied', 'skipped', 'unsupported', 'ok'];

function stateOf(summary: string | null): DistributedState | undefined {
  if (summary === null) return undefined;
  const parsed = JSON.parse(summary) as { distributed?: DistributedState };
  return parsed.distributed;
}

function totals(state: DistributedState): { calls: number; occurrences: number } {
  let calls = 0;
  let occurrences = 0;
  for (const s of Object.values(state.done)) {
    calls += s.calls;
    occurrences += s.occurrences;
  }
  return { calls, occurrences };
}

/** Reads the run row for update (row lock on PostgreSQL; SQLite's BEGIN IMMEDIATE already holds the write lock). */
async function lockedRun(trx: Kysely<Database>, dialect: Dialect, runId: string) {
  const query = trx.selectFrom('scan_runs').select(['status', 'summary']).where('id', '=', runId);
  const row = await (dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
  const state = row ? stateOf(row.summary) : undefined;
  if (!row || !state) throw new StoreError(`unknown distributed scan run ${runId}`, 'SCAN_RUN_NOT_FOUND');
  return { status: row.status as ScanRunStatus, state };
}

async function writeState(trx: Kysely<Database>, runId: string, state: DistributedState, extra = {}) {
  const { calls, occurrences } = totals(state);
  await trx
    .updateTable('scan_runs')
    .set({
      summary: JSON.stringify({ distributed: state, calls, occurrences }),
      heartbeat_at: new Date().toISOString(),
      ...extra,
    })
    .where('id', '=', runId)
    .execute();
}

async function accountRegionCounts(db: Kysely<Database>, runId: string) {
  const rows = await db
    .selectFrom('scan_coverage')
    .select(['account_id', 'region', 'status'])
    .where('scan_run_id', '=', runId)
    .execute();
  const worst = new Map<string, CoverageStatus>();
  for (const row of rows) {
    const key = `${row.account_id}/${row.region}`;
    const status = row.status as CoverageStatus;
    const seen = worst.get(key);
    if (seen === undefined || SEVERITY.indexOf(status) < SEVERITY.indexOf(seen)) worst.set(key, status);
  }
  const counts: Record<CoverageStatus, number> = { ok: 0, denied: 0, failed: 0, skipped: 0, unsupported: 0 };
  for (const status of worst.values()) counts[status]++;
  return counts;
}

export function scanJobsRepository(db: Kysely<Database>, dialect: Dialect): ScanJobsRepository {
  return {
    async start(meta) {
      const id = randomUUID();
      const state: DistributedState = { jobs: [...meta.jobs], done: {}, closer: null, closed: false };
      const at = new Date(meta.startedAt).toISOString();
      await db
        .insertInto('scan_runs')
        .values({
          id,
          kind: 'scan',
          status: 'running',
          started_at: at,
          finished_at: null,
          heartbeat_at: at,
          parameters: JSON.stringify({ ...meta.parameters, distributed: true }),
          summary: JSON.stringify({ distributed: state, calls: 0, occurrences: 0 }),
        })
        .execute();
      return id;
    },

    jobDone: (runId, key, stats) =>
      writeTransaction(db, dialect, async (trx) => {
        const { status, state } = await lockedRun(trx, dialect, runId);
        if (!state.jobs.includes(key))
          throw new StoreError(`job ${key} is not part of run ${runId}`, 'SCAN_JOB_UNKNOWN');
        state.done[key] = stats;
        const done = state.jobs.filter((j) => state.done[j]).length;
        const total = state.jobs.length;
        if (done === total && status === 'running' && state.closer === null) state.closer = key;
        await writeState(trx, runId, state);
        // The closer again (it died before closing): it closes, as long as the run is not closed yet.
        const closes = done === total && state.closer === key && !state.closed && status !== 'aborted';
        return { status, done, total, closes };
      }),

    finish: (runId, status, finishedAt) =>
      writeTransaction(db, dialect, async (trx) => {
        const run = await lockedRun(trx, dialect, runId);
        if (run.status !== 'running') return false;
        await writeState(trx, runId, run.state, { status, finished_at: finishedAt });
        return true;
      }),

    markClosed: (runId) =>
      writeTransaction(db, dialect, async (trx) => {
        const { state } = await lockedRun(trx, dialect, runId);
        state.closed = true;
        await writeState(trx, runId, state);
      }),

    async progress(runId) {
      const row = await findRow(db, 'scan_runs', { id: runId });
      const state = row ? stateOf(row.summary) : undefined;
      if (!row || !state) return undefined;
      return {
        runId,
        status: row.status as ScanRunStatus,
        startedAt: row.started_at,
        finishedAt: row.finished_at,
        jobsTotal: state.jobs.length,
        jobsDone: state.jobs.filter((j) => state.done[j]).length,
        closed: state.closed,
        accountRegions: await accountRegionCounts(db, runId),
        ...totals(state),
      };
    },
  };
}

/** The run's status from its coverage, as a single-process scan decides it. */
export function runStatusOf(counts: Record<CoverageStatus, number>): 'complete' | 'partial' | 'failed' {
  if (counts.denied + counts.failed === 0) return 'complete';
  return counts.ok === 0 ? 'failed' : 'partial';
}
