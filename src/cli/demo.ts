import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { type Catalog, defaultCatalog } from '../catalog/index.js';
import { defaultDataDir, loadConfig } from '../config/index.js';
import type { Lang } from '../core/types.js';
import { resolveLang } from '../i18n/index.js';
import { serverText as m } from '../i18n/messages/server.js';
import { DEMO_AUTHSERV_ID, demoMail, ingestMail } from '../ingest/email/index.js';
import { HealthApi, healthEndpoints } from '../ingest/health/client.js';
import { pullHealth } from '../ingest/health/pull.js';
import { type DemoReceiver, demoNotifications } from '../notify/demo.js';
import { dashboardLink } from '../notify/message.js';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { runScan } from '../scan/engine.js';
import { createApp } from '../server/app.js';
import { listen, type RunningServer } from '../server/listen.js';
import { oneTimeLogin, oneTimeLoginUrl } from '../server/sessions.js';
import { openStore, type Store } from '../store/index.js';
import { parsePort, untilStopped } from './serve.js';
import { refreshWorkItems } from './workflow.js';

interface DemoOptions {
  port: string;
  keep?: boolean;
  lang?: string;
  db?: string;
  config?: string;
}

/** Keys the sandbox accepts (it answers as the scenario's management account); never real AWS keys. */
const SANDBOX_CREDENTIALS = { accessKeyId: 'AKIAOPSRADARDEMO0000', secretAccessKey: 'opsradar-demo-secret' };

export interface DemoIo {
  out(text: string): void;
  err(text: string): void;
}

export interface DemoResult {
  store: Store;
  sandbox: Sandbox;
  server: RunningServer;
  /** The one-time admin sign-in link for the dashboard. */
  loginUrl: string;
  /** The demo's own webhook receiver (notifications), when that step worked. */
  receiver?: DemoReceiver;
  close(): Promise<void>;
}

/**
 * Builds the demo world for real: the sandbox (simulated AWS over the real wire protocols), a real
 * scan through the AWS SDK, the demo AWS Health events through the Health API, the demo notification
 * mails through the mail classifier, then work items, served on SQLite. A step that fails is reported
 * and skipped; nothing is made up to fill its place.
 */
export async function runDemo(
  options: { port: number; db: string; lang: Lang; configPath?: string; now?: Date },
  io: DemoIo,
): Promise<DemoResult> {
  const { lang } = options;
  const now = options.now ?? new Date();
  const catalog: Catalog = defaultCatalog({ configPath: options.configPath });
  const sandbox = await startSandbox({ scenario: 'demo' });
  io.err(`${m(lang, 'demo.sandbox', { url: sandbox.url })}\n`);
  const store = await openStore(options.db);
  const skipped = (part: string, error: unknown) =>
    io.err(
      `${m(lang, 'demo.skipped', { part, reason: error instanceof Error ? error.message : String(error) })}\n`,
    );

  try {
    try {
      const scan = await runScan({
        store,
        aws: { endpoint: sandbox.url, credentials: SANDBOX_CREDENTIALS, region: 'us-east-1' },
        org: true,
        now,
        parameters: { demo: true, endpoint: sandbox.url },
      });
      io.err(
        `${m(lang, 'demo.scan', { accounts: scan.stats.accounts, occurrences: scan.stats.occurrences })}\n`,
      );
    } catch (error) {
      skipped('scan', error);
    }

    try {
      const endpoints = await healthEndpoints({ endpoint: sandbox.url, env: {} });
      const api = new HealthApi(endpoints, { credentials: async () => SANDBOX_CREDENTIALS, maxAttempts: 2 });
      try {
        const health = await pullHealth({
          api,
          store,
          catalog,
          org: true,
          accountId: sandbox.scenario.organization.managementAccount,
          now: () => now,
          full: true,
        });
        io.err(`${m(lang, 'demo.health', { count: health.summary.occurrences })}\n`);
      } finally {
        api.destroy();
      }
    } catch (error) {
      skipped('AWS Health', error);
    }

    try {
      const mail = await ingestMail(store, demoMail(now), {
        catalog,
        now: () => now,
        parameters: { source: 'demo' },
        trust: { authservIds: [DEMO_AUTHSERV_ID] },
      });
      io.err(`${m(lang, 'demo.email', { count: mail.counts.recorded })}\n`);
    } catch (error) {
      skipped('email', error);
    }

    const sync = await refreshWorkItems(store, {
      catalog,
      now,
      ...(options.configPath ? { configPath: options.configPath } : {}),
    });
    io.err(
      `${m(lang, 'demo.workItems', { created: sync.created.length, linked: sync.linked - sync.created.length })}\n`,
    );

    const login = oneTimeLogin();
    const app = createApp({
      store,
      catalog,
      config: loadConfig(options.configPath),
      defaultLang: lang,
      login,
    });
    let server: RunningServer;
    try {
      server = await listen(app, { host: '127.0.0.1', port: options.port });
    } catch (error) {
      // Port taken (another opsradar?): any free port still gives a working demo.
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      server = await listen(app, { host: '127.0.0.1', port: 0 });
    }
    let receiver: DemoReceiver | undefined;
    try {
      const notified = await demoNotifications({
        store,
        kinds: (id) => catalog.get(id),
        dashboardUrl: server.url,
        now,
      });
      receiver = notified.receiver;
      const page = dashboardLink(server.url, 'notifications');
      io.err(`${m(lang, 'demo.notify', { sent: notified.summary.sent, url: receiver.url, page })}\n`);
    } catch (error) {
      skipped('notifications', error);
    }
    return {
      store,
      sandbox,
      server,
      loginUrl: oneTimeLoginUrl(server.url, login),
      ...(receiver ? { receiver } : {}),
      async close() {
        await receiver?.close();
        await server.close();
        await store.close();
        await sandbox.close();
      },
    };
  } catch (error) {
    await store.close();
    await sandbox.close();
    throw error;
  }
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'one-command demo: simulated AWS, a real scan, Health events, notification mails, dashboard / ワンコマンドデモ',
    )
    .option('--port <port>', 'dashboard port (a free one is used when taken)', '8080')
    .option('--keep', 'keep the previous demo database instead of starting fresh')
    .action(async (_opts: DemoOptions, cmd: Command) => {
      const opts = cmd.optsWithGlobals<DemoOptions>();
      const lang = resolveLang(opts.lang);
      const port = parsePort(opts.port);
      // A demo-specific file by default: the demo never mixes into the user's real data.
      let db = opts.db;
      if (!db) {
        mkdirSync(defaultDataDir(), { recursive: true });
        db = join(defaultDataDir(), 'demo.sqlite');
        if (!opts.keep)
          for (const suffix of ['', '-wal', '-shm']) if (existsSync(db + suffix)) rmSync(db + suffix);
        process.stderr.write(`${m(lang, 'demo.database', { path: db })}\n`);
      }
      const io: DemoIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };
      const demo = await runDemo({ port, db, lang, ...(opts.config ? { configPath: opts.config } : {}) }, io);
      io.out(`${m(lang, 'serve.listening', { url: demo.server.url })}\n`);
      io.out(`${m(lang, 'serve.loginUrl', { url: demo.loginUrl })}\n`);
      io.err(`${m(lang, 'serve.stop')}\n`);
      await untilStopped();
      await demo.close();
    });
}
