import { EC2Client } from '@aws-sdk/client-ec2';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { callerAccount, listActiveAccounts } from '../aws/accounts.js';
import { roleArn } from '../aws/arn.js';
import { AwsSession, type CallInfo, type ClientPool } from '../aws/clients.js';
import { assumeRoleCredentials } from '../aws/credentials.js';
import { classifyAwsError, isThrottlingError } from '../aws/errors.js';
import { enabledRegions, GLOBAL_API_REGION } from '../aws/regions.js';
import { defaultCatalog } from '../catalog/index.js';
import { OpsradarError } from '../core/errors.js';
import { scannerSourceRef } from '../core/source-ref.js';
import type { Occurrence } from '../core/types.js';
import { scanners as registry } from '../scanners/index.js';
import type { ScanContext, Scanner } from '../scanners/types.js';
import { bucketFor, DEFAULT_RATES, type Rate, Semaphore, TokenBucket } from './limits.js';
import { taskExtras } from './task-context.js';
import type { CoverageEntry, ScanOptions, ScanResult, ScanStats } from './types.js';

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

interface TaskState {
  calls: number;
}

/**
 * The shared client seen through one task: `send` counts the task's API requests (retries are
 * counted by the attempt hooks, scan-wide). A prototype view, not a Proxy: everything else is the
 * client itself, so paginators' `instanceof` checks still hold.
 */
function counted<T>(client: T, state: TaskState): T {
  const target = client as unknown as { send: (...args: unknown[]) => Promise<unknown> };
  return Object.create(target, {
    send: {
      value: (...args: unknown[]) => {
        state.calls++;
        return target.send(...args);
      },
    },
  }) as T;
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
  const scanClock = options.now ?? new Date();
  const startedAt = scanClock.toISOString();
  const started = performance.now();
  const scanners = [...(options.scanners ?? registry)];
  const concurrency = options.concurrency ?? 64;
  const regionConcurrency = options.regionConcurrency ?? 4;
  const rates = options.rates === false ? undefined : (options.rates ?? DEFAULT_RATES);
  const batchSize = options.batchSize ?? 200;
  const horizonDays = options.horizonDays ?? catalogHorizon();
  const settings = options.settings ?? {};
  const signal = options.signal ?? new AbortController().signal;

  const runId = await options.store.scanRuns.start({
    kind: 'scan',
    startedAt,
    parameters: options.parameters ?? {},
  });

  const stats: ScanStats = { accounts: 0, tasks: 0, occurrences: 0, calls: 0, throttled: 0, durationMs: 0 };
  const coverage: CoverageEntry[] = [];
  const buckets = new Map<string, Map<string, TokenBucket>>();
  const global = new Semaphore(concurrency);
  const regionSlots = new Map<string, Semaphore>();
  let tasksKnown = 0;
  let accountsDone = 0;
  let accountsTotal = 0;

  const hooks = {
    before: rates
      ? (call: CallInfo) => {
          let perAccount = buckets.get(call.accountId);
          if (!perAccount) {
            perAccount = new Map();
            buckets.set(call.accountId, perAccount);
          }
          const { key: name, rate } = bucketFor(rates as Record<string, Rate>, call.service, call.action);
          const key = `${call.region}/${name}`;
          let bucket = perAccount.get(key);
          if (!bucket) {
            bucket = new TokenBucket(rate);
            perAccount.set(key, bucket);
          }
          return bucket.take();
        }
      : undefined,
    after: (_call: CallInfo, error: unknown) => {
      stats.calls++;
      if (error && isThrottlingError(error)) stats.throttled++;
    },
  };
  const ownSession = !options.session;
  const session = options.session ?? new AwsSession(options.aws ?? {}, hooks);
  if (options.session) options.session.setHooks(hooks);

  // Occurrences go to the store in batches, one write at a time, so memory stays flat.
  let buffer: Occurrence[] = [];
  let writes: Promise<void> = Promise.resolve();
  let writeError: unknown;
  const flush = (): Promise<void> => {
    if (buffer.length === 0) return writes;
    const batch = buffer;
    buffer = [];
    writes = writes.then(async () => {
      if (writeError) return;
      try {
        await options.store.occurrences.record(batch, { scanRunId: runId });
        options.onOccurrences?.(batch);
      } catch (error) {
        writeError = error;
      }
    });
    return writes;
  };

  const progress = () =>
    options.onProgress?.({
      accountsTotal,
      accountsDone,
      tasksDone: stats.tasks,
      tasksKnown,
      occurrences: stats.occurrences,
      calls: stats.calls,
    });

  const runTask = async (scanner: Scanner, account: Account, region: string, pool: ClientPool) => {
    const recordedRegion = scanner.scope === 'global' ? GLOBAL : region;
    if (signal.aborted) {
      coverage.push({
        accountId: account.id,
        region: recordedRegion,
        scanner: scanner.id,
        status: 'skipped',
        reason: 'cancelled',
      });
      return;
    }
    const slotKey = `${account.id}/${region}`;
    let slot = regionSlots.get(slotKey);
    if (!slot) {
      slot = new Semaphore(regionConcurrency);
      regionSlots.set(slotKey, slot);
    }
    const state: TaskState = { calls: 0 };
    const setting = (key: string, fallback: number) => settings[key] ?? fallback;
    const extras = taskExtras({
      accountId: account.id,
      pool,
      counted: (client) => counted(client, state),
      store: options.store,
      now: scanClock,
      setting,
      signal,
    });
    const ctx: ScanContext = {
      accountId: account.id,
      region,
      client: (clientClass) => counted(pool.client(clientClass, region), state),
      now: scanClock,
      horizonDays,
      setting,
      signal,
      versionCatalog: extras.versionCatalog,
      optional: extras.optional,
      note: extras.note,
    };
    const entry: CoverageEntry = {
      accountId: account.id,
      region: recordedRegion,
      scanner: scanner.id,
      status: 'ok',
    };
    await slot.run(() =>
      global.run(() =>
        (async () => {
          try {
            for await (const finding of scanner.scan(ctx)) {
              if (!scanner.eventKinds.includes(finding.kind)) {
                throw new Error(
                  `scanner ${scanner.id} reported kind ${finding.kind}, not one of its eventKinds`,
                );
              }
              buffer.push({
                kind: finding.kind,
                accountId: account.id,
                region: finding.region ?? recordedRegion,
                resource: finding.resource,
                eventDate: finding.eventDate,
                ...(finding.eventEndDate !== undefined ? { eventEndDate: finding.eventEndDate } : {}),
                source: 'scanner',
                sourceRef: scannerSourceRef(scanner.id, finding.kind),
                title: finding.title,
                evidence: finding.evidence,
                observedAt: startedAt,
              });
              stats.occurrences++;
              if (buffer.length >= batchSize) void flush();
            }
          } catch (error) {
            const info = classifyAwsError(error);
            entry.status = info.class === 'throttled' ? 'failed' : info.class;
            entry.reason = info.reason;
          }
        })(),
      ),
    );
    entry.calls = state.calls;
    if (extras.notes.length > 0) entry.notes = extras.notes;
    coverage.push(entry);
    stats.tasks++;
    progress();
  };

  const accountCovered = (
    accountId: string,
    region: string,
    scanner: string,
    status: CoverageEntry['status'],
    reason: string,
  ) => coverage.push({ accountId, region, scanner, status, reason });

  const scanAccount = async (account: Account, caller: string, sts: STSClient) => {
    let credentials: AwsCredentialIdentityProvider | undefined;
    if (account.id !== caller) {
      const arn = roleArn(account.id, options.roleName ?? DEFAULT_ROLE_NAME, session.region);
      credentials = assumeRoleCredentials(sts, {
        roleArn: arn,
        ...(options.externalId ? { externalId: options.externalId } : {}),
      });
      try {
        // Account set-up calls share the global limit, so `concurrency` bounds every call in flight.
        await global.run(() => (credentials as AwsCredentialIdentityProvider)());
      } catch (error) {
        const info = classifyAwsError(error);
        const status = info.class === 'denied' ? 'denied' : 'failed';
        accountCovered(account.id, ALL, ALL, status, `AssumeRole ${arn}: ${info.reason}`);
        return;
      }
    }
    const pool = session.pool(account.id, credentials);
    try {
      const regional = scanners.filter((s) => s.scope === 'regional');
      let regions: string[] = [];
      if (regional.length > 0) {
        try {
          const enabled = await global.run(() => enabledRegions(pool.client(EC2Client, session.region)));
          if (options.regions) {
            for (const r of options.regions) {
              if (enabled.includes(r)) regions.push(r);
              else
                for (const s of regional)
                  accountCovered(account.id, r, s.id, 'skipped', 'region not enabled for this account');
            }
          } else {
            regions = enabled;
          }
        } catch (error) {
          const info = classifyAwsError(error);
          if (options.regions) {
            regions = [...options.regions];
          } else {
            for (const s of regional) {
              accountCovered(
                account.id,
                ALL,
                s.id,
                info.class === 'denied' ? 'denied' : 'failed',
                `DescribeRegions: ${info.reason}`,
              );
            }
          }
        }
      }
      const tasks: Array<Promise<void>> = [];
      for (const scanner of scanners) {
        if (scanner.scope === 'global') {
          tasks.push(runTask(scanner, account, scanner.globalRegion ?? GLOBAL_API_REGION, pool));
        } else {
          for (const region of regions) tasks.push(runTask(scanner, account, region, pool));
        }
      }
      tasksKnown += tasks.length;
      await Promise.all(tasks);
    } finally {
      pool.release();
      buckets.delete(account.id);
      for (const key of regionSlots.keys()) if (key.startsWith(`${account.id}/`)) regionSlots.delete(key);
      accountsDone++;
      progress();
    }
  };

  let fatal: unknown;
  try {
    await session.prepare();
    const home = session.pool('');
    const sts = home.client(STSClient, session.region);
    const caller = await callerAccount(sts).catch((error: unknown) => {
      throw new ScanError(
        `cannot identify the caller (STS GetCallerIdentity): ${classifyAwsError(error).reason}`,
        'SCAN_NO_CREDENTIALS',
      );
    });
    let accounts: Account[];
    if (options.org) {
      const org = home.client(OrganizationsClient, GLOBAL_API_REGION);
      const members = await listActiveAccounts(org).catch((error: unknown) => {
        throw new ScanError(
          `cannot list the organization's accounts: ${classifyAwsError(error).reason}`,
          'SCAN_ORG_DENIED',
        );
      });
      accounts = members.map((m) => ({ id: m.id }));
      const known = new Set(accounts.map((a) => a.id));
      for (const id of options.accounts ?? []) {
        if (!known.has(id))
          accountCovered(id, ALL, ALL, 'skipped', 'not an active account of the organization');
      }
    } else {
      accounts = [{ id: caller.accountId }];
      if (options.accounts?.length) accounts = options.accounts.map((id) => ({ id }));
    }
    if (options.accounts?.length && options.org) {
      const wanted = new Set(options.accounts);
      accounts = accounts.filter((a) => wanted.has(a.id));
    }
    const excluded = new Set(options.excludeAccounts ?? []);
    accounts = accounts.filter((a) => !excluded.has(a.id));
    accountsTotal = accounts.length;
    stats.accounts = accounts.length;
    if (accounts.length === 0)
      throw new ScanError('no accounts to scan (check --accounts / --exclude-accounts)', 'SCAN_NO_ACCOUNTS');

    // Enough accounts in flight to keep every task slot busy (an account has about one task per
    // regional scanner and standard region), few enough that clients in memory stay bounded.
    const regionalCount = scanners.filter((s) => s.scope === 'regional').length;
    const perAccount = Math.max(1, regionalCount * 17 + (scanners.length - regionalCount));
    const accountConcurrency =
      options.accountConcurrency ?? Math.max(2, Math.ceil((1.5 * concurrency) / perAccount));
    let next = 0;
    const workers = Array.from({ length: Math.min(accountConcurrency, accounts.length) }, async () => {
      while (next < accounts.length) {
        const account = accounts[next++] as Account;
        await scanAccount(account, caller.accountId, sts);
      }
    });
    await Promise.all(workers);
  } catch (error) {
    fatal = error;
  }
  await flush();
  await writes;
  if (ownSession) session.destroy();

  const finishedAt = new Date(scanClock.getTime() + (performance.now() - started)).toISOString();
  stats.durationMs = Math.round(performance.now() - started);
  if (writeError) fatal ??= writeError;
  const counts = countCoverage(coverage);
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
  await options.store.scanRuns.finish(runId, { status, finishedAt, coverage, summary });
  if (fatal) {
    const error =
      fatal instanceof ScanError
        ? fatal
        : new ScanError(`scan failed: ${fatal instanceof Error ? fatal.message : String(fatal)}`);
    error.runId = runId;
    throw error;
  }
  return { runId, status, startedAt, finishedAt, coverage, stats, summary };
}

export function countCoverage(coverage: readonly CoverageEntry[]): Record<CoverageEntry['status'], number> {
  const counts = { ok: 0, denied: 0, failed: 0, skipped: 0, unsupported: 0 };
  for (const entry of coverage) counts[entry.status]++;
  return counts;
}

function catalogHorizon(): (kind: string) => number {
  return (kind) => defaultCatalog().require(kind).horizonDays;
}
