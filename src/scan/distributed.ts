import { STSClient } from '@aws-sdk/client-sts';
import type PgBoss from 'pg-boss';
import { type AwsOptions, AwsSession } from '../aws/clients.js';
import type { JsonObject } from '../core/types.js';
import { scanners as registry } from '../scanners/index.js';
import { type JobStats, runStatusOf, type Store } from '../store/index.js';
import { ALL, countCoverage, identifyCaller, organizationMembers, runScan, ScanError } from './engine.js';
import {
  type JobPolicy,
  SCAN_FAILED_QUEUE,
  SCAN_QUEUE,
  type ScanJob,
  type ScanQueue,
  scanJobSchema,
} from './queue.js';
import type { ScanStore } from './types.js';

/**
 * Scans spread over workers (PostgreSQL mode): `enqueueScan` creates the run and one job per
 * account; any number of `runWorker` processes take jobs and scan with the one engine (`runScan`),
 * writing coverage and occurrences to the store under the run. Both writes are upserts, so a job
 * that runs again (its worker died) writes no duplicates. The job that finds every job done closes
 * the run exactly once: final status from the coverage, then work items synced and unseen ones
 * resolved (`onRunDone`, the same refresh the CLI and server use).
 */
export interface EnqueueOptions {
  aws?: AwsOptions;
  org: boolean;
  roleName: string;
  accounts?: readonly string[];
  excludeAccounts?: readonly string[];
  regions?: readonly string[];
  scanners: readonly string[];
  horizonDays: Readonly<Record<string, number>>;
  settings: Readonly<Record<string, number>>;
  parameters: JsonObject;
  policy: JobPolicy;
  now?: Date;
}

/** Lists the accounts to scan, creates the run and enqueues one job per account; returns the run id. */
export async function enqueueScan(
  store: Store,
  queue: ScanQueue,
  options: EnqueueOptions,
): Promise<{ runId: string; jobs: number }> {
  const session = new AwsSession(options.aws ?? {});
  let accounts: string[];
  let inactive: string[] = [];
  try {
    await session.prepare();
    const home = session.pool('');
    const caller = await identifyCaller(home.client(STSClient, session.region));
    accounts = [caller.accountId];
    if (options.org) {
      accounts = (await organizationMembers(home)).map((m) => m.id);
      const wanted = options.accounts?.length ? new Set(options.accounts) : undefined;
      inactive = (options.accounts ?? []).filter((id) => !accounts.includes(id));
      if (wanted) accounts = accounts.filter((id) => wanted.has(id));
    } else if (options.accounts?.length) {
      accounts = [...options.accounts];
    }
  } finally {
    session.destroy();
  }
  const excluded = new Set(options.excludeAccounts ?? []);
  accounts = accounts.filter((id) => !excluded.has(id));
  if (accounts.length === 0)
    throw new ScanError('no accounts to scan (check --accounts / --exclude-accounts)', 'SCAN_NO_ACCOUNTS');
  const startedAt = (options.now ?? new Date()).toISOString();
  const runId = await store.scanJobs.start({ startedAt, parameters: options.parameters, jobs: accounts });
  if (inactive.length > 0) {
    const skipped = inactive.map((id) => ({
      accountId: id,
      region: ALL,
      scanner: ALL,
      status: 'skipped' as const,
      reason: 'not an active account of the organization',
    }));
    await store.scanRuns.recordCoverage(runId, skipped, startedAt);
  }
  const job = (accountId: string): ScanJob => ({
    runId,
    accountId,
    regions: options.regions ? [...options.regions] : null,
    scanners: [...options.scanners],
    roleName: options.roleName,
    horizonDays: { ...options.horizonDays },
    settings: { ...options.settings },
  });
  await queue.send(accounts.map(job), options.policy);
  return { runId, jobs: accounts.length };
}

export type WorkerEvent =
  | { type: 'job-start'; runId: string; accountId: string; attempt: number }
  | { type: 'job-done'; runId: string; accountId: string; done: number; total: number; calls: number }
  | { type: 'job-error'; runId: string; accountId: string; attempt: number; message: string }
  | { type: 'run-done'; runId: string; status: string };

export interface WorkerOptions {
  store: Store;
  queue: ScanQueue;
  aws?: AwsOptions;
  externalId?: string;
  /** Jobs this process runs at once. */
  jobs?: number;
  /** Scanner tasks in flight per job. */
  concurrency?: number;
  /** Look-ahead per kind, from the job's overrides (the catalog's default otherwise). */
  horizon: (overrides: Readonly<Record<string, number>>) => (kind: string) => number;
  /** Work items synced, unseen ones resolved: called once per run, when its last job is done. */
  onRunDone: (runId: string) => Promise<void>;
  onEvent?: (event: WorkerEvent) => void;
}

/** The store a job's scan writes through: the run already exists, and closing it is not the job's. */
function jobStore(store: Store, runId: string, stats: { coverage: number }): ScanStore {
  const now = () => new Date().toISOString();
  return {
    occurrences: store.occurrences,
    versionCatalog: store.versionCatalog,
    scanRuns: {
      ...store.scanRuns,
      start: async () => runId,
      // Wall-clock heartbeat: the run's clock is its start, shared by every job.
      recordCoverage: (_id, coverage) => store.scanRuns.recordCoverage(runId, coverage, now()),
      finish: async (_id, result) => {
        stats.coverage = result.coverage.length;
        await store.scanRuns.recordCoverage(runId, result.coverage, now());
      },
    },
  };
}

/**
 * Runs one job: the engine over one account, under the run's clock and settings. Jobs share the
 * worker's session (its clients, sockets and endpoint caches): building them per job cost more
 * CPU than the job's calls.
 */
async function scanAccount(
  options: WorkerOptions,
  session: AwsSession,
  job: ScanJob,
  now: Date,
): Promise<JobStats> {
  const wanted = new Set(job.scanners);
  const result = await runScan({
    store: jobStore(options.store, job.runId, { coverage: 0 }),
    session,
    org: false,
    accounts: [job.accountId],
    roleName: job.roleName,
    ...(options.externalId ? { externalId: options.externalId } : {}),
    ...(job.regions ? { regions: job.regions } : {}),
    scanners: registry.filter((s) => wanted.has(s.id)),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    now,
    horizonDays: options.horizon(job.horizonDays),
    settings: job.settings,
  });
  const { calls, occurrences, throttled, tasks, durationMs } = result.stats;
  return { calls, occurrences, throttled, tasks, durationMs };
}

/** Records a job's account as failed (every attempt failed), so the run can still close, partial. */
async function recordFailedJob(store: Store, job: ScanJob, reason: string): Promise<JobStats> {
  const entry = { accountId: job.accountId, region: ALL, scanner: ALL, status: 'failed' as const, reason };
  await store.scanRuns.recordCoverage(job.runId, [entry], new Date().toISOString());
  return { calls: 0, occurrences: 0, throttled: 0, tasks: 0, durationMs: 0 };
}

/** Marks the job done; the job that completes the run closes it (once, guarded by the run's row lock). */
async function completeJob(options: WorkerOptions, job: ScanJob, stats: JobStats): Promise<void> {
  const { store } = options;
  const done = await store.scanJobs.jobDone(job.runId, job.accountId, stats);
  options.onEvent?.({
    type: 'job-done',
    ...pick(job),
    done: done.done,
    total: done.total,
    calls: stats.calls,
  });
  if (!done.closes) return;
  const status = runStatusOf(countCoverage(await store.scanRuns.coverage(job.runId)));
  await store.scanJobs.finish(job.runId, status, new Date().toISOString());
  await options.onRunDone(job.runId);
  await store.scanJobs.markClosed(job.runId);
  options.onEvent?.({ type: 'run-done', runId: job.runId, status });
}

function pick(job: ScanJob): { runId: string; accountId: string } {
  return { runId: job.runId, accountId: job.accountId };
}

async function handleJob(
  options: WorkerOptions,
  session: AwsSession,
  raw: PgBoss.JobWithMetadata<unknown>,
): Promise<void> {
  const job = scanJobSchema.parse(raw.data);
  const run = await options.store.scanRuns.get(job.runId);
  // A run deleted or given up (aborted) has nothing left to do.
  if (!run || run.status === 'aborted') return;
  const attempt = raw.retryCount + 1;
  options.onEvent?.({ type: 'job-start', ...pick(job), attempt });
  let stats: JobStats;
  try {
    stats = await scanAccount(options, session, job, new Date(run.startedAt));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    options.onEvent?.({ type: 'job-error', ...pick(job), attempt, message });
    if (raw.retryCount < raw.retryLimit) throw error;
    stats = await recordFailedJob(options.store, job, `every attempt failed: ${message}`);
  }
  await completeJob(options, job, stats);
}

/** A job that failed on every attempt, its worker killed on the last one included. */
async function handleFailedJob(options: WorkerOptions, raw: PgBoss.Job<unknown>): Promise<void> {
  const job = scanJobSchema.parse(raw.data);
  const run = await options.store.scanRuns.get(job.runId);
  if (run?.status !== 'running') return;
  const stats = await recordFailedJob(options.store, job, 'every attempt failed (worker lost or timed out)');
  await completeJob(options, job, stats);
}

/** Takes jobs until `signal` aborts; then lets running jobs finish (up to 10 s) and returns. */
export async function runWorker(options: WorkerOptions, signal: AbortSignal): Promise<void> {
  const { boss, pollSeconds } = options.queue;
  const work = { batchSize: 1, includeMetadata: true as const, pollingIntervalSeconds: pollSeconds };
  const session = new AwsSession(options.aws ?? {});
  for (let i = 0; i < (options.jobs ?? 2); i++) {
    await boss.work<unknown>(SCAN_QUEUE, work, async ([job]) => {
      if (job) await handleJob(options, session, job);
    });
  }
  await boss.work<unknown>(SCAN_FAILED_QUEUE, { pollingIntervalSeconds: pollSeconds }, async ([job]) => {
    if (job) await handleFailedJob(options, job);
  });
  if (!signal.aborted)
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  await options.queue.stop();
  session.destroy();
}
