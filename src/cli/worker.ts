import type { Command } from 'commander';
import { defaultCatalog } from '../catalog/index.js';
import { configSection, loadConfig } from '../config/index.js';
import type { Lang } from '../core/types.js';
import { distributedMessages as m } from '../i18n/messages/distributed.js';
import { runWorker, type WorkerEvent } from '../scan/distributed.js';
import { openScanQueue } from '../scan/queue.js';
import { configureLifecycleTables } from '../scanners/lifecycle.js';
import { openStore } from '../store/index.js';
import { langOf, topCommand } from './options.js';
import { scanConfigSchema } from './scan.js';
import { requirePostgres, wholeNumber } from './scan-distributed.js';
import { refreshWorkItems } from './workflow.js';

interface WorkerCliOptions {
  db?: string;
  config?: string;
  jobs?: string;
  concurrency?: string;
  externalId?: string;
  profile?: string;
  endpointUrl?: string;
  checkInterval?: string;
}

function describe(lang: Lang, event: WorkerEvent): string {
  switch (event.type) {
    case 'job-start':
      return m(lang, 'worker.jobStart', event);
    case 'job-done':
      return m(lang, 'worker.jobDone', event);
    case 'job-error':
      return m(lang, 'worker.jobError', event);
    case 'run-done':
      return m(lang, 'worker.runDone', {
        runId: event.runId,
        status: m(lang, `state.${event.status}` as 'state.complete'),
      });
  }
}

export function registerWorker(program: Command): void {
  topCommand(program, 'worker')
    .option('--jobs <n>', 'jobs (accounts) at once (default 2) / 同時に処理するジョブ数')
    .option('--concurrency <n>', 'checks in flight per job (default 64) / ジョブごとの同時実行数')
    .option('--external-id <id>', 'external id for AssumeRole / AssumeRole の外部 ID')
    .option('--profile <name>', 'AWS named profile / AWS の名前付きプロファイル')
    .option('--endpoint-url <url>', 'AWS endpoint override (default: env AWS_ENDPOINT_URL)')
    .option(
      '--check-interval <seconds>',
      'how often to look for jobs of lost workers (default 30) / 停止したワーカーのジョブを探す間隔',
    )
    .action(async (_opts: unknown, cmd: Command) => {
      await workerCommand(cmd.optsWithGlobals<WorkerCliOptions>(), langOf(cmd));
    });
}

/** Runs until SIGINT / SIGTERM; running jobs finish first (a job cut short is retried elsewhere). */
export async function workerCommand(opts: WorkerCliOptions, lang: Lang): Promise<void> {
  const url = requirePostgres(lang, opts.db, 'error.workerPostgresOnly');
  const jobs = wholeNumber(lang, '--jobs', opts.jobs, { min: 1, max: 64, fallback: 2 });
  const config = configSection(loadConfig(opts.config), 'scan', scanConfigSchema);
  const concurrency = wholeNumber(lang, '--concurrency', opts.concurrency, {
    min: 1,
    max: 1024,
    fallback: config.concurrency ?? 64,
  });
  const checkIntervalSeconds = wholeNumber(lang, '--check-interval', opts.checkInterval, {
    min: 1,
    max: 3600,
    fallback: 30,
  });
  configureLifecycleTables(opts.config);
  const catalog = defaultCatalog({ configPath: opts.config });
  const externalId = opts.externalId ?? config.externalId;
  const store = await openStore(url);
  const say = (text: string) => process.stderr.write(`${text}\n`);
  try {
    const queue = await openScanQueue(url, { checkIntervalSeconds, onError: (e) => say(e.message) });
    const stop = new AbortController();
    const onSignal = () => {
      say(m(lang, 'worker.stopping'));
      stop.abort();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    say(m(lang, 'worker.ready', { jobs, schema: queue.schema }));
    await runWorker(
      {
        store,
        queue,
        aws: {
          ...(opts.profile ? { profile: opts.profile } : {}),
          ...(opts.endpointUrl ? { endpoint: opts.endpointUrl } : {}),
          ...(config.retryMode ? { retryMode: config.retryMode } : {}),
          ...(config.maxAttempts ? { maxAttempts: config.maxAttempts } : {}),
          // One session serves all of this worker's jobs.
          maxSockets: jobs * concurrency + 16,
        },
        ...(externalId ? { externalId } : {}),
        jobs,
        concurrency,
        horizon: (overrides) => (kind) => overrides[kind] ?? catalog.require(kind).horizonDays,
        onRunDone: async (runId) => {
          await refreshWorkItems(store, {
            ...(opts.config ? { configPath: opts.config } : {}),
            catalog,
            scanRunId: runId,
          });
        },
        onEvent: (event) => say(describe(lang, event)),
      },
      stop.signal,
    );
  } finally {
    await store.close();
  }
}
