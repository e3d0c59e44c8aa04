import { type AddressObject, simpleParser } from 'mailparser';
import { htmlToText } from './html-text.js';
import { defaultMailLimits, type MailLimits, type QuarantineReason } from './limits.js';
import { applyCharsetFixes, type CharsetFix, decodeRawHeaderBytes, scanMime } from './mime-scan.js';

/** What the rest of the email code needs from one message, decoded. */
export interface ParsedMail {
  messageId: string | null;
  subject: string;
  /** Sender address, lower-case. */
  from: string | null;
  fromName: string | null;
  /** Date header, UTC ISO-8601. */
  date: string | null;
  /** Plain text body; HTML-only mail is converted with table cells kept apart. */
  text: string;
  authenticationResults: string[];
  /** Attached messages (message/rfc822), raw, for unwrapping forwards. */
  attachedMessages: Buffer[];
  charsetFixes: CharsetFix[];
}

export type ParseOutcome = { ok: true; mail: ParsedMail } | { ok: false; reason: QuarantineReason };

function firstAddress(value: AddressObject | AddressObject[] | undefined): {
  address: string | null;
  name: string | null;
} {
  const object = Array.isArray(value) ? value[0] : value;
  const entry = object?.value[0];
  return { address: entry?.address?.toLowerCase() || null, name: entry?.name || null };
}

/** Japanese mailers sometimes send Subject/From unencoded; the parser then leaves escapes or mojibake. */
function rawHeader(topHeaders: string, name: string): string | null {
  const unfolded = topHeaders.replace(/\r?\n[ \t]+/g, ' ');
  const m = new RegExp(`^${name}[ \\t]*:[ \\t]*(.*)$`, 'im').exec(unfolded);
  return m?.[1]?.trim() ?? null;
}

function needsRawDecode(value: string): boolean {
  return value.includes('\x1b') || value.includes('\ufffd');
}

/**
 * The raw header decoded, when it really was sent as raw 8-bit or bare ISO-2022-JP bytes; a header
 * the parser decoded from encoded-words (which may carry U+FFFD) keeps the parser's value.
 */
function rawDecoded(topHeaders: string, name: string, parsedValue: string): string {
  const raw = rawHeader(topHeaders, name);
  if (raw === null || !(raw.includes('\x1b') || /[\x80-\xff]/.test(raw))) return parsedValue;
  return decodeRawHeaderBytes(raw);
}

/** mailparser never settles on some malformed structures (nodemailer/mailparser#190, #263): bound the wait. */
async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export { htmlToText } from './html-text.js';

export async function parseMail(raw: Buffer, limits: MailLimits = defaultMailLimits): Promise<ParseOutcome> {
  if (raw.length <= 4096 && raw.toString('latin1').trim() === '') {
    return { ok: false, reason: { code: 'empty', detail: {} } };
  }
  const scan = scanMime(raw, limits);
  if (scan.violation) return { ok: false, reason: scan.violation };
  if (!/^[\x21-\x39\x3b-\x7e]+[ \t]*:/m.test(scan.topHeaders)) {
    return { ok: false, reason: { code: 'unparseable', detail: { error: 'no header fields' } } };
  }
  const input = applyCharsetFixes(raw, scan.charsetFixes);
  let parsed: Awaited<ReturnType<typeof simpleParser>> | 'timeout';
  try {
    const options = { skipImageLinks: true, skipTextLinks: true, skipTextToHtml: true, skipHtmlToText: true };
    parsed = await withDeadline(simpleParser(input, options), limits.timeBudgetMs);
  } catch (error) {
    return { ok: false, reason: { code: 'unparseable', detail: { error: (error as Error).message } } };
  }
  if (parsed === 'timeout') {
    return {
      ok: false,
      reason: { code: 'over-budget', detail: { limit: limits.timeBudgetMs, step: 'parse' } },
    };
  }
  let subject = parsed.subject ?? '';
  if (needsRawDecode(subject)) subject = rawDecoded(scan.topHeaders, 'subject', subject);
  let { address: from, name: fromName } = firstAddress(parsed.from);
  if (fromName && needsRawDecode(fromName)) {
    const decoded = rawDecoded(scan.topHeaders, 'from', fromName);
    fromName =
      decoded
        .replace(/<[^>]*>/, '')
        .replace(/"/g, '')
        .trim() || fromName;
  }
  const hasPlain = scan.inlineTypes.includes('text/plain');
  const html = typeof parsed.html === 'string' ? parsed.html : '';
  let text = hasPlain || !html ? (parsed.text ?? '') : htmlToText(html);
  if (text.includes('\x1b')) text = decodeRawHeaderBytes(text);
  const authenticationResults = parsed.headerLines
    .filter((h) => h.key === 'authentication-results')
    .map((h) => h.line.replace(/^[^:]*:\s*/, ''));
  const attachedMessages = parsed.attachments
    .filter((a) => a.contentType === 'message/rfc822' || a.contentType === 'message/global')
    .map((a) => a.content);
  const messageId = parsed.messageId?.replace(/^<|>$/g, '').trim() || null;
  return {
    ok: true,
    mail: {
      messageId,
      subject: subject.trim(),
      from,
      fromName,
      date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.toISOString() : null,
      text: text.replace(/\r\n/g, '\n'),
      authenticationResults,
      attachedMessages,
      charsetFixes: scan.charsetFixes,
    },
  };
}

function decodeEncodedWords(value: string): string {
  return value.replace(
    /=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*(?==\?)?/g,
    (whole, charset: string, encoding: string, text: string) => {
      const bytes =
        encoding.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(
              text
                .replace(/_/g, ' ')
                .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) =>
                  String.fromCharCode(Number.parseInt(hex, 16)),
                ),
              'latin1',
            );
      try {
        return new TextDecoder(charset.toLowerCase()).decode(bytes);
      } catch {
        return whole;
      }
    },
  );
}

/**
 * Subject, sender and Message-ID read straight from the header block, for messages the parser
 * refused (too large, truncated): the quarantine list should still say what they are.
 */
export function peekHeaders(raw: Buffer): {
  subject: string | null;
  from: string | null;
  messageId: string | null;
} {
  const head = raw.subarray(0, 64 * 1024).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const block = (end < 0 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const get = (name: string): string | null => {
    const m = new RegExp(`^${name}[ \\t]*:[ \\t]*(.*)$`, 'im').exec(block);
    return m?.[1] ? decodeEncodedWords(decodeRawHeaderBytes(m[1].trim())) : null;
  };
  const from = get('from');
  const address = from
    ? (/<([^<>\s]+@[^<>\s]+)>/.exec(from)?.[1] ?? /\S+@\S+/.exec(from)?.[0] ?? null)
    : null;
  return {
    subject: get('subject'),
    from: address?.toLowerCase() ?? null,
    messageId: get('message-id')?.replace(/^<|>$/g, '') ?? null,
  };
}
