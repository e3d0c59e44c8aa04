import type { Command } from 'commander';
import { defaultCatalog } from '../catalog/index.js';
import { loadConfig } from '../config/index.js';
import { resolveLang } from '../i18n/index.js';
import { serverText as m } from '../i18n/messages/server.js';
import { createApp } from '../server/app.js';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../server/dashboard/format.js';
import { isLoopback, listen } from '../server/listen.js';
import { tokenStore } from '../server/tokens.js';
import { openStore } from '../store/index.js';
import { UserError } from './errors.js';

interface ServeOptions {
  host: string;
  port: string;
  tz?: string;
  lang?: string;
  db?: string;
  config?: string;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UserError(`--port must be 0-65535 (got "${value}")`, 'USAGE', 2);
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

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'serve the dashboard, REST API and calendar feed / ダッシュボード・REST API・カレンダー配信を提供します',
    )
    .option('--host <host>', 'address to listen on; beyond loopback every request needs a token', '127.0.0.1')
    .option('--port <port>', 'port (0 picks a free one)', '8080')
    .option('--tz <zone>', `time zone until the browser reports its own (default ${DEFAULT_TIME_ZONE})`)
    .action(async (_opts: ServeOptions, cmd: Command) => {
      const opts = cmd.optsWithGlobals<ServeOptions>();
      const lang = resolveLang(opts.lang);
      const port = parsePort(opts.port);
      if (opts.tz && !isTimeZone(opts.tz)) throw new UserError(`unknown time zone: ${opts.tz}`, 'USAGE', 2);
      const config = loadConfig(opts.config);
      const catalog = defaultCatalog({ configPath: opts.config });
      const store = await openStore(opts.db);
      const requireAuth = !isLoopback(opts.host);
      try {
        const app = createApp({
          store,
          catalog,
          config,
          requireAuth,
          defaultLang: lang,
          ...(opts.tz ? { timeZone: opts.tz } : {}),
        });
        const server = await listen(app, { host: opts.host, port });
        process.stdout.write(`${m(lang, 'serve.listening', { url: server.url })}\n`);
        if (requireAuth) {
          process.stderr.write(`${m(lang, 'serve.tokenRequired', { host: opts.host })}\n`);
          if (!(await tokenStore(store.apiTokens).any()))
            process.stderr.write(`${m(lang, 'serve.noTokens')}\n`);
        }
        process.stderr.write(`${m(lang, 'serve.stop')}\n`);
        await untilStopped();
        await server.close();
      } finally {
        await store.close();
      }
    });
}
