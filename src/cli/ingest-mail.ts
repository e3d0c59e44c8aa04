import type { Command } from 'commander';
import { configSection, loadConfig } from '../config/index.js';
import type { Lang } from '../core/types.js';
import { resolveLang } from '../i18n/index.js';
import { emailMessages as m } from '../i18n/messages/email.js';
import { describeReason } from '../ingest/email/describe.js';
import { type IngestItemResult, type IngestSummary, ingestMail } from '../ingest/email/ingest.js';
import { readMailSources } from '../ingest/email/sources.js';
import { type MailTrustOptions, mailTrustConfigSchema } from '../ingest/email/trust.js';
import { openStore } from '../store/index.js';
import { UserError } from './errors.js';
import { type GlobalOptions, ingestFilesCommand } from './options.js';
import { refreshWorkItems } from './workflow.js';

/** Where the mail commands write; tests pass their own to run the real program in process. */
export interface MailCliIo {
  /** Bytes are written as they are (`mail quarantine show --raw`). */
  out(text: string | Uint8Array): void;
  err(text: string): void;
  setExitCode(code: number): void;
}

export const processMailIo: MailCliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

/** Subjects come from strangers: control characters (terminal escapes) are never printed as they are. */
export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\ufffd');
}

export function printResult(io: MailCliIo, lang: Lang, result: IngestItemResult): void {
  const trust =
    result.verified === null ? '-' : m(lang, result.verified ? 'trust.verified' : 'trust.unverified');
  io.out(
    `${m(lang, 'line.item', {
      status: m(lang, `status.${result.status}`),
      kind: result.kind ?? '-',
      trust,
      subject: printable(result.subject ?? '-'),
      origin: printable(result.origin),
    })}\n`,
  );
  if (result.reason)
    io.out(`${m(lang, 'line.reason', { reason: printable(describeReason(lang, result.reason)) })}\n`);
  if (result.error) io.out(`${m(lang, 'line.error', { error: result.error })}\n`);
}

export function printSummary(io: MailCliIo, lang: Lang, summary: IngestSummary): void {
  const total = summary.results.length;
  io.out(`${m(lang, 'summary.ingest', { total, ...summary.counts })}\n`);
  if (summary.counts.quarantined > 0) io.out(`${m(lang, 'summary.quarantineHint')}\n`);
}

/** 0: everything stored; 2: some messages went to the quarantine; 1: some could not be stored at all. */
export function exitCodeFor(summary: IngestSummary): number {
  if (summary.counts.failed > 0) return 1;
  if (summary.counts.quarantined > 0) return 2;
  return 0;
}

/** Whose Authentication-Results count: `mail.authservId` in config.yaml. */
export function mailTrust(configPath: string | undefined): MailTrustOptions {
  const section = configSection(loadConfig(configPath), 'mail', mailTrustConfigSchema);
  return { authservIds: section.authservId };
}

export function registerIngestMail(program: Command, io: MailCliIo = processMailIo): void {
  ingestFilesCommand(program, 'mail').action(async (paths: string[], _options: unknown, cmd: Command) => {
    const opts = cmd.optsWithGlobals<GlobalOptions>();
    const lang = resolveLang(opts.lang);
    if (paths.length === 0) throw new UserError(m(lang, 'error.noPaths'), 'MAIL_NO_PATHS');
    const json = opts.format === 'json';
    const store = await openStore(opts.db);
    try {
      const summary = await ingestMail(store, readMailSources(paths), {
        parameters: { paths: paths.join(' ') },
        trust: mailTrust(opts.config),
        ...(json ? {} : { onResult: (result) => printResult(io, lang, result) }),
      });
      await refreshWorkItems(store, opts.config ? { configPath: opts.config } : {});
      if (json) io.out(`${JSON.stringify(summary, null, 2)}\n`);
      else printSummary(io, lang, summary);
      io.setExitCode(exitCodeFor(summary));
    } finally {
      await store.close();
    }
  });
}
