import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { resolveLang } from '../i18n/index.js';
import { emailMessages as m } from '../i18n/messages/email.js';
import { classifyEmail } from '../ingest/email/classify.js';
import { describeReason, describeTrust } from '../ingest/email/describe.js';
import { classifyDefinition } from './classify-definitions.js';
import { UserError } from './errors.js';
import { type MailCliIo, mailTrust, processMailIo } from './ingest-mail.js';
import type { GlobalOptions } from './options.js';

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function registerClassifyEmail(
  program: Command,
  io: MailCliIo = processMailIo,
  stdin: () => Promise<Buffer> = readStdin,
): void {
  classifyDefinition(program, 'email').action((file: string, _options: unknown, cmd: Command) =>
    classifyEmailAction(file, cmd, io, stdin),
  );
}

/** `classify email FILE`: prints what the email becomes, stores nothing. */
export async function classifyEmailAction(
  file: string,
  cmd: Command,
  io: MailCliIo = processMailIo,
  stdin: () => Promise<Buffer> = readStdin,
): Promise<void> {
  const opts = cmd.optsWithGlobals<GlobalOptions>();
  const lang = resolveLang(opts.lang);
  let raw: Buffer;
  try {
    raw = file === '-' ? await stdin() : readFileSync(file);
  } catch (error) {
    const message = (error as Error).message;
    throw new UserError(
      file === '-'
        ? m(lang, 'error.stdin', { error: message })
        : m(lang, 'error.file', { file, error: message }),
      'MAIL_READ_FAILED',
    );
  }
  const outcome = await classifyEmail(raw, { trust: mailTrust(opts.config) });
  const c = outcome.classification;
  const printed = {
    kind: c?.kind ?? null,
    category: c?.category ?? null,
    confidence: c?.confidence ?? null,
    score: c?.score ?? null,
    matchedBy: c?.matchedBy ?? null,
    phrases: c?.phrases ?? [],
    subject: c?.subject ?? null,
    from: c?.from ?? null,
    date: c?.date ?? null,
    messageId: c?.messageId ?? null,
    sourceRef: c?.sourceRef ?? null,
    trust: c
      ? {
          verified: c.trust.verified,
          reason: c.trust.reason,
          explanation: describeTrust(lang, c.trust),
          sender: c.trust.sender,
          domain: c.trust.domain,
          forwarded: c.trust.forwarded,
          forwardedBy: c.trust.forwardedBy,
          authenticationResults: c.trust.auth,
        }
      : null,
    accountId: c?.accountId ?? null,
    region: c?.region ?? null,
    resources: c?.resources ?? [],
    dates: c?.dates ?? null,
    notes: c?.notes ?? [],
    quarantine:
      outcome.status === 'quarantine'
        ? {
            reason: outcome.reason.code,
            explanation: describeReason(lang, outcome.reason),
            detail: outcome.reason.detail,
          }
        : null,
  };
  io.out(`${JSON.stringify(printed, null, 2)}\n`);
}
