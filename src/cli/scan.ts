import type { Command } from 'commander';
import { z } from 'zod';
import { isAccountId } from '../aws/arn.js';
import { isRegionName } from '../aws/regions.js';
import { defaultCatalog } from '../catalog/index.js';
import { configSection, loadConfig } from '../config/index.js';
import { parseScannerSourceRef } from '../core/source-ref.js';
import type { JsonObject, Lang, Occurrence } from '../core/types.js';
import { resolveLang } from '../i18n/index.js';
import { lifecycleMessages } from '../i18n/messages/lifecycle.js';
import { scanMessages as m } from '../i18n/messages/scan.js';
import { countCoverage, DEFAULT_ROLE_NAME, runScan } from '../scan/engine.js';
import type { CoverageEntry, ScanOptions, ScanProgress, ScanResult } from '../scan/types.js';
import { scanners as registry } from '../scanners/index.js';
import { configureLifecycleTables, staleLifecycleTables } from '../scanners/lifecycle.js';
import type { Scanner } from '../scanners/types.js';
import { openStore } from '../store/index.js';
import { UserError } from './errors.js';
import { topCommand } from './options.js';
import { renderTable } from './output.js';
import { type DistributedScanRequest, distributedScan, registerScanStatus } from './scan-distributed.js';
import { refreshWorkItems } from './workflow.js';

/** Where the command writes; tests pass their own to run the real program in process. */
export interface ScanIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal a person watches (progress bar). */
  interactive: boolean;
  setExitCode(code: number): void;
}

const processIo: ScanIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  interactive: !!process.stderr.isTTY && !process.env.CI,
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

/** The `scan:` section of config.yaml. */
export const scanConfigSchema = z
  .object({
    roleName: z.string().min(1).optional(),
    externalId: z.string().min(1).optional(),
    concurrency: z.number().int().min(1).max(1024).optional(),
    /** SDK retry policy: `standard` (exponential backoff with jitter) or `adaptive` (adds client-side rate limiting). */
    retryMode: z.enum(['standard', 'adaptive']).optional(),
    /** SDK attempts per call, the first included. */
    maxAttempts: z.number().int().min(1).max(20).optional(),
    regions: z.array(z.string()).optional(),
    /** Look-ahead per catalog id, overriding the catalog's horizonDays. */
    horizonDays: z.record(z.string(), z.number().int().min(1).max(1095)).default({}),
    /** Numeric scanner settings (`quotaUsageThreshold: 0.9`). */
    settings: z.record(z.string(), z.number()).default({}),
  })
  .strict();

export interface ScanCliOptions {
  org?: boolean;
  roleName?: string;
  externalId?: string;
  accounts?: string;
  excludeAccounts?: string;
  regions?: string;
  scanners?: string;
  profile?: string;
  endpointUrl?: string;
  concurrency?: string;
  format: string;
  lang?: string;
  db?: string;
  config?: string;
  distributed?: boolean;
  jobTimeout?: string;
}

const FORMATS = ['table', 'json'];

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function registerScan(program: Command, io: ScanIo = processIo): void {
  const scan = topCommand(program, 'scan');
  scan
    .option(
      '--org',
      'scan every active account of the AWS Organization / Organization の全アクティブアカウントをスキャン',
    )
    .option('--role-name <name>', `role assumed in member accounts (default ${DEFAULT_ROLE_NAME})`)
    .option('--external-id <id>', 'external id for AssumeRole / AssumeRole の外部 ID')
    .option('--accounts <ids>', 'only these account ids, comma-separated / 対象アカウント（カンマ区切り）')
    .option('--exclude-accounts <ids>', 'skip these account ids / 除外するアカウント')
    .option('--regions <names>', 'only these regions (default: enabled regions) / 対象リージョン')
    .option('--scanners <ids>', `only these scanners: ${registry.map((s) => s.id).join(', ')}`)
    .option('--profile <name>', 'AWS named profile (SSO profiles too) / AWS の名前付きプロファイル')
    .option('--endpoint-url <url>', 'AWS endpoint override (default: env AWS_ENDPOINT_URL)')
    .option(
      '--concurrency <n>',
      'most API calls in flight, sized to the latency below it (default 256) / 同時実行数の上限（この範囲でレイテンシに合わせて調整）',
    )
    .option('--format <format>', 'table or json', 'table')
    .option(
      '--distributed',
      'queue one job per account for `opsradar worker` (PostgreSQL) / ワーカーで分散実行（PostgreSQL）',
    )
    .option('--job-timeout <seconds>', 'with --distributed: a job running longer is retried (default 900)')
    .action(async (_opts: ScanCliOptions, cmd: Command) => {
      const code = await scanCommand(cmd.optsWithGlobals<ScanCliOptions>(), io);
      io.setExitCode(code);
    });
  registerScanStatus(scan, io.out);
}

/** Runs `opsradar scan`; returns the exit code (0 complete, 2 partial, 1 failed). */
export async function scanCommand(opts: ScanCliOptions, io: ScanIo): Promise<number> {
  const lang = resolveLang(opts.lang);
  const plan = scanPlan(opts, lang);
  if (opts.distributed) return distributedScan(distributedRequest(opts, plan.config, plan, io));
  warnStaleTables(io, lang, opts.config);
  const store = await openStore(opts.db);
  const progress = io.interactive && opts.format === 'table' ? new ProgressBar(io, lang) : undefined;
  const found = new Map<string, number>();
  const collected: Occurrence[] = [];
  let result: ScanResult;
  let coverage: CoverageEntry[] = [];
  try {
    result = await runScan({
      ...scanOptions(opts, plan),
      store,
      onProgress: (p) => progress?.update(p),
      onOccurrences: (batch) => {
        for (const o of batch) {
          found.set(o.sourceRef, (found.get(o.sourceRef) ?? 0) + 1);
          if (opts.format === 'json') collected.push(o);
        }
      },
    });
    // Findings become work items; what this scan no longer saw, where it fully looked, is resolved.
    await refreshWorkItems(store, {
      ...(opts.config ? { configPath: opts.config } : {}),
      scanRunId: result.runId,
    });
    // The engine keeps counts only; the JSON report lists every entry, read back from the store.
    if (opts.format === 'json') coverage = await store.scanRuns.coverage(result.runId);
  } finally {
    progress?.done();
    await store.close();
  }

  if (opts.format === 'json') {
    io.out(`${JSON.stringify(jsonReport(result, coverage, collected), null, 2)}\n`);
  } else {
    io.out(
      renderSummary(
        result,
        found,
        plan.scanners.map((s) => s.id),
        lang,
      ),
    );
  }
  return result.status === 'complete' ? 0 : result.status === 'partial' ? 2 : 1;
}

/** What the options and config.yaml ask for, checked before anything connects to AWS. */
interface ScanPlan {
  config: z.output<typeof scanConfigSchema>;
  accounts: string[] | undefined;
  excludeAccounts: string[] | undefined;
  regions: string[] | undefined;
  scanners: typeof registry;
  concurrency: number | undefined;
  externalId: string | undefined;
  horizonDays: (kind: string) => number;
}

function scanPlan(opts: ScanCliOptions, lang: Lang): ScanPlan {
  const usage = (key: Parameters<typeof m>[1], params: Record<string, string>) =>
    new UserError(m(lang, key, params), 'USAGE', 2);
  if (!FORMATS.includes(opts.format))
    throw usage('error.format', { format: opts.format, allowed: FORMATS.join(', ') });

  const config = configSection(loadConfig(opts.config), 'scan', scanConfigSchema);
  const accounts = list(opts.accounts);
  const excludeAccounts = list(opts.excludeAccounts);
  for (const id of [...(accounts ?? []), ...(excludeAccounts ?? [])]) {
    if (!isAccountId(id)) throw usage('error.account', { id });
  }
  const regions = list(opts.regions) ?? config.regions;
  for (const region of regions ?? []) if (!isRegionName(region)) throw usage('error.region', { region });
  const ids = list(opts.scanners);
  const known = registry.map((s) => s.id);
  for (const id of ids ?? [])
    if (!known.includes(id)) throw usage('error.scanner', { id, known: known.join(', ') });
  const scanners = ids ? registry.filter((s) => ids.includes(s.id)) : registry;
  const concurrency = opts.concurrency === undefined ? config.concurrency : Number(opts.concurrency);
  if (
    concurrency !== undefined &&
    (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1024)
  ) {
    throw usage('error.concurrency', { value: String(opts.concurrency) });
  }
  const externalId = opts.externalId ?? config.externalId;
  if (opts.externalId && !opts.org && !accounts) throw usage('error.externalIdWithoutRole', {});

  const catalog = defaultCatalog({ configPath: opts.config });
  const horizonDays = (kind: string) => config.horizonDays[kind] ?? catalog.require(kind).horizonDays;
  return { config, accounts, excludeAccounts, regions, scanners, concurrency, externalId, horizonDays };
}

/** Lifecycle tables (OS end of support, ELB policies) age: say so rather than trust old dates silently. */
function warnStaleTables(io: ScanIo, lang: Lang, configPath: string | undefined): void {
  configureLifecycleTables(configPath);
  for (const t of staleLifecycleTables(new Date()))
    io.err(
      `${lifecycleMessages(lang, 'stale', { table: t.table, file: t.file, days: t.ageDays, asOf: t.asOf })}\n`,
    );
}

function scanOptions(
  opts: ScanCliOptions,
  plan: ScanPlan,
): Omit<ScanOptions, 'store' | 'onProgress' | 'onOccurrences'> {
  const { config, accounts, excludeAccounts, regions, scanners, concurrency, externalId } = plan;
  const roleName = opts.roleName ?? config.roleName ?? DEFAULT_ROLE_NAME;
  return {
    aws: {
      ...(opts.profile ? { profile: opts.profile } : {}),
      ...(opts.endpointUrl ? { endpoint: opts.endpointUrl } : {}),
      ...(config.retryMode ? { retryMode: config.retryMode } : {}),
      ...(config.maxAttempts ? { maxAttempts: config.maxAttempts } : {}),
      ...(concurrency ? { maxSockets: concurrency + 16 } : {}),
    },
    org: !!opts.org,
    roleName,
    ...(externalId ? { externalId } : {}),
    ...(accounts ? { accounts } : {}),
    ...(excludeAccounts ? { excludeAccounts } : {}),
    ...(regions ? { regions } : {}),
    scanners,
    ...(concurrency ? { concurrency } : {}),
    horizonDays: plan.horizonDays,
    settings: config.settings,
    // The secret-free part of what was asked, kept with the run.
    parameters: {
      org: !!opts.org,
      roleName,
      externalId: !!externalId,
      accounts: accounts ?? null,
      excludeAccounts: excludeAccounts ?? null,
      regions: regions ?? null,
      scanners: scanners.map((s) => s.id),
      profile: opts.profile ?? null,
    },
  };
}

/** The `--format json` document. */
export function jsonReport(
  result: ScanResult,
  coverage: readonly CoverageEntry[],
  occurrences: readonly Occurrence[],
): JsonObject {
  return {
    run: {
      id: result.runId,
      status: result.status,
      startedAt: result.startedAt,
      finishedAt: result.finishedAt,
      ...result.summary,
    },
    coverage: coverage.map((c) => ({
      accountId: c.accountId,
      region: c.region,
      scanner: c.scanner,
      status: c.status,
      ...(c.reason ? { reason: c.reason } : {}),
      ...(c.calls !== undefined ? { calls: c.calls } : {}),
    })),
    occurrences: occurrences.map((o) => ({
      kind: o.kind,
      accountId: o.accountId,
      region: o.region,
      resource: o.resource,
      eventDate: o.eventDate,
      evidence: o.evidence,
    })),
  };
}

const PROBLEMS_SHOWN = 20;
const REASON_SHOWN = 120;

/** One line of a reason for the table; --format json keeps the whole text. */
function shorten(reason: string): string {
  return reason.length <= REASON_SHOWN ? reason : `${reason.slice(0, REASON_SHOWN - 1)}…`;
}

export function renderSummary(
  result: ScanResult,
  found: ReadonlyMap<string, number>,
  scannerIds: readonly string[],
  lang: Lang,
): string {
  const lines: string[] = [];
  lines.push(
    m(lang, 'summary.title', {
      status: m(lang, `status.${result.status}`),
      accounts: result.stats.accounts,
      occurrences: result.stats.occurrences,
      calls: result.stats.calls,
      seconds: (result.stats.durationMs / 1000).toFixed(1),
    }),
    '',
  );
  const { byScanner, problems } = result.coverage;
  const statuses = ['ok', 'denied', 'failed', 'unsupported', 'skipped'] as const;
  const rows = [...scannerIds, ...(byScanner['*'] ? ['*'] : [])].map((id) => {
    const c = byScanner[id] ?? countCoverage([]);
    const hits = [...found.entries()]
      .filter(([ref]) => parseScannerSourceRef(ref)?.scanner === id)
      .reduce((a, [, n]) => a + n, 0);
    return [id, String(id === '*' ? '' : hits), ...statuses.map((s) => String(c[s]))];
  });
  lines.push(
    renderTable(
      [m(lang, 'column.scanner'), m(lang, 'column.found'), ...statuses.map((s) => m(lang, `column.${s}`))],
      rows,
    ),
  );
  if (problems.length > 0) {
    lines.push('', m(lang, 'problems.title', { count: problems.length }));
    lines.push(
      renderTable(
        [
          m(lang, 'column.account'),
          m(lang, 'column.region'),
          m(lang, 'column.scanner'),
          m(lang, 'column.status'),
          m(lang, 'column.reason'),
        ],
        problems
          .slice(0, PROBLEMS_SHOWN)
          .map((p) => [
            p.accountId,
            p.region,
            p.scanner,
            m(lang, `column.${p.status}`),
            shorten(p.reason ?? ''),
          ]),
      ),
    );
    if (problems.length > PROBLEMS_SHOWN)
      lines.push(m(lang, 'problems.more', { count: problems.length - PROBLEMS_SHOWN }));
  }
  if (result.stats.throttled > 0)
    lines.push('', m(lang, 'throttled.note', { count: result.stats.throttled }));
  return `${lines.join('\n')}\n`;
}

/** A one-line progress bar on stderr, redrawn at most 10 times a second. */
class ProgressBar {
  private last = 0;
  private drawn = false;

  constructor(
    private readonly io: ScanIo,
    private readonly lang: Lang,
  ) {}

  update(p: ScanProgress): void {
    const now = Date.now();
    if (now - this.last < 100 && p.accountsDone < p.accountsTotal) return;
    this.last = now;
    // Accounts are the honest unit for an organization; checks, for a single account.
    const fraction =
      p.accountsTotal > 1 ? p.accountsDone / p.accountsTotal : p.tasksKnown ? p.tasksDone / p.tasksKnown : 0;
    const width = 24;
    const filled = Math.round(fraction * width);
    const text = m(this.lang, 'progress.line', {
      bar: `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`,
      percent: Math.round(fraction * 100),
      tasks: p.tasksDone,
      known: p.tasksKnown,
      accounts: p.accountsDone,
      accountsTotal: p.accountsTotal,
      found: p.occurrences,
    });
    this.io.err(`\r\x1b[2K${text}`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.io.err('\r\x1b[2K');
  }
}

/** What `scan --distributed` queues: the validated selection, the config's look-ahead and settings. */
function distributedRequest(
  opts: ScanCliOptions,
  config: z.infer<typeof scanConfigSchema>,
  selection: {
    accounts?: string[];
    excludeAccounts?: string[];
    regions?: string[];
    scanners: readonly Scanner[];
  },
  io: ScanIo,
): DistributedScanRequest {
  const roleName = opts.roleName ?? config.roleName ?? DEFAULT_ROLE_NAME;
  const scanners = selection.scanners.map((s) => s.id);
  return {
    lang: resolveLang(opts.lang),
    ...(opts.db ? { db: opts.db } : {}),
    format: opts.format,
    aws: {
      ...(opts.profile ? { profile: opts.profile } : {}),
      ...(opts.endpointUrl ? { endpoint: opts.endpointUrl } : {}),
    },
    org: !!opts.org,
    roleName,
    ...(selection.accounts ? { accounts: selection.accounts } : {}),
    ...(selection.excludeAccounts ? { excludeAccounts: selection.excludeAccounts } : {}),
    ...(selection.regions ? { regions: selection.regions } : {}),
    scanners,
    horizonDays: config.horizonDays,
    settings: config.settings,
    parameters: {
      org: !!opts.org,
      roleName,
      accounts: selection.accounts ?? null,
      excludeAccounts: selection.excludeAccounts ?? null,
      regions: selection.regions ?? null,
      scanners,
      profile: opts.profile ?? null,
    },
    ...(opts.jobTimeout ? { jobTimeout: opts.jobTimeout } : {}),
    out: io.out,
  };
}
