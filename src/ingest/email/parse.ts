import { type AddressObject, simpleParser } from 'mailparser';
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

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** HTML to text for extraction: cells and blocks become separators, so ids and dates stay apart. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(td|th)\s*>/gi, '\t')
    .replace(/<\/(p|div|tr|li|h[1-6]|table|blockquote|pre|section)\s*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
      if (entity.startsWith('#x') || entity.startsWith('#X'))
        return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
      if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
      return ENTITIES[entity.toLowerCase()] ?? whole;
    })
    .replace(/[ \t]*\n[ \t]*/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export async function parseMail(raw: Buffer, limits: MailLimits = defaultMailLimits): Promise<ParseOutcome> {
  if (raw.length === 0 || raw.toString('latin1').trim() === '') {
    return { ok: false, reason: { code: 'empty', detail: {} } };
  }
  const scan = scanMime(raw, limits);
  if (scan.violation) return { ok: false, reason: scan.violation };
  if (!/^[\x21-\x39\x3b-\x7e]+[ \t]*:/m.test(scan.topHeaders)) {
    return { ok: false, reason: { code: 'unparseable', detail: { error: 'no header fields' } } };
  }
  const input = applyCharsetFixes(raw, scan.charsetFixes);
  let parsed: Awaited<ReturnType<typeof simpleParser>>;
  try {
    parsed = await simpleParser(input, { skipImageLinks: true, skipTextLinks: true, skipTextToHtml: true });
  } catch (error) {
    return { ok: false, reason: { code: 'unparseable', detail: { error: (error as Error).message } } };
  }
  let subject = parsed.subject ?? '';
  if (needsRawDecode(subject))
    subject = decodeRawHeaderBytes(rawHeader(scan.topHeaders, 'subject') ?? subject);
  let { address: from, name: fromName } = firstAddress(parsed.from);
  if (fromName && needsRawDecode(fromName)) {
    const decoded = decodeRawHeaderBytes(rawHeader(scan.topHeaders, 'from') ?? '');
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
