import type { Command } from 'commander';
import { configSection, loadConfig } from '../config/index.js';
import { resolveLang } from '../i18n/index.js';
import { emailMessages as m } from '../i18n/messages/email.js';
import { type ImapConfig, ImapError, ingestConfigSchema, ingestImap } from '../ingest/email/imap.js';
import type { IngestSummary } from '../ingest/email/ingest.js';
import { openStore } from '../store/index.js';
import { UserError } from './errors.js';
import {
  exitCodeFor,
  type MailCliIo,
  mailTrust,
  printResult,
  printSummary,
  processMailIo,
} from './ingest-mail.js';
import { type GlobalOptions, topCommand } from './options.js';
import { refreshWorkItems } from './workflow.js';

interface ImapCliOptions extends GlobalOptions {
  host?: string;
  port?: string;
  user?: string;
  folder?: string[];
  starttls?: boolean;
  caFile?: string;
}

export function registerIngestImap(program: Command, io: MailCliIo = processMailIo): void {
  topCommand(program, 'ingest')
    .command('imap')
    .description(
      'read new AWS notification emails from an IMAP mailbox over TLS (read-only; remembers the last UID) / IMAP メールボックスから新着の AWS 通知メールを TLS で読み込みます (読み取り専用、既読位置を記録)',
    )
    .option('--host <host>', 'IMAP server (config: ingest.imap.host)')
    .option('--port <port>', 'port (default 993, or 143 with --starttls)')
    .option('--user <user>', 'user name (config: ingest.imap.user); password from OPSRADAR_IMAP_PASSWORD')
    .option('--folder <folder...>', 'folders to read (default INBOX)')
    .option('--starttls', 'connect in clear text and require STARTTLS before logging in')
    .option('--ca-file <pem>', 'trust this CA / self-signed certificate (PEM)')
    .option('--format <format>', 'table or json', 'table')
    .action(async (_options: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<ImapCliOptions>();
      const lang = resolveLang(opts.lang);
      const fromFile = configSection(loadConfig(opts.config), 'ingest', ingestConfigSchema).imap;
      const config: ImapConfig = {
        ...fromFile,
        ...(opts.host ? { host: opts.host } : {}),
        ...(opts.port ? { port: Number(opts.port) } : {}),
        ...(opts.user ? { user: opts.user } : {}),
        ...(opts.folder?.length ? { folders: opts.folder } : {}),
        ...(opts.starttls ? { tls: 'starttls' as const } : {}),
        ...(opts.caFile ? { caFile: opts.caFile } : {}),
      };
      const missing = [!config.host && '--host / host', !config.user && '--user / user'].filter(Boolean);
      if (missing.length > 0) {
        throw new UserError(
          m(lang, 'error.imapConfig', { missing: missing.join(', ') }),
          'IMAP_NOT_CONFIGURED',
        );
      }
      const json = opts.format === 'json';
      const store = await openStore(opts.db);
      try {
        if (!json) {
          io.err(
            `${m(lang, 'imap.connecting', { host: config.host ?? '', port: config.port ?? (config.tls === 'implicit' ? 993 : 143), user: config.user ?? '' })}\n`,
          );
        }
        let folders: Awaited<ReturnType<typeof ingestImap>>;
        try {
          folders = await ingestImap(store, config, {
            trust: mailTrust(opts.config),
            ...(json ? {} : { onResult: (result) => printResult(io, lang, result) }),
            onFolder: (event) => {
              if (json) return;
              if (event.type === 'start') io.err(`${m(lang, 'imap.folder', { ...event })}\n`);
              else if (event.type === 'uidvalidity-changed')
                io.err(`${m(lang, 'imap.uidValidityChanged', { ...event })}\n`);
              else io.err(`${m(lang, 'imap.done', { ...event })}\n`);
            },
          });
        } catch (error) {
          if (error instanceof ImapError && error.code === 'IMAP_NO_SECRET') {
            throw new UserError(m(lang, 'error.imapPassword'), error.code);
          }
          throw error;
        }
        await refreshWorkItems(store, opts.config ? { configPath: opts.config } : {});
        if (json) {
          io.out(`${JSON.stringify(folders, null, 2)}\n`);
        }
        const total: IngestSummary = {
          runId: null,
          results: folders.flatMap((f) => f.summary.results),
          counts: { recorded: 0, unchanged: 0, quarantined: 0, failed: 0 },
        };
        for (const f of folders)
          for (const [k, v] of Object.entries(f.summary.counts))
            total.counts[k as keyof typeof total.counts] += v;
        if (!json) printSummary(io, lang, total);
        io.setExitCode(exitCodeFor(total));
      } finally {
        await store.close();
      }
    });
}
