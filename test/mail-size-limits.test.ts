import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/index.js';
import { ingestMail, retryQuarantine } from '../src/ingest/email/ingest.js';
import { defaultMailLimits, formatBytes, headBytes, type MailLimits } from '../src/ingest/email/limits.js';
import { quarantineRepository } from '../src/ingest/email/quarantine.js';
import { readMailSources } from '../src/ingest/email/sources.js';
import { storeTargets } from './support/stores.js';

const now = new Date('2026-11-24T00:00:00Z');
/** Small limits so the test files stay small: 64 KiB per message, 4 KiB of headers (+ 64 KiB excerpt). */
const LIMITS: MailLimits = { ...defaultMailLimits, maxMessageBytes: 64 * 1024, maxHeaderBytes: 4096 };

function notice(id: string, instance: string, bodyBytes = 0): string {
  return [
    'From: "Amazon Web Services, Inc." <no-reply-aws@amazon.com>',
    'Subject: [Retirement Notification] Amazon EC2 Instance scheduled for retirement.',
    'Date: Mon, 23 Nov 2026 09:00:00 +0000',
    `Message-ID: <${id}@email.amazonses.com>`,
    'Content-Type: text/plain; charset=UTF-8',
    '',
    `Your instance ${instance} (AWS Account ID: 234567890123) in the ap-northeast-1 region will be retired after 2026-12-20 11:00 UTC.`,
    // Fixed filler, in lines: deterministic and shaped like mail.
    ...Array.from(
      { length: Math.ceil(bodyBytes / 64) },
      (_, i) => `filler line ${String(i).padStart(8, '0')} ${'.'.repeat(40)}`,
    ),
    '',
  ].join('\r\n');
}

describe.each(storeTargets())('mail over the size limit on $name', ({ open }) => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'opsradar-mail-size-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('quarantines an oversized .eml and Maildir message with headers and an excerpt only, the path kept', async () => {
    // Prepare: 1 MiB messages, 16 times the limit.
    const big = notice('big-eml', 'i-0big', 1024 * 1024);
    writeFileSync(join(dir, 'big.eml'), big);
    const maildir = join(dir, 'Maildir');
    for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(maildir, sub), { recursive: true });
    writeFileSync(join(maildir, 'new', '1.host'), notice('big-maildir', 'i-0big2', 1024 * 1024));
    const store = await open();
    try {
      // Act
      const summary = await ingestMail(store, readMailSources([join(dir, 'big.eml'), maildir], LIMITS), {
        catalog: loadCatalog(),
        limits: LIMITS,
        now: () => now,
      });

      // Assess
      expect(summary.counts).toMatchObject({ quarantined: 2, recorded: 0 });
      const quarantine = quarantineRepository(store);
      const [eml, fromMaildir] = await Promise.all(
        summary.results.map(async (r) => quarantine.get(r.quarantineId ?? '')),
      );
      expect(eml?.origin).toBe(join(dir, 'big.eml'));
      expect(fromMaildir?.origin).toBe(join(maildir, 'new', '1.host'));
      for (const entry of [eml, fromMaildir]) {
        expect(entry?.reason.code).toBe('too-large');
        expect(entry?.raw.length).toBeLessThanOrEqual(headBytes(LIMITS));
        expect(entry?.raw.toString('latin1')).toContain('Subject: [Retirement Notification]');
        expect(entry?.subject).toContain('Retirement Notification');
      }
      expect(eml?.reason.detail).toMatchObject({
        size: formatBytes(Buffer.byteLength(big)),
        limit: '64.0 KiB',
      });
      // Retrying the quarantine never judges the excerpt as if it were the message.
      const retried = await retryQuarantine(store, 'all', {
        catalog: loadCatalog(),
        limits: LIMITS,
        now: () => now,
      });
      expect(retried.map((r) => r.status)).toEqual(['quarantined', 'quarantined']);
      expect(await store.occurrences.list()).toHaveLength(0);
    } finally {
      await store.close();
    }
  });

  it('reads an mbox around an oversized message: its neighbours are ingested, it is quarantined with its offset', async () => {
    // Prepare
    const messages = [
      notice('m1', 'i-0first'),
      notice('m2', 'i-0huge', 2 * 1024 * 1024),
      notice('m3', 'i-0third'),
    ];
    const fromLines = messages.map((_, i) => `From MAILER-DAEMON Mon Nov 23 09:0${i}:00 2026\r\n`);
    const mbox = messages.map((m, i) => `${fromLines[i]}${m}\r\n`).join('');
    const hugeOffset = Buffer.byteLength(`${fromLines[0]}${messages[0]}\r\n`);
    const path = join(dir, 'inbox.mbox');
    writeFileSync(path, mbox);
    const store = await open();
    try {
      // Act
      const summary = await ingestMail(store, readMailSources([path], LIMITS), {
        catalog: loadCatalog(),
        limits: LIMITS,
        now: () => now,
      });

      // Assess
      expect(summary.results.map((r) => r.status)).toEqual(['recorded', 'quarantined', 'recorded']);
      const entry = await quarantineRepository(store).get(summary.results[1]?.quarantineId ?? '');
      expect(entry?.origin).toBe(`${path}#2`);
      expect(entry?.reason).toMatchObject({ code: 'too-large', detail: { offset: hugeOffset } });
      expect(entry?.raw.length).toBeLessThanOrEqual(headBytes(LIMITS));
      expect(entry?.raw.toString('latin1').startsWith('From: "Amazon Web Services')).toBe(true);
    } finally {
      await store.close();
    }
  });
});
