import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Command } from 'commander';
import { AwsSession } from '../aws/clients.js';
import { defaultCatalog } from '../catalog/index.js';
import type { Lang } from '../core/types.js';
import { resolveLang } from '../i18n/index.js';
import { healthMessages as m } from '../i18n/messages/health.js';
import type { CatalogMatcher } from '../ingest/health/classify.js';
import { HealthApi, healthEndpoints } from '../ingest/health/client.js';
import { type HealthPullResult, pullHealth } from '../ingest/health/pull.js';
import { openStore } from '../store/index.js';
import { UserError } from './errors.js';
import { topCommand } from './options.js';
import { refreshWorkItems } from './workflow.js';

/** Where the command writes; tests pass their own to run the real program in process. */
export interface IngestIo {
  out(text: string): void;
  err(text: string): void;
  setExitCode(code: number): void;
  /** The catalog for the given config path. */
  catalog(configPath?: string): CatalogMatcher;
  env: NodeJS.ProcessEnv;
}

export const processIngestIo: IngestIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  setExitCode: (code) => {
    process.exitCode = code;
  },
  catalog: (configPath) => defaultCatalog({ configPath }),
  env: process.env,
};

export interface IngestHealthOptions {
  org?: boolean;
  full?: boolean;
  profile?: string;
  endpointUrl?: string;
  failoverEndpointUrl?: string;
  format: string;
  lang?: string;
  db?: string;
  config?: string;
}

export function registerIngestHealth(program: Command, io: IngestIo = processIngestIo): void {
  topCommand(program, 'ingest')
    .command('health')
    .description(
      'read AWS Health events through the Health API (incremental) / Health API から AWS Health イベントを取得します（差分取得）',
    )
    .option('--org', 'organization view (management or delegated administrator account) / 組織ビューで取得')
    .option('--full', 'ignore the stored cursor and read all events the API keeps / カーソルを使わず全件取得')
    .option('--profile <name>', 'AWS named profile (SSO profiles too) / AWS の名前付きプロファイル')
    .option(
      '--endpoint-url <url>',
      'Health API endpoint override (default: DNS lookup of global.health.amazonaws.com; env AWS_ENDPOINT_URL_HEALTH / AWS_ENDPOINT_URL)',
    )
    .option(
      '--failover-endpoint-url <url>',
      'second endpoint to fail over to, with --endpoint-url / 切り替え先エンドポイント',
    )
    .option('--format <format>', 'table or json', 'table')
    .action(async (_opts: IngestHealthOptions, cmd: Command) => {
      io.setExitCode(await ingestHealthCommand(cmd.optsWithGlobals<IngestHealthOptions>(), io));
    });
}

/** Runs `opsradar ingest health`; returns the exit code (0 complete, 2 partial or coverage gap, 1 failed). */
export async function ingestHealthCommand(opts: IngestHealthOptions, io: IngestIo): Promise<number> {
  const lang = resolveLang(opts.lang, io.env);
  if (!['table', 'json'].includes(opts.format)) {
    throw new UserError(m(lang, 'error.format', { format: opts.format, allowed: 'table, json' }), 'USAGE', 2);
  }
  const catalog = io.catalog(opts.config);
  const session = new AwsSession({
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.endpointUrl ? { endpoint: opts.endpointUrl } : {}),
  });
  const sts = new STSClient(session.clientConfig(session.region, session.baseCredentials));
  const endpoints = await healthEndpoints({
    ...(opts.endpointUrl ? { endpoint: opts.endpointUrl } : {}),
    ...(opts.failoverEndpointUrl ? { failoverEndpoint: opts.failoverEndpointUrl } : {}),
    env: io.env,
  });
  const api = new HealthApi(endpoints, { credentials: session.baseCredentials, maxAttempts: 3 });
  const store = await openStore(opts.db);
  let result: HealthPullResult;
  let accountId: string;
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    accountId = identity.Account ?? '';
    result = await pullHealth({
      api,
      store,
      catalog,
      org: !!opts.org,
      accountId,
      now: () => new Date(),
      full: !!opts.full,
    });
    // New and updated events become work items now, not at the next `list`.
    await refreshWorkItems(store, opts.config ? { configPath: opts.config } : {});
  } finally {
    api.destroy();
    sts.destroy();
    session.destroy();
    await store.close();
  }
  if (opts.format === 'json') {
    io.out(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    io.out(renderHealthResult(result, accountId, !!opts.org, api, !!opts.full, lang));
  }
  if (result.gap)
    io.err(
      `${m(lang, `health.gap.${result.gap.code}`, { account: accountId, reason: result.gap.reason })}\n`,
    );
  return result.status === 'complete' ? 0 : result.status === 'partial' ? 2 : 1;
}

function renderHealthResult(
  result: HealthPullResult,
  accountId: string,
  org: boolean,
  api: HealthApi,
  full: boolean,
  lang: Lang,
): string {
  const lines: string[] = [];
  if (api.failovers > 0) lines.push(m(lang, 'health.failover', { region: api.region }));
  if (!result.gap || result.events > 0) {
    lines.push(
      m(lang, 'health.summary', {
        view: m(lang, org ? 'health.view.org' : 'health.view.account', { account: accountId }),
        region: api.region,
        events: result.events,
        occurrences: result.summary.occurrences,
        created: result.summary.created,
        updated: result.summary.updated,
        unchanged: result.summary.unchanged,
        unmapped: result.summary.unmapped,
        calls: api.calls,
      }),
    );
  }
  if (result.failed.length > 0) {
    const first = result.failed[0];
    lines.push(
      m(lang, 'health.failedEvents', {
        count: result.failed.length,
        example: first ? `${first.eventArn} (${first.error})` : '',
      }),
    );
  }
  if (!result.gap) {
    if (full) lines.push(m(lang, 'health.full'));
    if (result.cursor) lines.push(m(lang, 'health.cursor', { cursor: result.cursor }));
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
