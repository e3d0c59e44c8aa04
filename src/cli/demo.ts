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
import { topCommand } from './options.js';
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

type DemoOptionsIn = { port: number; db: string; lang: Lang; configPath?: string; now?: Date };

/** What every step needs: the store, the sandbox, the clock, the catalog and where to report. */
interface DemoStep {
  store: Store;
  sandbox: Sandbox;
  catalog: Catalog;
  now: Date;
  lang: Lang;
  io: DemoIo;
}

/** A step that fails is reported and skipped; nothing is made up to fill its place. */
async function step<T>(ctx: DemoStep, part: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    ctx.io.err(`${m(ctx.lang, 'demo.skipped', { part, reason })}\n`);
    return undefined;
  }
}

async function demoScan(ctx: DemoStep): Promise<void> {
  const scan = await runScan({
    store: ctx.store,
    aws: { endpoint: ctx.sandbox.url, credentials: SANDBOX_CREDENTIALS, region: 'us-east-1' },
    org: true,
    now: ctx.now,
    parameters: { demo: true, endpoint: ctx.sandbox.url },
  });
  const counts = { accounts: scan.stats.accounts, occurrences: scan.stats.occurrences };
  ctx.io.err(`${m(ctx.lang, 'demo.scan', counts)}\n`);
}

async function demoHealth(ctx: DemoStep): Promise<void> {
  const endpoints = await healthEndpoints({ endpoint: ctx.sandbox.url, env: {} });
  const api = new HealthApi(endpoints, { credentials: async () => SANDBOX_CREDENTIALS, maxAttempts: 2 });
  try {
    const health = await pullHealth({
      api,
      store: ctx.store,
      catalog: ctx.catalog,
      org: true,
      accountId: ctx.sandbox.scenario.organization.managementAccount,
      now: () => ctx.now,
      full: true,
    });
    ctx.io.err(`${m(ctx.lang, 'demo.health', { count: health.summary.occurrences })}\n`);
  } finally {
    api.destroy();
  }
}

async function demoMailStep(ctx: DemoStep): Promise<void> {
  const mail = await ingestMail(ctx.store, demoMail(ctx.now), {
    catalog: ctx.catalog,
    now: () => ctx.now,
    parameters: { source: 'demo' },
    trust: { authservIds: [DEMO_AUTHSERV_ID] },
  });
  ctx.io.err(`${m(ctx.lang, 'demo.email', { count: mail.counts.recorded })}\n`);
}

async function demoServer(ctx: DemoStep, options: DemoOptionsIn) {
  const login = oneTimeLogin();
  const fixed = options.now;
  const app = createApp({
    store: ctx.store,
    catalog: ctx.catalog,
    config: loadConfig(options.configPath),
    defaultLang: ctx.lang,
    login,
    // A test's injected day is the dashboard's today too; else the real clock.
    ...(fixed ? { now: () => fixed } : {}),
  });
  let server: RunningServer;
  try {
    server = await listen(app, { host: '127.0.0.1', port: options.port });
  } catch (error) {
    // Port taken (another opsradar?): any free port still gives a working demo.
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    server = await listen(app, { host: '127.0.0.1', port: 0 });
  }
  return { server, login };
}

async function demoNotify(ctx: DemoStep, dashboardUrl: string): Promise<DemoReceiver> {
  const notified = await demoNotifications({
    store: ctx.store,
    kinds: (id) => ctx.catalog.get(id),
    dashboardUrl,
    now: ctx.now,
  });
  const page = dashboardLink(dashboardUrl, 'notifications');
  const sent = notified.summary.sent;
  ctx.io.err(`${m(ctx.lang, 'demo.notify', { sent, url: notified.receiver.url, page })}\n`);
  return notified.receiver;
}

/**
 * Builds the demo world for real: the sandbox (simulated AWS over the real wire protocols), a real
 * scan through the AWS SDK, the demo AWS Health events through the Health API, the demo notification
 * mails through the mail classifier, then work items, served on SQLite. Dates are relative to `now`
 * (today by default), so the demo never goes stale.
 */
export async function runDemo(options: DemoOptionsIn, io: DemoIo): Promise<DemoResult> {
  const { lang } = options;
  const now = options.now ?? new Date();
  const catalog: Catalog = defaultCatalog({ configPath: options.configPath });
  const sandbox = await startSandbox({ scenario: 'demo', ...(options.now ? { now: options.now } : {}) });
  io.err(`${m(lang, 'demo.sandbox', { url: sandbox.url })}\n`);
  const store = await openStore(options.db);
  const ctx: DemoStep = { store, sandbox, catalog, now, lang, io };
  try {
    await step(ctx, 'scan', () => demoScan(ctx));
    await step(ctx, 'AWS Health', () => demoHealth(ctx));
    await step(ctx, 'email', () => demoMailStep(ctx));
    const sync = await refreshWorkItems(store, {
      catalog,
      now,
      ...(options.configPath ? { configPath: options.configPath } : {}),
    });
    const linked = sync.linked - sync.created.length;
    io.err(`${m(lang, 'demo.workItems', { created: sync.created.length, linked })}\n`);
    const { server, login } = await demoServer(ctx, options);
    const receiver = await step(ctx, 'notifications', () => demoNotify(ctx, server.url));
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
  topCommand(program, 'demo')
    .option('--port <port>', 'dashboard port (a free one is used when taken)', '8080')
    .option('--keep', 'keep the previous demo database instead of starting fresh')
    .action(async (_opts: DemoOptions, cmd: Command) => {
      const opts = cmd.optsWithGlobals<DemoOptions>();
      const lang = resolveLang(opts.lang);
      const port = parsePort(opts.port, lang);
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
