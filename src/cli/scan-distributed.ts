import type { Command } from 'commander';
import type { AwsOptions } from '../aws/clients.js';
import type { Lang } from '../core/types.js';
import { distributedMessages as m } from '../i18n/messages/distributed.js';
import { enqueueScan } from '../scan/distributed.js';
import { DEFAULT_JOB_POLICY, openScanQueue } from '../scan/queue.js';
import { type DistributedProgress, openStore, resolveStoreTarget } from '../store/index.js';
import { UserError } from './errors.js';
import { type GlobalOptions, langOf } from './options.js';

/** `opsradar scan --org --distributed` and `opsradar scan status RUN`. */

export interface DistributedScanRequest {
  lang: Lang;
  db?: string;
  format: string;
  aws: AwsOptions;
  org: boolean;
  roleName: string;
  accounts?: string[];
  excludeAccounts?: string[];
  regions?: string[];
  scanners: string[];
  horizonDays: Record<string, number>;
  settings: Record<string, number>;
  parameters: Record<string, string | number | boolean | string[] | null>;
  jobTimeout?: string;
  out(text: string): void;
}

/** A whole-number option within bounds, or a usage error naming it. */
export function wholeNumber(
  lang: Lang,
  option: string,
  value: string | undefined,
  bounds: { min: number; max: number; fallback: number },
): number {
  if (value === undefined) return bounds.fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < bounds.min || n > bounds.max)
    throw new UserError(m(lang, 'error.positive', { option, value, ...bounds }), 'USAGE', 2);
  return n;
}

/** PostgreSQL only: workers elsewhere share the queue in the same database. */
export function requirePostgres(
  lang: Lang,
  db: string | undefined,
  key: 'error.postgresOnly' | 'error.workerPostgresOnly',
) {
  const target = resolveStoreTarget(db);
  if (target.dialect !== 'postgres') throw new UserError(m(lang, key), 'USAGE', 2);
  return target.location;
}

/** Creates the run and its jobs; prints the run id. Exit code 0. */
export async function distributedScan(request: DistributedScanRequest): Promise<number> {
  const { lang } = request;
  const url = requirePostgres(lang, request.db, 'error.postgresOnly');
  const timeoutSeconds = wholeNumber(lang, '--job-timeout', request.jobTimeout, {
    min: 1,
    max: 86_400,
    fallback: DEFAULT_JOB_POLICY.timeoutSeconds,
  });
  const store = await openStore(url);
  try {
    const queue = await openScanQueue(url);
    try {
      const { runId, jobs } = await enqueueScan(store, queue, {
        aws: request.aws,
        org: request.org,
        roleName: request.roleName,
        ...(request.accounts ? { accounts: request.accounts } : {}),
        ...(request.excludeAccounts ? { excludeAccounts: request.excludeAccounts } : {}),
        ...(request.regions ? { regions: request.regions } : {}),
        scanners: request.scanners,
        horizonDays: request.horizonDays,
        settings: request.settings,
        parameters: request.parameters,
        policy: { ...DEFAULT_JOB_POLICY, timeoutSeconds },
      });
      request.out(
        request.format === 'json'
          ? `${JSON.stringify({ runId, jobs })}\n`
          : `${m(lang, 'enqueued', { runId, jobs })}\n`,
      );
      return 0;
    } finally {
      await queue.stop();
    }
  } finally {
    await store.close();
  }
}

export function renderProgress(p: DistributedProgress, lang: Lang): string {
  const c = p.accountRegions;
  const covered = c.ok + c.denied + c.failed + c.skipped + c.unsupported;
  const lines = [
    m(lang, 'status.title', { runId: p.runId, state: m(lang, `state.${p.status}`) }),
    m(lang, 'status.jobs', { done: p.jobsDone, total: p.jobsTotal }),
    m(lang, 'status.accountRegions', { covered, ...c }),
    m(lang, 'status.calls', { calls: p.calls, found: p.occurrences }),
    m(lang, 'status.started', { startedAt: p.startedAt }),
    ...(p.finishedAt ? [m(lang, 'status.finished', { finishedAt: p.finishedAt })] : []),
    m(lang, 'status.closed', { closed: m(lang, p.closed ? 'yes' : 'no') }),
  ];
  return `${lines.join('\n')}\n`;
}

/** `opsradar scan status RUN`: jobs done/total, account-regions covered, state. */
export function registerScanStatus(scan: Command, out: (text: string) => void): void {
  scan
    .command('status <run>')
    .description('progress of a distributed scan run / 分散スキャンの進捗')
    .option('--format <format>', 'table or json', 'table')
    .action(async (runId: string, _opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions>();
      const lang = langOf(cmd);
      const store = await openStore(opts.db);
      try {
        const progress = await store.scanJobs.progress(runId);
        if (!progress) throw new UserError(m(lang, 'error.runNotFound', { runId }), 'NOT_FOUND', 1);
        out(opts.format === 'json' ? `${JSON.stringify(progress)}\n` : renderProgress(progress, lang));
      } finally {
        await store.close();
      }
    });
}
