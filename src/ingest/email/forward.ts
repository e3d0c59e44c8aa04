import { parseDate } from './dates.js';

/** Subject prefixes mail clients add when replying or forwarding, in English, Japanese and others. */
const PREFIX =
  /^\s*(?:(?:fwd?|fw|re|aw|wg|tr|rv|sv|vs|転送|返信|答复|回复)\s*(?:\[\d+\])?\s*[:：]\s*|\[(?:fwd?|fw)\s*:\s*)/i;

export function stripSubjectPrefixes(subject: string): { subject: string; forwarded: boolean } {
  let rest = subject.trim();
  let forwarded = false;
  for (let i = 0; i < 10; i += 1) {
    const m = PREFIX.exec(rest);
    if (!m) break;
    if (/^\s*(?:fwd?|fw|転送|wg|tr|\[)/i.test(m[0])) forwarded = true;
    rest = rest.slice(m[0].length).trim();
    if (m[0].trim().startsWith('[')) rest = rest.replace(/\]\s*$/, '').trim();
  }
  return { subject: rest, forwarded };
}

/** Separator lines that start a quoted forward in Gmail, Outlook, Apple Mail, Thunderbird and Japanese mailers. */
const MARKERS: readonly RegExp[] = [
  /^[ \t>]*-{2,}\s*Forwarded message\s*-{2,}[ \t]*$/im,
  /^[ \t>]*-{2,}\s*Original Message\s*-{2,}[ \t]*$/im,
  /^[ \t>]*Begin forwarded message:[ \t]*$/im,
  /^[ \t>]*-{2,}\s*(?:転送(?:された)?メッセージ|元のメッセージ|Forwarded Message)\s*-{2,}[ \t]*$/im,
  /^[ \t>]*[-=]{2,}\s*Original\s*[-=]{2,}[ \t]*$/im,
  /^[ \t>]*_{10,}[ \t]*$/m,
];

const BARE_HEADER_BLOCK =
  /^[ \t>]*(?:From|差出人|送信者)\s*[:：].*\r?\n(?:.*\r?\n){0,4}?[ \t>]*(?:Subject|件名)\s*[:：]/im;

const FIELD_NAMES: Record<string, 'from' | 'date' | 'subject' | 'to'> = {
  from: 'from',
  差出人: 'from',
  送信者: 'from',
  送信元: 'from',
  date: 'date',
  sent: 'date',
  日付: 'date',
  送信日時: 'date',
  日時: 'date',
  subject: 'subject',
  件名: 'subject',
  題名: 'subject',
  to: 'to',
  宛先: 'to',
  cc: 'to',
};

export interface InlineForward {
  from: string | null;
  fromName: string | null;
  date: string | null;
  subject: string | null;
  body: string;
}

function unquote(lines: string[]): string[] {
  const quoted = lines.filter((l) => l.trim() !== '');
  if (quoted.length > 0 && quoted.every((l) => l.startsWith('>')))
    return lines.map((l) => l.replace(/^> ?/, ''));
  return lines;
}

function address(value: string): { address: string | null; name: string | null } {
  const angled = /<([^<>\s]+@[^<>\s]+)>/.exec(value);
  const bare = /([^\s<>"'[\]()]+@[^\s<>"'[\]()]+\.[a-z]{2,})/i.exec(value);
  const found = angled?.[1] ?? bare?.[1] ?? null;
  const name = angled ? value.slice(0, angled.index).replace(/["']/g, '').trim() || null : null;
  return { address: found ? found.replace(/^mailto:/i, '').toLowerCase() : null, name };
}

/**
 * Finds a forwarded message quoted in the body and returns its own From/Date/Subject and body.
 * Only the first (outermost) forward is returned; call again on its body for nested forwards.
 */
export function findInlineForward(
  text: string,
  options: { bareHeaderBlock?: boolean } = {},
): InlineForward | null {
  let best: { index: number; length: number } | null = null;
  for (const marker of MARKERS) {
    const m = marker.exec(text);
    if (m && (!best || m.index < best.index)) best = { index: m.index, length: m[0].length };
  }
  if (!best && options.bareHeaderBlock) {
    // Some clients quote the original's From/Subject lines with no separator line at all.
    const bare = BARE_HEADER_BLOCK.exec(text);
    if (bare) best = { index: bare.index, length: 0 };
  }
  if (!best) return null;
  const after = text.slice(best.index + best.length).replace(/^\r?\n/, '');
  const lines = unquote(after.split(/\r?\n/));
  const fields: Partial<Record<'from' | 'date' | 'subject' | 'to', string>> = {};
  let i = 0;
  while (i < lines.length && (lines[i] ?? '').trim() === '') i += 1;
  let last: 'from' | 'date' | 'subject' | 'to' | null = null;
  for (; i < lines.length; i += 1) {
    const line = (lines[i] ?? '').replace(/^\*+|\*+$/g, '');
    if (line.trim() === '') break;
    const m = /^\s*\*?([^:：]{1,20}?)\*?\s*[:：]\s*(.*)$/.exec(line);
    const field = m ? FIELD_NAMES[(m[1] ?? '').trim().toLowerCase()] : undefined;
    if (m && field) {
      fields[field] = (m[2] ?? '').trim();
      last = field;
    } else if (last && /^\s+/.test(line)) {
      fields[last] = `${fields[last] ?? ''} ${line.trim()}`;
    } else {
      break;
    }
  }
  if (!fields.from && !fields.subject) return null;
  const sender = fields.from ? address(fields.from) : { address: null, name: null };
  const body = lines.slice(i).join('\n').trim();
  return {
    from: sender.address,
    fromName: sender.name,
    date: fields.date ? parseDate(fields.date) : null,
    subject: fields.subject ?? null,
    body,
  };
}
