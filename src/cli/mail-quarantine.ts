import type { Command } from 'commander';
import type { Lang } from '../core/types.js';
import { resolveLang } from '../i18n/index.js';
import { emailMessages as m } from '../i18n/messages/email.js';
import { describeReason } from '../ingest/email/describe.js';
import { retryQuarantine } from '../ingest/email/ingest.js';
import { formatBytes } from '../ingest/email/limits.js';
import { type QuarantinedMail, quarantineRepository } from '../ingest/email/quarantine.js';
import { openStore, type Store } from '../store/index.js';
import { UserError } from './errors.js';
import { type MailCliIo, printable, printResult, processMailIo } from './ingest-mail.js';
import { type GlobalOptions, topCommand } from './options.js';

function summary(q: QuarantinedMail, lang: Lang): Record<string, unknown> {
  return {
    id: q.id,
    status: q.status,
    origin: q.origin,
    subject: q.subject,
    from: q.from,
    messageId: q.messageId,
    reason: q.reason.code,
    explanation: describeReason(lang, q.reason),
    detail: q.reason.detail,
    size: q.size,
    attempts: q.attempts,
    quarantinedAt: q.quarantinedAt,
    lastAttemptAt: q.lastAttemptAt,
    releasedAt: q.releasedAt,
    releasedKind: q.releasedKind,
  };
}

async function withStore<T>(db: string | undefined, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(db);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

type QuarantineOptions = GlobalOptions & { all?: boolean; raw?: boolean };

export function registerMailQuarantine(program: Command, io: MailCliIo = processMailIo): void {
  const quarantine = topCommand(program, 'mail')
    .command('quarantine')
    .description(
      'messages that could not be parsed or matched, kept whole / 解析・分類できずに隔離したメール (原文のまま保存)',
    );

  quarantine
    .command('list')
    .description('list quarantined messages / 隔離したメールを一覧表示します')
    .option('--all', 'include messages already released')
    .option('--format <format>', 'table or json', 'table')
    .action((_options: unknown, cmd: Command) =>
      listQuarantine(io, cmd.optsWithGlobals<QuarantineOptions>()),
    );

  quarantine
    .command('show')
    .description(
      'show one quarantined message, or print it whole with --raw / 隔離したメールを表示します (--raw で原文)',
    )
    .argument('<id>', 'id or unique id prefix')
    .option('--raw', 'print the original message bytes')
    .option('--format <format>', 'table or json', 'table')
    .action((id: string, _options: unknown, cmd: Command) =>
      showQuarantined(io, id, cmd.optsWithGlobals<QuarantineOptions>()),
    );

  quarantine
    .command('retry')
    .description(
      'classify quarantined messages again (after the catalog grew); those that match are stored and released / 隔離したメールを再分類し、一致したものを登録して解除します',
    )
    .argument('[ids...]', 'ids or unique id prefixes')
    .option('--all', 'retry every quarantined message')
    .action((ids: string[], _options: unknown, cmd: Command) =>
      retryQuarantined(io, ids, cmd.optsWithGlobals<QuarantineOptions>()),
    );
}

async function listQuarantine(io: MailCliIo, opts: QuarantineOptions): Promise<void> {
  const lang = resolveLang(opts.lang);
  const list = await withStore(opts.db, (store) =>
    quarantineRepository(store).list({ status: opts.all ? 'all' : 'quarantined' }),
  );
  if (opts.format === 'json') {
    io.out(
      `${JSON.stringify(
        list.map((q) => summary(q, lang)),
        null,
        2,
      )}\n`,
    );
    return;
  }
  if (list.length === 0) {
    io.out(`${m(lang, 'quarantine.empty')}\n`);
    return;
  }
  io.out(`${m(lang, 'quarantine.header')}\n`);
  for (const q of list) {
    io.out(
      `${m(lang, 'quarantine.row', {
        id: q.id.slice(0, 8),
        at: q.quarantinedAt.slice(0, 19).replace('T', ' '),
        size: formatBytes(q.size).padEnd(8),
        attempts: String(q.attempts).padStart(5),
        reason: printable(describeReason(lang, q.reason)),
        subject: printable(q.subject ?? '-'),
      })}\n`,
    );
  }
}

async function showQuarantined(io: MailCliIo, id: string, opts: QuarantineOptions): Promise<void> {
  const lang = resolveLang(opts.lang);
  const entry = await withStore(opts.db, (store) => quarantineRepository(store).get(id));
  if (!entry) throw new UserError(m(lang, 'quarantine.notFound', { id }), 'MAIL_QUARANTINE_NOT_FOUND');
  if (opts.raw) {
    io.out(entry.raw);
    return;
  }
  if (opts.format === 'json') {
    io.out(`${JSON.stringify(summary(entry, lang), null, 2)}\n`);
    return;
  }
  const rows: Array<[string, string]> = [
    [m(lang, 'show.id'), entry.id],
    [m(lang, 'show.status'), entry.status],
    [m(lang, 'show.subject'), entry.subject ?? '-'],
    [m(lang, 'show.from'), entry.from ?? '-'],
    [m(lang, 'show.messageId'), entry.messageId ?? '-'],
    [m(lang, 'show.origin'), entry.origin],
    [m(lang, 'show.reason'), describeReason(lang, entry.reason)],
    [m(lang, 'show.size'), formatBytes(entry.size)],
    [m(lang, 'show.attempts'), String(entry.attempts)],
    [m(lang, 'show.quarantinedAt'), entry.quarantinedAt],
    [m(lang, 'show.lastAttemptAt'), entry.lastAttemptAt],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) io.out(`${label.padEnd(width)}  ${printable(value)}\n`);
  if (entry.releasedAt) {
    io.out(`${m(lang, 'show.released', { kind: entry.releasedKind ?? '-', at: entry.releasedAt })}\n`);
  }
}

async function retryQuarantined(io: MailCliIo, ids: string[], opts: QuarantineOptions): Promise<void> {
  const lang = resolveLang(opts.lang);
  if (!opts.all && ids.length === 0) {
    throw new UserError(m(lang, 'quarantine.nothingToRetry'), 'MAIL_QUARANTINE_NO_IDS');
  }
  const results = await withStore(opts.db, async (store) => {
    const repo = quarantineRepository(store);
    const resolved: string[] = [];
    for (const id of ids) {
      const entry = await repo.get(id);
      if (!entry) throw new UserError(m(lang, 'quarantine.notFound', { id }), 'MAIL_QUARANTINE_NOT_FOUND');
      resolved.push(entry.id);
    }
    return retryQuarantine(store, opts.all ? 'all' : resolved, {
      onResult: (result) => printResult(io, lang, result),
    });
  });
  const released = results.filter((r) => r.status === 'recorded' || r.status === 'unchanged').length;
  io.out(`${m(lang, 'quarantine.retrySummary', { released, total: results.length })}\n`);
  if (released < results.length) io.setExitCode(2);
}
