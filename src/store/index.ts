/**
 * The store: one query layer (Kysely) over SQLite (better-sqlite3, the default, one file) and
 * PostgreSQL (pg Pool, for a team server). Migrations run automatically on open; a database that a
 * newer opsradar migrated is refused (StoreError code STORE_TOO_NEW), never downgraded.
 *
 *   const store = await openStore();            // env OPSRADAR_DATABASE_URL, else <data dir>/opsradar.sqlite
 *   const store = await openStore('postgres://user@host/db');
 *   await store.occurrences.record(occurrences, { scanRunId });   // idempotent upsert
 *   const runId = await store.scanRuns.start({ kind: 'scan', startedAt, parameters: {} });
 *   await store.scanRuns.finish(runId, { status: 'complete', finishedAt, coverage, summary: {} });
 *   await store.cursors.set('health:org', token);
 *
 * Work items (what the team tracks; ids are sequential numbers shown as `#42`):
 *   await store.workItems.refresh(defaultCatalog(), routing, { now, scanRunId }); // after any record()
 *     (= syncFromOccurrences, then resolveUnseen of the scan: only where coverage was 'ok')
 *   const { items, total, nextCursor } = await store.workItems.list({ status: 'active', category: 'emergency',
 *     urgency: 'overdue', text: 'cert' }, { limit: 50, sort: 'due' });   // then { cursor: nextCursor }
 *   const item = await store.workItems.get('#42');   // + occurrences (evidence) + history
 *   await store.workItems.transition(42, 'ack', { actor: 'sato', note: '...' });  // ack|start|done|wontdo|reopen
 *   await store.workItems.transition(42, 'wontdo', { actor: 'sato', reason: 'decommissioned' });
 *   await store.workItems.assign(42, 'suzuki', 'sato', { team: 'payments' });
 *   await store.workItems.addNote(42, 'called AWS support', 'sato');
 *   await store.workItems.counts();   // { total, active, byCategory, byUrgency, byStatus }
 *   await store.workItems.changedSince(yesterdayIso); await store.workItems.historySince(yesterdayIso);
 * Errors: WorkItemError (src/core/workitems.ts) with code WORK_ITEM_NOT_FOUND, WORK_ITEM_ID_INVALID,
 * INVALID_TRANSITION, REASON_REQUIRED; StoreError with STORE_TOO_NEW, OCCURRENCE_INVALID, ...
 *
 * Version catalog (AWS Health DescribeServiceLifecycle, cached with its retrieval time):
 *   await store.versionCatalog.put({ accountId, service: 'LAMBDA', retrievedAt, entries });
 *   await store.versionCatalog.get(accountId, 'LAMBDA'); await store.versionCatalog.list();
 *
 * API tokens (hash only): store.apiTokens.create({ name, role, kind, tokenHash }), findByHash, list, revoke, touch.
 * Browser sessions (hash only): store.sessions.create(...), find(idHash, now), revoke(idHash, now).
 * Mail quarantine: store.mailQuarantine.put({ raw, origin, reason }), list, get, release, touch.
 *   await store.close();
 *
 * Times are UTC ISO-8601 text, JSON is text, occurrence and scan run ids are UUID text.
 */
import { sql } from 'kysely';
import { type ApiTokensRepository, apiTokensRepository } from './api-tokens.js';
import { type AwsRequestsRepository, awsRequestsRepository } from './aws-requests.js';
import { type CursorsRepository, cursorsRepository } from './cursors.js';
import { createPostgresDb, createSqliteDb, redactUrl, resolveStoreTarget } from './dialects.js';
import { type MailQuarantineRepository, mailQuarantineRepository } from './mail-quarantine.js';
import { migrateToLatest } from './migrate.js';
import type { Dialect } from './migrations/index.js';
import { type NotifyOutboxRepository, notifyOutboxRepository } from './notify-outbox.js';
import { type OccurrencesRepository, occurrencesRepository } from './occurrences.js';
import { type ScanJobsRepository, scanJobsRepository } from './scan-jobs.js';
import { type ScanRunsRepository, scanRunsRepository } from './scan-runs.js';
import { type SessionsRepository, sessionsRepository } from './sessions.js';
import { type SnsDeliveriesRepository, snsDeliveriesRepository } from './sns-deliveries.js';
import { setLockWait } from './transaction.js';
import { type VersionCatalogRepository, versionCatalogRepository } from './version-catalog.js';
import { type WorkItemsRepository, workItemsRepository } from './work-items.js';

export type { TokenKind } from '../core/access.js';
export { TOKEN_KINDS } from '../core/access.js';
export type { CatalogLookup } from '../core/work-item-sync.js';
export type { WorkItem, WorkItemHistoryEntry } from '../core/workitems.js';
export { SYSTEM_ACTOR } from '../core/workitems.js';
export type { ApiToken, ApiTokensRepository } from './api-tokens.js';
export type {
  AwsRequest,
  AwsRequestInput,
  AwsRequestOperation,
  AwsRequestsRepository,
  AwsRequestView,
} from './aws-requests.js';
export { AWS_REQUEST_OPERATIONS } from './aws-requests.js';
export type { CursorsRepository } from './cursors.js';
export { resolveStoreTarget, sqlitePragmas } from './dialects.js';
export { StoreError } from './errors.js';
export type {
  MailQuarantineRepository,
  QuarantinedMail,
  QuarantineInput,
  QuarantineReason,
  QuarantineStatus,
} from './mail-quarantine.js';
export { contentSha256 } from './mail-quarantine.js';
export type { Dialect } from './migrations/index.js';
export type {
  NewOutboxMessage,
  NotifyOutboxRepository,
  OutboxFilter,
  OutboxMessage,
  OutboxPurpose,
  OutboxStatus,
} from './notify-outbox.js';
export { OUTBOX_PURPOSES, OUTBOX_STATUSES } from './notify-outbox.js';
export type {
  OccurrenceFilter,
  OccurrencesRepository,
  RecordResult,
  SourceEvidence,
  StoredOccurrence,
} from './occurrences.js';
export type {
  DistributedProgress,
  JobDoneResult,
  JobStats,
  ScanJobsRepository,
} from './scan-jobs.js';
export { runStatusOf } from './scan-jobs.js';
export type {
  CoverageEntry,
  CoverageStatus,
  ScanRun,
  ScanRunKind,
  ScanRunStatus,
  ScanRunsRepository,
} from './scan-runs.js';
export { COVERAGE_STATUSES } from './scan-runs.js';
export type { Database } from './schema.js';
export type { Session, SessionsRepository } from './sessions.js';
export type { SnsDeliveriesRepository } from './sns-deliveries.js';
export { isStoreBusy, STORE_BUSY } from './transaction.js';
export type { CachedVersionCatalog, VersionCatalogRepository } from './version-catalog.js';
export type { WorkItemFilter } from './work-item-filter.js';
export type { MaintenanceWindow, WindowRange, WorkItemCounts } from './work-item-reports.js';
export type { ResolveResult, SyncResult } from './work-item-sync.js';
export type {
  ListOptions,
  RefreshOptions,
  TransitionOptions,
  WorkItemDetail,
  WorkItemPage,
  WorkItemSort,
  WorkItemsRepository,
} from './work-items.js';
export { WORK_ITEM_SORTS } from './work-items.js';

/** The one door to the database: named queries only, no query builder handed out. */
export interface Store {
  readonly dialect: Dialect;
  close(): Promise<void>;
  readonly occurrences: OccurrencesRepository;
  readonly scanRuns: ScanRunsRepository;
  /** Scans spread over workers: their jobs, progress and closing (PostgreSQL mode). */
  readonly scanJobs: ScanJobsRepository;
  readonly cursors: CursorsRepository;
  readonly workItems: WorkItemsRepository;
  readonly apiTokens: ApiTokensRepository;
  readonly versionCatalog: VersionCatalogRepository;
  /** Requests to AWS (申請作業) planned or filed through opsradar. */
  readonly awsRequests: AwsRequestsRepository;
  readonly sessions: SessionsRepository;
  readonly mailQuarantine: MailQuarantineRepository;
  readonly notifyOutbox: NotifyOutboxRepository;
  /** SNS MessageIds handled within the replay window (redeliveries are dropped). */
  readonly snsDeliveries: SnsDeliveriesRepository;
}

/** How the store is opened (every field optional: a CLI command takes the defaults). */
export interface OpenStoreOptions {
  /** PostgreSQL only: use (and create) this schema instead of the connection's default. */
  pgSchema?: string;
  /**
   * How long a write waits for another process's lock before failing with STORE_BUSY (default 30 s).
   * A server passes a short wait and answers 503 + Retry-After rather than hold a request.
   */
  lockWaitMs?: number;
  /**
   * SQLite: how long one statement may wait synchronously (blocking the event loop) on a lock
   * (default 5 s; a server wants a few tens of milliseconds). Transactions wait with timers instead.
   */
  busyTimeoutMs?: number;
  /** SQLite: every commit reaches the disk before it returns (synchronous=FULL); PostgreSQL always is. */
  durable?: boolean;
}

/** Opens and migrates the store. `target`: SQLite file path or postgres:// URL. */
export async function openStore(target?: string, options: OpenStoreOptions = {}): Promise<Store> {
  const resolved = resolveStoreTarget(target);
  const where = resolved.dialect === 'postgres' ? redactUrl(resolved.location) : resolved.location;
  const db =
    resolved.dialect === 'postgres'
      ? createPostgresDb(
          resolved.location,
          options.pgSchema,
          options.lockWaitMs === undefined ? {} : { lockTimeoutMs: options.lockWaitMs },
        )
      : createSqliteDb(resolved.location, {
          ...(options.busyTimeoutMs ? { busyTimeoutMs: options.busyTimeoutMs } : {}),
          durable: options.durable === true,
        });
  if (options.lockWaitMs !== undefined) setLockWait(db, options.lockWaitMs);
  try {
    await migrateToLatest(db, resolved.dialect, where);
    // Keeps SQLite's planner statistics fresh (cheap; analyzes only tables that need it).
    if (resolved.dialect === 'sqlite') await sql`pragma optimize = 0x10002`.execute(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  let closed = false;
  const scanRuns = scanRunsRepository(db, resolved.dialect);
  return {
    dialect: resolved.dialect,
    async close() {
      if (closed) return;
      closed = true;
      if (resolved.dialect === 'sqlite') await sql`pragma optimize`.execute(db).catch(() => undefined);
      await db.destroy();
    },
    occurrences: occurrencesRepository(db, resolved.dialect),
    scanRuns,
    scanJobs: scanJobsRepository(db, resolved.dialect),
    cursors: cursorsRepository(db),
    workItems: workItemsRepository(db, resolved.dialect, scanRuns),
    apiTokens: apiTokensRepository(db),
    versionCatalog: versionCatalogRepository(db),
    awsRequests: awsRequestsRepository(db),
    sessions: sessionsRepository(db),
    mailQuarantine: mailQuarantineRepository(db),
    notifyOutbox: notifyOutboxRepository(db, resolved.dialect),
    snsDeliveries: snsDeliveriesRepository(db),
  };
}
