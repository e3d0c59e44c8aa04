import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/index.js';
import { classifyEmail } from '../src/ingest/email/classify.js';
import { defaultMailLimits, QUARANTINE_REASONS } from '../src/ingest/email/limits.js';
import { parseMail, peekHeaders } from '../src/ingest/email/parse.js';

/** Seeded property tests: the same cases on every run, so a failure replays exactly. */
const catalog = loadCatalog();
const now = new Date('2026-11-24T00:00:00Z');
const REASONS: readonly string[] = QUARANTINE_REASONS;
/** A short budget: a message the parser never finishes costs this much, not the default 5 s. */
const limits = { ...defaultMailLimits, timeBudgetMs: 1000 };

/** Every outcome is one the ingest knows how to store or show. */
async function expectKnownOutcome(raw: Buffer): Promise<void> {
  const outcome = await classifyEmail(raw, { catalog, now, limits });
  if (outcome.status === 'matched') {
    expect(outcome.occurrences.length).toBeGreaterThan(0);
    for (const o of outcome.occurrences) expect(o.sourceRef).toMatch(/^email:/);
  } else {
    expect(outcome.status).toBe('quarantine');
    expect(REASONS).toContain(outcome.reason.code);
  }
}

const CHARSETS = [
  'utf-8',
  'UTF8',
  'us-ascii',
  'iso-2022-jp',
  'shift_jis',
  'euc-jp',
  'iso-8859-1',
  'x-unknown',
  '"utf-8"',
  '',
  'utf-7',
];
const ENCODINGS = ['7bit', '8bit', 'base64', 'quoted-printable', 'x-uuencode', 'BASE64', ''];
const TYPES = ['text/plain', 'text/html', 'message/rfc822', 'application/octet-stream', 'text/calendar'];

const headerName = fc.constantFrom(
  'Subject',
  'From',
  'Date',
  'Message-ID',
  'Authentication-Results',
  'Content-Type',
  'Content-Transfer-Encoding',
  'X-Anything',
  'subject',
);
const wild = fc.string({ unit: 'binary', maxLength: 60 });
const headerValue = fc.oneof(
  wild,
  fc.constantFrom(
    '=?UTF-8?B?44GC44GE?=',
    '=?ISO-2022-JP?B?GyRCJCIbKEI=?=',
    '=?utf-8?q?a_b=3D?=',
    '=?x-bogus?B?////?=',
    '=?UTF-8?B?',
    '<no-reply-aws@amazon.com>',
    'Mon, 23 Nov 2026 09:00:00 +0000',
    'not a date',
    'multipart/mixed; boundary=b',
    'multipart/alternative; boundary="b"',
  ),
);
/** One header line, folded at random places (RFC 5322 folding is CRLF + whitespace). */
const headerLine = fc
  .tuple(headerName, headerValue, fc.array(fc.nat(80), { maxLength: 3 }), fc.constantFrom('\r\n', '\n'))
  .map(([name, value, folds, eol]) => {
    let line = `${name}: ${value}`;
    for (const at of folds.sort((a, b) => b - a)) {
      if (at < line.length) line = `${line.slice(0, at)}${eol} ${line.slice(at)}`;
    }
    return line + eol;
  });

/** A leaf part: declared type, charset and transfer encoding chosen independently of the bytes. */
const leaf = fc
  .record({
    type: fc.constantFrom(...TYPES),
    charset: fc.constantFrom(...CHARSETS),
    encoding: fc.constantFrom(...ENCODINGS),
    disposition: fc.constantFrom('', 'attachment; filename="a.txt"', 'inline'),
    body: fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
      fc.constantFrom('<a<a<a<a href=', '=E3=81=82=\r\n', '44GC44GE\r\n', '\x1b$B$"\x1b(B'),
    ),
  })
  .map(({ type, charset, encoding, disposition, body }) =>
    [
      `Content-Type: ${type}${charset ? `; charset=${charset}` : ''}`,
      encoding ? `Content-Transfer-Encoding: ${encoding}` : '',
      disposition ? `Content-Disposition: ${disposition}` : '',
      '',
      body,
    ]
      .filter((l, i) => l !== '' || i === 3)
      .join('\r\n'),
  );

/** Multiparts of leaves, nested, sometimes without a closing boundary (truncated mail). */
const part: fc.Arbitrary<string> = fc.letrec<{ part: string }>((tie) => ({
  part: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc
      .tuple(fc.array(tie('part'), { maxLength: 3 }), fc.constantFrom('b', 'b1', '=_x'), fc.boolean())
      .map(
        ([parts, boundary, closed]) =>
          `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n` +
          parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('') +
          (closed ? `--${boundary}--\r\n` : ''),
      ),
  ),
})).part;

const mimeish = fc
  .tuple(fc.array(headerLine, { maxLength: 8 }), part)
  .map(([headers, body]) => Buffer.from(headers.join('') + body, 'latin1'));

describe('mail parsing: cases the properties found', () => {
  it('quarantines, within the time budget, a message the MIME parser never finishes', async () => {
    // Prepare: an empty inline message/rfc822 part leaves mailparser 3.14 waiting forever
    const raw = Buffer.from(
      'Subject: x\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n' +
        'Content-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\n--b--\r\n',
    );
    // Act
    const outcome = await classifyEmail(raw, { catalog, now, limits: { ...limits, timeBudgetMs: 200 } });
    // Assess
    expect(outcome).toMatchObject({ status: 'quarantine', reason: { code: 'over-budget' } });
  });

  it('keeps an encoded-word Subject whose text contains U+FFFD, instead of the raw =?UTF-8?...?= form', async () => {
    // Act
    const parsed = await parseMail(
      Buffer.from('From: a@example.com\r\nSubject: =?UTF-8?B?77+9IQ==?=\r\n\r\nx\r\n'),
    );
    // Assess
    expect(parsed.ok && parsed.mail.subject).toBe('\ufffd!');
  });
});

describe('mail parsing properties', () => {
  it('classifies any bytes without throwing, to a known outcome', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (bytes) => {
        await expectKnownOutcome(Buffer.from(bytes));
      }),
      { seed: Number(process.env.PROP_SEED ?? 1501), numRuns: Number(process.env.PROP_RUNS ?? 150) },
    );
  });

  it('classifies any MIME-ish structure (folding, charsets, encodings, nesting) to a known outcome', async () => {
    await fc.assert(
      fc.asyncProperty(mimeish, async (raw) => {
        await expectKnownOutcome(raw);
        // The quarantine list reads headers of refused mail too: that must not throw either.
        const peek = peekHeaders(raw);
        expect(peek.subject === null || typeof peek.subject === 'string').toBe(true);
      }),
      { seed: Number(process.env.PROP_SEED ?? 1502), numRuns: Number(process.env.PROP_RUNS ?? 200) },
    );
  });

  it('unfolds a folded Subject to the same words', async () => {
    const word = fc.stringMatching(/^[A-Za-z0-9.,()[\]-]{1,12}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.array(word, { minLength: 1, maxLength: 12 }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        async (words, folds) => {
          const folded = words
            .map((w, i) => (i > 0 && folds[i] ? `\r\n ${w}` : i > 0 ? ` ${w}` : w))
            .join('');
          const raw = Buffer.from(`From: a@example.com\r\nSubject: ${folded}\r\n\r\nbody\r\n`, 'latin1');
          const parsed = await parseMail(raw);
          expect(parsed.ok && parsed.mail.subject).toBe(words.join(' '));
        },
      ),
      { seed: Number(process.env.PROP_SEED ?? 1503), numRuns: Number(process.env.PROP_RUNS ?? 150) },
    );
  });

  it('decodes any UTF-8 Subject sent as B or Q encoded-words, split over folded lines', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
          .filter((s) => s.trim() === s && s !== ''),
        fc.constantFrom('B', 'Q'),
        async (subject, encoding) => {
          // Encoded-words end on whole characters (RFC 2047 §5): one word per code point.
          const words = [...subject].map((ch) => {
            const bytes = Buffer.from(ch, 'utf8');
            const text =
              encoding === 'B'
                ? bytes.toString('base64')
                : [...bytes].map((b) => `=${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
            return `=?UTF-8?${encoding}?${text}?=`;
          });
          const raw = Buffer.from(
            `From: a@example.com\r\nSubject: ${words.join('\r\n ')}\r\n\r\nbody\r\n`,
            'latin1',
          );
          const parsed = await parseMail(raw);
          expect(parsed.ok && parsed.mail.subject).toBe(subject.trim());
        },
      ),
      { seed: Number(process.env.PROP_SEED ?? 1504), numRuns: Number(process.env.PROP_RUNS ?? 150) },
    );
  });

  it('reads a UTF-8 body whatever wrong charset label it carries', async () => {
    const japanese = fc.string({
      unit: fc.constantFrom(...'あいうえお漢字カタカナ日本語のメンテナンス予定 0123abc'.split('')),
      minLength: 1,
      maxLength: 80,
    });
    await fc.assert(
      fc.asyncProperty(
        japanese,
        fc.constantFrom('us-ascii', 'iso-2022-jp', 'x-no-such-charset', null),
        fc.constantFrom('8bit', 'base64', 'quoted-printable'),
        async (text, label, encoding) => {
          const bytes = Buffer.from(text, 'utf8');
          const body =
            encoding === 'base64'
              ? bytes.toString('base64')
              : encoding === 'quoted-printable'
                ? [...bytes].map((b) => `=${b.toString(16).toUpperCase().padStart(2, '0')}`).join('')
                : bytes.toString('latin1');
          const contentType = label ? `text/plain; charset=${label}` : 'text/plain';
          const raw = Buffer.from(
            `From: a@example.com\r\nSubject: s\r\nContent-Type: ${contentType}\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n${body}\r\n`,
            'latin1',
          );
          const parsed = await parseMail(raw);
          expect(parsed.ok && parsed.mail.text.trim()).toBe(text.trim());
        },
      ),
      { seed: Number(process.env.PROP_SEED ?? 1505), numRuns: Number(process.env.PROP_RUNS ?? 120) },
    );
  });
});
