import { EC2Client } from '@aws-sdk/client-ec2';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { callerAccount, listActiveAccounts } from '../aws/accounts.js';
import { roleArn } from '../aws/arn.js';
import { AwsSession, type ClientPool } from '../aws/clients.js';
import { assumeRoleCredentials } from '../aws/credentials.js';
import { classifyAwsError } from '../aws/errors.js';
import { enabledRegions, GLOBAL_API_REGION } from '../aws/regions.js';
import { isOffered, scannerService, serviceRegions } from '../aws/service-regions.js';
import { defaultCatalog } from '../catalog/index.js';
import { appendTo } from '../core/collections.js';
import { OpsradarError } from '../core/errors.js';
import { scannerSourceRef } from '../core/source-ref.js';
import type { Occurrence } from '../core/types.js';
import { scanners as registry } from '../scanners/index.js';
import type { ScanContext, Scanner } from '../scanners/types.js';
import { tally, zeroCounts } from './coverage-tally.js';
import { boundHeapGrowth } from './heap.js';
import { DEFAULT_RATES, type Rate } from './limits.js';
import { ScanPacing } from './pacing.js';
import { type TaskState, taskContext } from './task-context.js';
import type { CoverageEntry, CoverageSummary, ScanOptions, ScanResult, ScanStats } from './types.js';

export { countCoverage } from './coverage-tally.js';

export const DEFAULT_ROLE_NAME = 'OrganizationAccountAccessRole';
/** Region recorded for resources of global scanners (IAM, Route 53 Domains). */
export const GLOBAL = 'global';
/** Coverage region / scanner meaning "every one" (the account could not be entered at all). */
export const ALL = '*';

/** The scan could not start or could not reach any account: nothing was covered. */
export class ScanError extends OpsradarError {
  /** The run recorded as failed in the store, when the scan got that far. */
  runId?: string;
  constructor(message: string, code = 'SCAN_FAILED') {
    super(message, code, 1);
  }
}

interface Account {
  id: string;
}

/**
 * Runs scanners over accounts × regions and records what they find.
 *
 * Accounts: the caller's own, or (`org`) every ACTIVE member entered through `roleName`.
 * Regions: each account's enabled regions, or `regions` ∩ enabled. Global scanners run once per
 * account in their global region. Work is bounded three ways: tasks in flight across the scan,
 * tasks per account-region, and a token bucket per account-region-service that stays under AWS's
 * rates; the SDK retries what is still throttled. A failure is recorded as coverage and never
 * stops the other accounts, regions or scanners.
 *
 * @example
 *   const store = await openStore();
 *   const result = await runScan({ store, org: true, regions: ['ap-northeast-1'] });
 *   console.log(result.status, result.stats.occurrences);
 */
export async function runScan(options: ScanOptions): Promise<ScanResult> {
  boundHeapGrowth();
  const run = new ScanRun(options);
  await run.begin().catch((error: unknown) => {
    if (run.ownSession) run.session.destroy();
    throw error;
  });
  let fatal: unknown;
  try {
    await run.scanAll();
  } catch (error) {
    fatal = error;
  }
  return run.finish(fatal);
}

/** One scan's state and its steps: begin, resolve accounts, scan each account's tasks, finish. */
class ScanRun {
  readonly scanClock: Date;
  readonly startedAt: string;
  readonly started = performance.now();
  readonly scanners: Scanner[];
  readonly concurrency: number;
  readonly regionConcurrency: number;
  readonly rates: Readonly<Record<string, Rate>> | undefined;
  readonly batchSize: number;
  readonly horizonDays: (kind: string) => number;
  readonly settings: Readonly<Record<string, number>>;
  readonly signal: AbortSignal;
  readonly stats: ScanStats = {
    accounts: 0,
    tasks: 0,
    occurrences: 0,
    calls: 0,
    throttled: 0,
    durationMs: 0,
  };
  // Entries not yet written; the store keeps the rest, so memory stays flat however many accounts.
  pending: CoverageEntry[] = [];
  readonly coverage: CoverageSummary = { counts: zeroCounts(), byScanner: {}, problems: [] };
  readonly pacing: ScanPacing;
  readonly ownSession: boolean;
  readonly session: AwsSession;
  runId = '';
  tasksKnown = 0;
  accountsDone = 0;
  accountsTotal = 0;
  // Occurrences go to the store in batches, one write at a time, so memory stays flat.
  buffer: Occurrence[] = [];
  writes: Promise<void> = Promise.resolve();
  writeError: unknown;

  constructor(readonly options: ScanOptions) {
    this.scanClock = options.now ?? new Date();
    this.startedAt = this.scanClock.toISOString();
    this.scanners = [...(options.scanners ?? registry)];
    this.concurrency = options.concurrency ?? 256;
    this.regionConcurrency = options.regionConcurrency ?? 4;
    this.rates = options.rates === false ? undefined : (options.rates ?? DEFAULT_RATES);
    this.batchSize = options.batchSize ?? 200;
    this.horizonDays = options.horizonDays ?? catalogHorizon();
    this.settings = options.settings ?? {};
    this.signal = options.signal ?? new AbortController().signal;
    this.pacing = new ScanPacing(this.stats, this.concurrency, this.regionConcurrency, this.rates);
    this.ownSession = !options.session;
    this.session = options.session ?? new AwsSession(options.aws ?? {});
  }

  async begin(): Promise<void> {
    this.runId = await this.options.store.scanRuns.start({
      kind: 'scan',
      startedAt: this.startedAt,
      parameters: this.options.parameters ?? {},
    });
  }

  private flush(): Promise<void> {
    if (this.buffer.length === 0) return this.writes;
    const batch = this.buffer;
    this.buffer = [];
    this.writes = this.writes.then(async () => {
      if (this.writeError) return;
      try {
        await this.options.store.occurrences.record(batch, { scanRunId: this.runId });
        this.options.onOccurrences?.(batch);
      } catch (error) {
        this.writeError = error;
      }
    });
    return this.writes;
  }

  /** Queues the coverage entries matching `which` behind the occurrence writes (one write at a time). */
  private persistCoverage(which: (entry: CoverageEntry) => boolean): Promise<void> {
    const entries = this.pending.filter(which);
    if (entries.length === 0) return this.writes;
    this.pending = this.pending.filter((entry) => !which(entry));
    this.writes = this.writes.then(async () => {
      // Unwritten entries go back to pending, for `finish` to write with the run.
      if (this.writeError) {
        this.pending.push(...entries);
        return;
      }
      try {
        // On the scan clock, like startedAt and finishedAt, so staleness compares like with like.
        const at = new Date(this.scanClock.getTime() + (performance.now() - this.started)).toISOString();
        await this.options.store.scanRuns.recordCoverage(this.runId, entries, at);
      } catch (error) {
        this.writeError = error;
        this.pending.push(...entries);
      }
    });
    return this.writes;
  }

  /** Keeps a coverage entry until it is written, and counts it. */
  private record(entry: CoverageEntry): void {
    this.pending.push(entry);
    tally(this.coverage, entry);
  }

  private progress(): void {
    this.options.onProgress?.({
      accountsTotal: this.accountsTotal,
      accountsDone: this.accountsDone,
      tasksDone: this.stats.tasks,
      tasksKnown: this.tasksKnown,
      occurrences: this.stats.occurrences,
      calls: this.stats.calls,
    });
  }

  private covered(
    accountId: string,
    region: string,
    scanner: string,
    status: CoverageEntry['status'],
    reason: string,
  ): void {
    this.record({ accountId, region, scanner, status, reason });
  }

  /** Runs one scanner in one account-region and records its coverage entry. */
  private async runTask(
    scanner: Scanner,
    account: Account,
    region: string,
    pool: ClientPool,
    memo: Map<string, Promise<unknown>>,
  ): Promise<void> {
    const recordedRegion = scanner.scope === 'global' ? GLOBAL : region;
    if (this.signal.aborted) {
      this.covered(account.id, recordedRegion, scanner.id, 'skipped', 'cancelled');
      return;
    }
    const service = scanner.scope === 'regional' ? scannerService(scanner.permissions) : undefined;
    if (service && !isOffered(service, region)) {
      const { source, read } = serviceRegions();
      const reason = `${service} is not offered in ${region} (AWS endpoint data ${source}, read ${read})`;
      this.covered(account.id, recordedRegion, scanner.id, 'unsupported', reason);
      this.stats.tasks++;
      return;
    }
    const slot = this.pacing.region(account.id, region);
    const state: TaskState = { calls: 0 };
    const { ctx, notes } = taskContext({
      accountId: account.id,
      region,
      pool,
      state,
      memo,
      store: this.options.store,
      now: this.scanClock,
      horizonDays: this.horizonDays,
      setting: (key, fallback) => this.settings[key] ?? fallback,
      signal: this.signal,
    });
    const entry: CoverageEntry = {
      accountId: account.id,
      region: recordedRegion,
      scanner: scanner.id,
      status: 'ok',
    };
    await slot.run(() =>
      this.pacing.global.run(async () => {
        try {
          await this.collect(scanner, ctx, account.id, recordedRegion);
        } catch (error) {
          const info = classifyAwsError(error);
          entry.status = info.class === 'throttled' ? 'failed' : info.class;
          entry.reason = info.reason;
        }
      }),
    );
    entry.calls = state.calls;
    if (notes.length > 0) entry.notes = notes;
    this.record(entry);
    this.stats.tasks++;
    this.progress();
  }

  /** Drains one scanner's findings into the write buffer as occurrences. */
  private async collect(scanner: Scanner, ctx: ScanContext, accountId: string, recordedRegion: string) {
    for await (const finding of scanner.scan(ctx)) {
      if (!scanner.eventKinds.includes(finding.kind)) {
        throw new Error(`scanner ${scanner.id} reported kind ${finding.kind}, not one of its eventKinds`);
      }
      this.buffer.push({
        kind: finding.kind,
        accountId,
        region: finding.region ?? recordedRegion,
        resource: finding.resource,
        eventDate: finding.eventDate,
        ...(finding.eventEndDate !== undefined ? { eventEndDate: finding.eventEndDate } : {}),
        source: 'scanner',
        sourceRef: scannerSourceRef(scanner.id, finding.kind),
        title: finding.title,
        evidence: finding.evidence,
        observedAt: this.startedAt,
      });
      this.stats.occurrences++;
      if (this.buffer.length >= this.batchSize) void this.flush();
    }
  }

  /** Enters one account (AssumeRole unless it is the caller's) and runs its tasks. */
  private async scanAccount(account: Account, caller: string, sts: STSClient): Promise<void> {
    let credentials: AwsCredentialIdentityProvider | undefined;
    if (account.id !== caller) {
      const arn = roleArn(account.id, this.options.roleName ?? DEFAULT_ROLE_NAME, this.session.region);
      credentials = assumeRoleCredentials(sts, {
        roleArn: arn,
        ...(this.options.externalId ? { externalId: this.options.externalId } : {}),
      });
      try {
        // Account set-up calls share the global limit, so `concurrency` bounds every call in flight.
        await this.pacing.global.run(() => (credentials as AwsCredentialIdentityProvider)());
      } catch (error) {
        const info = classifyAwsError(error);
        const status = info.class === 'denied' ? 'denied' : 'failed';
        this.covered(account.id, ALL, ALL, status, `AssumeRole ${arn}: ${info.reason}`);
        return;
      }
    }
    const pool = this.session.pool(account.id, credentials, this.pacing.hooks);
    try {
      const regions = await this.accountRegions(account, pool);
      const byRegion = new Map<string, Array<Promise<void>>>();
      // Listings shared by the scanners of one account-region, dropped when its tasks are done.
      const memos = new Map<string, Map<string, Promise<unknown>>>();
      const add = (scanner: Scanner, region: string, key: string) => {
        const memo = memos.get(region) ?? new Map<string, Promise<unknown>>();
        memos.set(region, memo);
        const task = this.runTask(scanner, account, region, pool, memo);
        appendTo(byRegion, key, task);
      };
      for (const scanner of this.scanners) {
        if (scanner.scope === 'global') add(scanner, scanner.globalRegion ?? GLOBAL_API_REGION, GLOBAL);
        else for (const region of regions) add(scanner, region, region);
      }
      // Coverage goes to the store as each account-region completes, so a crash keeps what was done.
      const done = [...byRegion].map(async ([region, tasks]) => {
        this.tasksKnown += tasks.length;
        await Promise.all(tasks);
        memos.delete(region);
        await this.persistCoverage((e) => e.accountId === account.id && e.region === region);
      });
      await Promise.all(done);
      await this.persistCoverage((e) => e.accountId === account.id && e.region === ALL);
    } finally {
      pool.release();
      this.pacing.forget(account.id);
      this.accountsDone++;
      this.progress();
    }
  }

  /** The regions to scan in an account: enabled ones, or `regions` ∩ enabled (the rest are recorded skipped). */
  private async accountRegions(account: Account, pool: ClientPool): Promise<string[]> {
    const regional = this.scanners.filter((s) => s.scope === 'regional');
    if (regional.length === 0) return [];
    const wanted = this.options.regions;
    try {
      const enabled = await this.pacing.global.run(() =>
        enabledRegions(pool.client(EC2Client, this.session.region)),
      );
      if (!wanted) return enabled;
      const regions: string[] = [];
      for (const r of wanted) {
        if (enabled.includes(r)) regions.push(r);
        else
          for (const s of regional)
            this.covered(account.id, r, s.id, 'skipped', 'region not enabled for this account');
      }
      return regions;
    } catch (error) {
      if (wanted) return [...wanted];
      const info = classifyAwsError(error);
      const status = info.class === 'denied' ? 'denied' : 'failed';
      for (const s of regional)
        this.covered(account.id, ALL, s.id, status, `DescribeRegions: ${info.reason}`);
      return [];
    }
  }

  /** Identifies the caller, lists the accounts to scan and scans them, a bounded number at a time. */
  async scanAll(): Promise<void> {
    await this.session.prepare();
    const home = this.session.pool('', undefined, this.pacing.hooks);
    try {
      await this.scanAccounts(home);
    } finally {
      home.release();
    }
  }

  private async scanAccounts(home: ClientPool): Promise<void> {
    const sts = home.client(STSClient, this.session.region);
    const caller = await identifyCaller(sts);
    const accounts = await this.accountsToScan(home, caller.accountId);
    this.accountsTotal = accounts.length;
    this.stats.accounts = accounts.length;
    if (accounts.length === 0)
      throw new ScanError('no accounts to scan (check --accounts / --exclude-accounts)', 'SCAN_NO_ACCOUNTS');

    // Enough accounts in flight to keep every task slot busy even while some finish their slowest
    // region (an account runs at most 17 standard regions × regionConcurrency tasks at once);
    // clients are shared, so an account in flight costs little memory.
    const perAccount = 17 * this.regionConcurrency;
    const accountConcurrency =
      this.options.accountConcurrency ?? Math.max(2, Math.ceil((3 * this.concurrency) / perAccount));
    let next = 0;
    const workers = Array.from({ length: Math.min(accountConcurrency, accounts.length) }, async () => {
      while (next < accounts.length) {
        const account = accounts[next++] as Account;
        await this.scanAccount(account, caller.accountId, sts);
      }
    });
    await Promise.all(workers);
  }

  /** The caller's own account, or the organization's active members, narrowed by --accounts / --exclude-accounts. */
  private async accountsToScan(home: ClientPool, callerId: string): Promise<Account[]> {
    const options = this.options;
    let accounts: Account[];
    if (options.org) {
      accounts = (await organizationMembers(home)).map((m) => ({ id: m.id }));
      const known = new Set(accounts.map((a) => a.id));
      for (const id of options.accounts ?? []) {
        if (!known.has(id))
          this.covered(id, ALL, ALL, 'skipped', 'not an active account of the organization');
      }
      if (options.accounts?.length) {
        const wanted = new Set(options.accounts);
        accounts = accounts.filter((a) => wanted.has(a.id));
      }
    } else {
      accounts = [{ id: callerId }];
      if (options.accounts?.length) accounts = options.accounts.map((id) => ({ id }));
    }
    const excluded = new Set(options.excludeAccounts ?? []);
    return accounts.filter((a) => !excluded.has(a.id));
  }

  /** Writes what is buffered, records the run's status and coverage, and throws if the scan failed. */
  async finish(fatalError: unknown): Promise<ScanResult> {
    let fatal = fatalError;
    await this.flush();
    await this.writes;
    if (this.ownSession) this.session.destroy();
    const stats = this.stats;
    const finishedAt = new Date(this.scanClock.getTime() + (performance.now() - this.started)).toISOString();
    stats.durationMs = Math.round(performance.now() - this.started);
    if (this.writeError) fatal ??= this.writeError;
    const counts = { ...this.coverage.counts };
    const status: ScanResult['status'] = fatal
      ? 'failed'
      : counts.denied + counts.failed === 0
        ? 'complete'
        : counts.ok === 0
          ? 'failed'
          : 'partial';
    const summary = {
      accounts: stats.accounts,
      tasks: stats.tasks,
      occurrences: stats.occurrences,
      calls: stats.calls,
      throttled: stats.throttled,
      durationMs: stats.durationMs,
      coverage: counts,
      ...(fatal ? { error: fatal instanceof Error ? fatal.message : String(fatal) } : {}),
    };
    const coverage = this.pending;
    this.pending = [];
    await this.options.store.scanRuns.finish(this.runId, { status, finishedAt, coverage, summary });
    if (fatal) {
      const error =
        fatal instanceof ScanError
          ? fatal
          : new ScanError(`scan failed: ${fatal instanceof Error ? fatal.message : String(fatal)}`);
      error.runId = this.runId;
      throw error;
    }
    return {
      runId: this.runId,
      status,
      startedAt: this.startedAt,
      finishedAt,
      coverage: this.coverage,
      stats,
      summary,
    };
  }
}

function catalogHorizon(): (kind: string) => number {
  return (kind) => defaultCatalog().require(kind).horizonDays;
}

/** The account of the credentials; a scan cannot start without it. */
export function identifyCaller(sts: STSClient) {
  return callerAccount(sts).catch((error: unknown) => {
    throw new ScanError(
      `cannot identify the caller (STS GetCallerIdentity): ${classifyAwsError(error).reason}`,
      'SCAN_NO_CREDENTIALS',
    );
  });
}

/** The organization's active accounts, listed from the management (or delegated) account. */
export function organizationMembers(home: ClientPool) {
  return listActiveAccounts(home.client(OrganizationsClient, GLOBAL_API_REGION)).catch((error: unknown) => {
    throw new ScanError(
      `cannot list the organization's accounts: ${classifyAwsError(error).reason}`,
      'SCAN_ORG_DENIED',
    );
  });
}
