import type { Command } from 'commander';
import { defaultCatalog } from '../catalog/index.js';
import { loadConfig } from '../config/index.js';
import type { Lang } from '../core/types.js';
import { resolveLang } from '../i18n/index.js';
import { serverText as m } from '../i18n/messages/server.js';
import { createApp, SERVER_STORE_OPTIONS } from '../server/app.js';
import { DEFAULT_TIME_ZONE } from '../server/dashboard/format.js';
import { DEFAULT_DRAIN_MS, isLoopback, listen, type RunningServer } from '../server/listen.js';
import { oneTimeLogin, oneTimeLoginUrl } from '../server/sessions.js';
import { openStore } from '../store/index.js';
import { UserError } from './errors.js';
import { startServeNotifier } from './notify.js';
import { topCommand } from './options.js';
import { resolveTimeZone } from './workflow.js';

interface ServeOptions {
  host: string;
  port: string;
  trustProxy?: boolean;
  tz?: string;
  lang?: string;
  db?: string;
  config?: string;
}

export function parsePort(value: string, lang: Lang): number {
  const port = Number(value);
  if (value.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UserError(m(lang, 'serve.badPort', { value }), 'USAGE', 2);
  }
  return port;
}

/** Resolves when the process is asked to stop (Ctrl+C, SIGTERM). */
export function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/** Lets the requests in progress finish (with a deadline) before the store closes under them. */
export async function stopServing(server: RunningServer, lang: Lang): Promise<void> {
  if (server.inFlight() > 0) {
    const seconds = DEFAULT_DRAIN_MS / 1000;
    process.stderr.write(`${m(lang, 'serve.draining', { count: server.inFlight(), seconds })}\n`);
  }
  await server.close({ deadlineMs: DEFAULT_DRAIN_MS });
}

export function registerServe(program: Command): void {
  topCommand(program, 'serve')
    .option('--host <host>', 'address to listen on; beyond loopback every request needs a token', '127.0.0.1')
    .option('--port <port>', 'port (0 picks a free one)', '8080')
    .option('--tz <zone>', `time zone until the browser reports its own (default ${DEFAULT_TIME_ZONE})`)
    .option(
      '--trust-proxy',
      'a reverse proxy in front terminates https and sets X-Forwarded-Proto (session cookies become Secure)',
    )
    .action(async (_opts: ServeOptions, cmd: Command) => {
      const opts = cmd.optsWithGlobals<ServeOptions>();
      const lang = resolveLang(opts.lang);
      const port = parsePort(opts.port, lang);
      // Only a zone given here is checked: without one the browser's own zone applies.
      if (opts.tz) resolveTimeZone(lang, opts.tz);
      const config = loadConfig(opts.config);
      const catalog = defaultCatalog({ configPath: opts.config });
      // Requests never wait long on another writer (503 + Retry-After), and acknowledged writes are on disk.
      const store = await openStore(opts.db, SERVER_STORE_OPTIONS);
      const requireAuth = !isLoopback(opts.host);
      const login = oneTimeLogin();
      const notifier = startServeNotifier(store, config, catalog, lang);
      try {
        const app = createApp({
          onIngested: () => notifier?.trigger(),
          store,
          catalog,
          config,
          requireAuth,
          login,
          trustProxy: opts.trustProxy === true,
          defaultLang: lang,
          ...(opts.tz ? { timeZone: opts.tz } : {}),
        });
        const server = await listen(app, { host: opts.host, port });
        process.stdout.write(`${m(lang, 'serve.listening', { url: server.url })}\n`);
        process.stdout.write(`${m(lang, 'serve.loginUrl', { url: oneTimeLoginUrl(server.url, login) })}\n`);
        if (requireAuth) {
          process.stderr.write(`${m(lang, 'serve.tokenRequired', { host: opts.host })}\n`);
        } else {
          process.stderr.write(`${m(lang, 'serve.readOnly')}\n`);
        }
        process.stderr.write(`${m(lang, 'serve.stop')}\n`);
        await untilStopped();
        await stopServing(server, lang);
      } finally {
        await notifier?.stop();
        await store.close();
      }
    });
}
