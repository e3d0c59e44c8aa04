import { formatBytes, type MailLimits, type QuarantineReason } from './limits.js';

/**
 * A cheap walk over the raw MIME structure, done before the real parser runs: it enforces the
 * limits (a hostile message must be refused before it is decoded into memory) and finds text
 * parts whose declared charset does not fit their bytes, so the parser can be told the truth.
 * It parses nothing else; mailparser does the real work.
 */
export interface MimeScan {
  parts: number;
  depth: number;
  /** First limit or structural problem found, or null. */
  violation: QuarantineReason | null;
  /** Text parts whose charset label was wrong: declared → what the bytes are. */
  charsetFixes: CharsetFix[];
  /** Top-level header block, bytes as latin1 (for raw 8-bit headers the parser cannot decode). */
  topHeaders: string;
  /** Media types of the leaf parts that are not attachments (text/plain, text/html). */
  inlineTypes: string[];
}

export interface CharsetFix {
  /** Offsets of the part's header block in the message. */
  headerStart: number;
  headerEnd: number;
  declared: string;
  detected: string;
}

interface Headers {
  contentType: string;
  params: Map<string, string>;
  disposition: string;
  dispositionParams: Map<string, string>;
  transferEncoding: string;
}

const BLANK_LINE = /\r?\n\r?\n/g;

export function scanMime(raw: Buffer, limits: MailLimits): MimeScan {
  const text = raw.toString('latin1');
  const scan: MimeScan = {
    parts: 0,
    depth: 0,
    violation: null,
    charsetFixes: [],
    topHeaders: '',
    inlineTypes: [],
  };
  if (raw.length > limits.maxMessageBytes) {
    // Still walk the structure when it is cheap enough, to name the attachment responsible.
    if (raw.length <= limits.maxMessageBytes * 4) walk(text, 0, text.length, 0, limits, scan);
    if (!scan.violation) {
      scan.violation = {
        code: 'too-large',
        detail: { size: formatBytes(raw.length), limit: formatBytes(limits.maxMessageBytes) },
      };
    }
    return scan;
  }
  walk(text, 0, text.length, 0, limits, scan);
  return scan;
}

function walk(
  text: string,
  start: number,
  end: number,
  depth: number,
  limits: MailLimits,
  scan: MimeScan,
): void {
  if (scan.violation) return;
  scan.parts += 1;
  scan.depth = Math.max(scan.depth, depth);
  if (scan.parts > limits.maxParts) {
    scan.violation = { code: 'too-many-parts', detail: { limit: limits.maxParts } };
    return;
  }
  if (depth > limits.maxDepth) {
    scan.violation = { code: 'too-deep', detail: { limit: limits.maxDepth } };
    return;
  }
  const { headerEnd, bodyStart } = splitHeader(text, start, end);
  if (headerEnd - start > limits.maxHeaderBytes) {
    scan.violation = {
      code: 'headers-too-large',
      detail: { size: formatBytes(headerEnd - start), limit: formatBytes(limits.maxHeaderBytes) },
    };
    return;
  }
  const headerText = text.slice(start, headerEnd);
  if (depth === 0) scan.topHeaders = headerText;
  const headers = parseHeaders(headerText);
  const [mainType] = headers.contentType.split('/');

  if (mainType === 'multipart') {
    const boundary = headers.params.get('boundary');
    if (!boundary) return; // the parser treats it as a single text part
    const delimiter = `--${boundary}`;
    const positions: number[] = [];
    let closed = false;
    let from = bodyStart;
    while (from < end) {
      const at = text.indexOf(delimiter, from);
      if (at < 0 || at >= end) break;
      const atLineStart = at === bodyStart || text[at - 1] === '\n';
      // "--b1" must not match "--b10": a delimiter is followed by "--" or by the end of its line.
      const after = at + delimiter.length;
      const isDelimiter =
        text.startsWith('--', after) ||
        /^[ \t]*(?:\r?\n|$)/.test(text.slice(after, Math.min(end, after + 80)));
      if (atLineStart && isDelimiter) {
        if (text.startsWith(`${delimiter}--`, at)) {
          positions.push(at);
          closed = true;
          break;
        }
        positions.push(at);
      }
      from = at + delimiter.length;
    }
    if (positions.length === 0) {
      scan.violation = { code: 'truncated', detail: { part: headers.contentType, what: 'no-parts' } };
      return;
    }
    for (let i = 0; i < positions.length; i += 1) {
      const delimiterAt = positions[i] as number;
      if (closed && i === positions.length - 1) break;
      const lineEnd = text.indexOf('\n', delimiterAt);
      if (lineEnd < 0 || lineEnd >= end) break;
      const partStart = lineEnd + 1;
      const next = positions[i + 1];
      let partEnd = next ?? end;
      // The CRLF before a delimiter belongs to the delimiter.
      if (next !== undefined) {
        if (text[partEnd - 1] === '\n') partEnd -= 1;
        if (text[partEnd - 1] === '\r') partEnd -= 1;
      }
      walk(text, partStart, Math.max(partStart, partEnd), depth + 1, limits, scan);
      if (scan.violation) return;
    }
    if (!closed) {
      scan.violation = {
        code: 'truncated',
        detail: { part: headers.contentType, what: 'no-closing-boundary' },
      };
    }
    return;
  }

  if (headers.contentType === 'message/rfc822' || headers.contentType === 'message/global') {
    if (headers.transferEncoding === 'base64' || headers.transferEncoding === 'quoted-printable') {
      checkLeaf(text, start, headerEnd, bodyStart, end, headers, limits, scan);
      return;
    }
    walk(text, bodyStart, end, depth + 1, limits, scan);
    return;
  }
  checkLeaf(text, start, headerEnd, bodyStart, end, headers, limits, scan);
}

function checkLeaf(
  text: string,
  start: number,
  headerEnd: number,
  bodyStart: number,
  end: number,
  headers: Headers,
  limits: MailLimits,
  scan: MimeScan,
): void {
  const encodedSize = Math.max(0, end - bodyStart);
  const decodedSize =
    headers.transferEncoding === 'base64'
      ? Math.floor(((encodedSize - countLineBreaks(text, bodyStart, end)) * 3) / 4)
      : encodedSize;
  const name = headers.dispositionParams.get('filename') ?? headers.params.get('name') ?? '';
  const isText = headers.contentType.startsWith('text/');
  const isAttachment = headers.disposition === 'attachment' || name !== '' || !isText;
  if (isAttachment && decodedSize > limits.maxAttachmentBytes) {
    scan.violation = {
      code: 'attachment-too-large',
      detail: {
        name: name || headers.contentType,
        size: formatBytes(decodedSize),
        limit: formatBytes(limits.maxAttachmentBytes),
      },
    };
    return;
  }
  if (isText && !isAttachment) scan.inlineTypes.push(headers.contentType);
  if (isText && !isAttachment && encodedSize <= 2 * 1024 * 1024) {
    const bytes = decodeTransfer(text.slice(bodyStart, end), headers.transferEncoding);
    const declared = normalizeCharset(headers.params.get('charset') ?? 'us-ascii');
    const detected = detectCharset(bytes, declared);
    if (detected !== declared) {
      scan.charsetFixes.push({ headerStart: start, headerEnd, declared, detected });
    }
  }
}

function countLineBreaks(text: string, start: number, end: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', start); at >= 0 && at < end; at = text.indexOf('\n', at + 1)) {
    count += text[at - 1] === '\r' ? 2 : 1;
  }
  return count;
}

/** Finds the end of the header block; a part without a blank line is all header and no body. */
function splitHeader(text: string, start: number, end: number): { headerEnd: number; bodyStart: number } {
  if (text.startsWith('\r\n', start)) return { headerEnd: start, bodyStart: start + 2 };
  if (text[start] === '\n') return { headerEnd: start, bodyStart: start + 1 };
  BLANK_LINE.lastIndex = start;
  const match = BLANK_LINE.exec(text);
  if (!match || match.index >= end) return { headerEnd: end, bodyStart: end };
  return { headerEnd: match.index, bodyStart: Math.min(end, match.index + match[0].length) };
}

function parseHeaders(block: string): Headers {
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  const get = (name: string): string => {
    const match = new RegExp(`^${name}[ \\t]*:(.*)$`, 'im').exec(unfolded);
    return match?.[1]?.trim() ?? '';
  };
  const [contentType, params] = splitParams(get('content-type'));
  const [disposition, dispositionParams] = splitParams(get('content-disposition'));
  return {
    contentType: contentType || 'text/plain',
    params,
    disposition,
    dispositionParams,
    transferEncoding: get('content-transfer-encoding').toLowerCase(),
  };
}

function splitParams(value: string): [string, Map<string, string>] {
  const params = new Map<string, string>();
  const [head = '', ...rest] = value.split(';');
  for (const piece of rest) {
    const eq = piece.indexOf('=');
    if (eq < 0) continue;
    const key = piece
      .slice(0, eq)
      .trim()
      .toLowerCase()
      .replace(/\*\d*\*?$/, '');
    let val = piece.slice(eq + 1).trim();
    if (val.startsWith('"') && val.endsWith('"') && val.length >= 2) val = val.slice(1, -1);
    if (!params.has(key)) params.set(key, val);
  }
  return [head.trim().toLowerCase(), params];
}

function decodeTransfer(body: string, encoding: string): Buffer {
  if (encoding === 'base64') return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (encoding === 'quoted-printable') {
    const soft = body.replace(/=\r?\n/g, '');
    return Buffer.from(
      soft.replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
      'latin1',
    );
  }
  return Buffer.from(body, 'latin1');
}

const CHARSET_ALIASES: Record<string, string> = {
  'us-ascii': 'us-ascii',
  ascii: 'us-ascii',
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'iso-2022-jp': 'iso-2022-jp',
  csiso2022jp: 'iso-2022-jp',
  shift_jis: 'shift_jis',
  'shift-jis': 'shift_jis',
  sjis: 'shift_jis',
  'x-sjis': 'shift_jis',
  'windows-31j': 'shift_jis',
  cp932: 'shift_jis',
  'euc-jp': 'euc-jp',
  'x-euc-jp': 'euc-jp',
};

export function normalizeCharset(label: string): string {
  const lower = label.trim().toLowerCase();
  return CHARSET_ALIASES[lower] ?? lower;
}

function decodes(bytes: Buffer, charset: string): string | null {
  try {
    return new TextDecoder(charset, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** ISO-2022-JP escape sequences into JIS X 0208, JIS X 0201 Roman and JIS X 0212. */
const ESCAPE_JIS = ['\x1b$B', '\x1b$@', '\x1b(J', '\x1b$(D'];

/**
 * What charset the bytes of a text part really are. The declared label wins whenever it decodes
 * the bytes cleanly, so only labels that are provably wrong are corrected.
 */
export function detectCharset(bytes: Buffer, declared: string): string {
  const latin = bytes.toString('latin1');
  const hasEscape = ESCAPE_JIS.some((sequence) => latin.includes(sequence));
  const hasHigh = /[\x80-\xff]/.test(latin);
  if (!hasHigh && !hasEscape) return declared;
  if (hasEscape && !hasHigh) return declared === 'iso-2022-jp' ? declared : 'iso-2022-jp';
  const declaredKnown = decodes(Buffer.alloc(0), declared) !== null;
  if (
    declaredKnown &&
    declared !== 'us-ascii' &&
    declared !== 'iso-2022-jp' &&
    decodes(bytes, declared) !== null
  ) {
    return declared;
  }
  if (decodes(bytes, 'utf-8') !== null) return 'utf-8';
  const sjis = decodes(bytes, 'shift_jis');
  const euc = decodes(bytes, 'euc-jp');
  if (euc !== null && sjis !== null) {
    // Both decode: prefer the one that does not produce half-width katakana, rare in real text.
    return halfWidthKana(euc) <= halfWidthKana(sjis) ? 'euc-jp' : 'shift_jis';
  }
  if (sjis !== null) return 'shift_jis';
  if (euc !== null) return 'euc-jp';
  return declared;
}

function halfWidthKana(text: string): number {
  return (text.match(/[\uff61-\uff9f]/g) ?? []).length;
}

/** Rewrites the charset label of the parts listed, so the parser decodes them correctly. */
export function applyCharsetFixes(raw: Buffer, fixes: readonly CharsetFix[]): Buffer {
  if (fixes.length === 0) return raw;
  let text = raw.toString('latin1');
  for (const fix of [...fixes].sort((a, b) => b.headerStart - a.headerStart)) {
    const block = text.slice(fix.headerStart, fix.headerEnd);
    let replaced: string;
    if (/^content-type[ \t]*:/im.test(block)) {
      replaced = block.replace(/^(content-type[ \t]*:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)/im, (line: string) =>
        /charset\s*=/i.test(line)
          ? line.replace(/charset\s*=\s*("[^"]*"|[^;\s]*)/i, `charset=${fix.detected}`)
          : `${line}; charset=${fix.detected}`,
      );
    } else {
      const newline = block.includes('\r\n') || block === '' ? '\r\n' : '\n';
      const header = `Content-Type: text/plain; charset=${fix.detected}`;
      replaced = block === '' ? `${header}${newline}` : `${block}${newline}${header}`;
    }
    text = text.slice(0, fix.headerStart) + replaced + text.slice(fix.headerEnd);
  }
  return Buffer.from(text, 'latin1');
}

/** Decodes a raw header value that a Japanese mailer sent unencoded (8-bit or bare ISO-2022-JP). */
export function decodeRawHeaderBytes(latin1Value: string): string {
  const bytes = Buffer.from(latin1Value, 'latin1');
  const charset = detectCharset(bytes, 'us-ascii');
  if (charset === 'us-ascii') return latin1Value;
  return decodes(bytes, charset) ?? latin1Value;
}
