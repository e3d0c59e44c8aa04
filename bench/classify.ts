/**
 * Notice classification over the real corpus (test/fixtures/real): accuracy per catalog kind, the
 * throughput of mail classification (bound: at least 500 messages/s), and the time for hostile
 * 1 MB bodies (bound: under 1 s each: plain text, HTML made of `<a`, deep nesting, one long token).
 *
 *   npx tsx bench/classify.ts [--rounds 5] [--json]
 */
import { execSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { defaultCatalog } from '../src/catalog/index.js';
import { classifyEmail } from '../src/ingest/email/classify.js';
import { type CorpusResult, classifyCorpusItem } from '../test/support/classify-corpus.js';
import { loadRealCorpusIndex, readRealCorpusItem } from '../test/support/real-corpus.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROUNDS = arg('rounds', 5);
const JSON_OUT = process.argv.includes('--json');
const RATE_BOUND = 500;
const LARGE_BOUND_MS = 1000;
const MB = 1024 * 1024;

function mail(contentType: string, body: string): Buffer {
  return Buffer.from(
    `From: no-reply-aws@amazon.com\r\nSubject: notice\r\nDate: Mon, 30 Nov 2026 00:00:00 +0000\r\nContent-Type: ${contentType}; charset=utf-8\r\n\r\n${body}`,
  );
}

const HOSTILE: Record<string, Buffer> = {
  'text 1 MB (retirement wording repeated)': mail(
    'text/plain',
    'Your instance i-0123456789abcdef0 is scheduled for retirement on 2026-12-10. '.repeat(MB / 78),
  ),
  'html 1 MB of "<a"': mail('text/html', '<a'.repeat(MB / 2)),
  'html 1 MB nested <div>': mail('text/html', `${'<div>'.repeat(MB / 12)}x${'</div>'.repeat(MB / 12)}`),
  'text 1 MB one token (a.a.a...)': mail('text/plain', 'a.'.repeat(MB / 2)),
  'text 1 MB spaces then DB instance': mail('text/plain', `DB instance${' '.repeat(MB)}x`),
};

async function main(): Promise<void> {
  const catalog = defaultCatalog();
  const index = loadRealCorpusIndex();
  const results: CorpusResult[] = [];
  for (const item of index.items) results.push(await classifyCorpusItem(item, catalog));
  const perKind = new Map<string, { right: number; total: number }>();
  for (const r of results) {
    const key = `${r.item.type}:${r.item.expected ?? '(none)'}`;
    const entry = perKind.get(key) ?? { right: 0, total: 0 };
    entry.total += 1;
    if (r.right) entry.right += 1;
    perKind.set(key, entry);
  }
  const mails = index.items.filter((i) => i.type === 'mail').map((i) => readRealCorpusItem(i));
  const start = performance.now();
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const raw of mails) await classifyEmail(raw, { catalog });
  }
  const seconds = (performance.now() - start) / 1000;
  const rate = (mails.length * ROUNDS) / seconds;
  const large: Record<string, { ms: number; outcome: string }> = {};
  for (const [name, raw] of Object.entries(HOSTILE)) {
    const t = performance.now();
    const outcome = await classifyEmail(raw, { catalog });
    large[name] = {
      ms: Math.round(performance.now() - t),
      outcome: outcome.status === 'matched' ? `matched ${outcome.classification.kind}` : outcome.reason.code,
    };
  }
  const right = results.filter((r) => r.right).length;
  const report = {
    load: execSync('uptime').toString().trim(),
    accuracy: { right, total: results.length, ratio: right / results.length, bound: 0.95 },
    perKind: Object.fromEntries([...perKind].sort(([a], [b]) => a.localeCompare(b))),
    misses: results
      .filter((r) => !r.right)
      .map((r) => ({ file: r.item.file, expected: r.item.expected, got: r.got })),
    throughput: { messagesPerSecond: Math.round(rate), bound: RATE_BOUND, ratio: rate / RATE_BOUND },
    large: Object.fromEntries(
      Object.entries(large).map(([name, v]) => [
        name,
        { ...v, bound: LARGE_BOUND_MS, ratio: v.ms / LARGE_BOUND_MS },
      ]),
    ),
  };
  if (JSON_OUT) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const lines = [
    `load: ${report.load}`,
    `corpus accuracy: ${right}/${results.length} = ${(report.accuracy.ratio * 100).toFixed(1)}% (bound 95%)`,
    ...[...perKind].map(([k, v]) => `  ${k.padEnd(48)} ${v.right}/${v.total}`),
    ...report.misses.map((m) => `  miss: ${m.file} expected ${m.expected} got ${m.got}`),
    `mail throughput: ${report.throughput.messagesPerSecond} messages/s over ${mails.length * ROUNDS} (bound ${RATE_BOUND}, ratio ${report.throughput.ratio.toFixed(2)})`,
    ...Object.entries(large).map(
      ([name, v]) =>
        `  ${name.padEnd(40)} ${v.ms} ms (bound ${LARGE_BOUND_MS} ms, ratio ${(v.ms / LARGE_BOUND_MS).toFixed(2)}) → ${v.outcome}`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
