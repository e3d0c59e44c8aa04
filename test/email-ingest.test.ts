import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/index.js';
import { DEMO_AUTHSERV_ID, demoMail } from '../src/ingest/email/demo.js';
import { ingestMail, retryQuarantine } from '../src/ingest/email/ingest.js';
import { defaultMailLimits, headBytes } from '../src/ingest/email/limits.js';
import { quarantineRepository } from '../src/ingest/email/quarantine.js';
import { type MailItem, readMailSources } from '../src/ingest/email/sources.js';
import { storeTargets } from './support/stores.js';

const fixtures = join(import.meta.dirname, 'fixtures', 'mail');
const fixture = (name: string): Buffer => readFileSync(join(fixtures, name));
const now = new Date('2026-11-24T00:00:00Z');

/**
 * Fixed binary noise (xorshift32 from a seed) without a single ':', so no line can pass for a
 * header field: the same bytes on every run, unlike randomBytes, which sometimes parsed as mail.
 */
function binaryGarbage(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    const byte = x & 0xff;
    out[i] = byte === 0x3a ? 0 : byte;
  }
  return out;
}

/** The fixtures' receiving server, whose Authentication-Results count. */
const OUR_SERVER = { authservIds: [DEMO_AUTHSERV_ID] };

/** A notice that parses and matches, to sit between hostile messages in a batch. */
function goodNotice(id: string, instance: string): Buffer {
  return Buffer.from(
    [
      'From: "Amazon Web Services, Inc." <no-reply-aws@amazon.com>',
      'Subject: [Retirement Notification] Amazon EC2 Instance scheduled for retirement.',
      'Date: Mon, 23 Nov 2026 09:00:00 +0000',
      `Message-ID: <${id}@email.amazonses.com>`,
      'Content-Type: text/plain; charset=UTF-8',
      '',
      `Your instance ${instance} (AWS Account ID: 234567890123) in the ap-northeast-1 region will be retired after 2026-12-20 11:00 UTC.`,
      '',
    ].join('\r\n'),
  );
}

/** A notice with a base64 attachment of the given decoded size, built with Buffer.fill to stay fast. */
function withAttachment(megabytes: number): Buffer {
  const line = `${Buffer.alloc(57, 'opsradar').toString('base64')}\r\n`;
  const lines = Math.ceil((megabytes * 1024 * 1024) / 57);
  const payload = Buffer.alloc(lines * line.length, line);
  const head = [
    'From: "Amazon Web Services, Inc." <no-reply-aws@amazon.com>',
    'Subject: [Retirement Notification] Amazon EC2 Instance scheduled for retirement.',
    'Message-ID: <huge-attachment@example.net>',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    'i-0123456789abcdef0',
    '--b',
    'Content-Type: application/zip; name="logs.zip"',
    'Content-Disposition: attachment; filename="logs.zip"',
    'Content-Transfer-Encoding: base64',
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head), payload, Buffer.from('--b--\r\n')]);
}

function deeplyNested(levels: number): Buffer {
  let inner = 'Content-Type: text/plain\r\n\r\nbottom\r\n';
  for (let level = levels; level > 0; level -= 1) {
    inner = `Content-Type: multipart/mixed; boundary="n${level}"\r\n\r\n--n${level}\r\n${inner}--n${level}--\r\n`;
  }
  return Buffer.from(
    `From: x@example.net\r\nSubject: nested\r\nMessage-ID: <nested@example.net>\r\n${inner}`,
  );
}

function manyParts(count: number): Buffer {
  const parts = Array.from(
    { length: count },
    (_, i) => `--m\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`,
  ).join('');
  return Buffer.from(
    `From: x@example.net\r\nSubject: parts\r\nContent-Type: multipart/mixed; boundary="m"\r\n\r\n${parts}--m--\r\n`,
  );
}

describe.each(storeTargets())('email ingest on $name', ({ open }) => {
  it('stores each notice once, whatever the source and however often it is read', async () => {
    // Prepare
    const store = await open();
    const dir = mkdtempSync(join(tmpdir(), 'opsradar-mail-'));
    try {
      const [first, second] = demoMail(now);
      if (!first || !second) throw new Error('demo mail missing');
      writeFileSync(join(dir, 'one.eml'), first.raw);
      // The same notice inside an mbox (with a From_ line and a >From escape) and in a Maildir.
      const mbox = Buffer.concat([
        Buffer.from('From MAILER-DAEMON Mon Nov 23 09:00:00 2026\n'),
        first.raw,
        Buffer.from('\n\nFrom MAILER-DAEMON Mon Nov 23 09:00:01 2026\n'),
        second.raw,
        Buffer.from('\n>From the operations team\n'),
      ]);
      writeFileSync(join(dir, 'inbox.mbox'), mbox);
      for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(dir, 'Maildir', sub), { recursive: true });
      writeFileSync(join(dir, 'Maildir', 'cur', '1700000000.M1P1.host:2,S'), second.raw);
      const maildirBefore = readdirSync(join(dir, 'Maildir', 'cur'));

      // Act
      const run1 = await ingestMail(store, readMailSources([join(dir, 'one.eml'), join(dir, 'inbox.mbox')]), {
        now: () => now,
        trust: OUR_SERVER,
      });
      const run2 = await ingestMail(store, readMailSources([join(dir, 'Maildir'), join(dir, 'one.eml')]), {
        now: () => now,
        trust: OUR_SERVER,
      });

      // Assess
      expect(run1.counts).toEqual({ recorded: 2, unchanged: 1, quarantined: 0, failed: 0 });
      expect(run2.counts).toEqual({ recorded: 0, unchanged: 2, quarantined: 0, failed: 0 });
      const stored = await store.occurrences.list({ source: 'email' });
      expect(stored.map((o) => [o.kind, o.resource]).sort()).toEqual([
        ['directconnect-maintenance', 'dxcon-ffabc123'],
        ['ec2-scheduled-event', 'i-0a1b2c3d4e5f60718'],
      ]);
      const ec2 = stored.find((o) => o.kind === 'ec2-scheduled-event');
      expect(ec2).toMatchObject({
        accountId: '222222222222',
        region: 'ap-northeast-1',
        eventDate: '2026-12-06T00:00:00.000Z',
        sourceRef: 'email:demo-ec2-retirement-0a1b2c3d4e5f60718@email.amazonses.com',
        verified: true,
      });
      // Reading a Maildir moves, renames or deletes nothing.
      expect(readdirSync(join(dir, 'Maildir', 'cur'))).toEqual(maildirBefore);
      expect(readdirSync(join(dir, 'Maildir', 'new'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await store.close();
    }
  });

  it('ingests all demo notices, keeping the spoofed and the forwarded one flagged unverified', async () => {
    const store = await open();
    try {
      const summary = await ingestMail(store, demoMail(now), { now: () => now, trust: OUR_SERVER });
      expect(summary.counts).toEqual({ recorded: 12, unchanged: 0, quarantined: 0, failed: 0 });
      const unverified = (await store.occurrences.list({ source: 'email' })).filter(
        (o) => o.verified === false,
      );
      expect(unverified.map((o) => o.resource).sort()).toEqual([
        'i-0123456789abcdef0',
        'i-07e5c9a1b3d2f4e68',
      ]);
    } finally {
      await store.close();
    }
  });

  it('quarantines hostile and malformed messages with a clear reason and loses none of the good ones', {
    timeout: 120_000,
  }, async () => {
    // Prepare
    const store = await open();
    const huge = withAttachment(50);
    const batch: MailItem[] = [
      { origin: 'good-1', raw: goodNotice('good-1', 'i-0aaaaaaaaaaaaaaa1') },
      { origin: 'huge', raw: huge },
      { origin: 'nested', raw: deeplyNested(40) },
      { origin: 'parts', raw: manyParts(500) },
      { origin: 'truncated', raw: fixture('truncated-multipart.eml') },
      { origin: 'garbage', raw: binaryGarbage(4096, 0x5eed) },
      { origin: 'empty', raw: Buffer.alloc(0) },
      { origin: 'unreadable', error: 'permission denied' },
      { origin: 'good-2', raw: goodNotice('good-2', 'i-0bbbbbbbbbbbbbbb2') },
    ];
    try {
      // Act
      const summary = await ingestMail(store, batch, { now: () => now });

      // Assess
      const byOrigin = Object.fromEntries(summary.results.map((r) => [r.origin, r]));
      expect(byOrigin['good-1']?.status).toBe('recorded');
      expect(byOrigin['good-2']?.status).toBe('recorded');
      expect(byOrigin.huge?.reason).toEqual({
        code: 'attachment-too-large',
        // Over the message size limit too: the quarantine keeps its headers and an excerpt only.
        detail: { name: 'logs.zip', size: '50.0 MiB', limit: '10.0 MiB', excerptBytes: 327_680 },
      });
      expect(byOrigin.nested?.reason).toEqual({ code: 'too-deep', detail: { limit: 10 } });
      expect(byOrigin.parts?.reason).toEqual({ code: 'too-many-parts', detail: { limit: 200 } });
      expect(byOrigin.truncated?.reason).toEqual({
        code: 'truncated',
        detail: { part: 'multipart/alternative', what: 'no-closing-boundary' },
      });
      expect(byOrigin.garbage?.reason?.code).toBe('unparseable');
      expect(byOrigin.empty?.reason?.code).toBe('empty');
      expect(byOrigin.unreadable).toMatchObject({ status: 'failed', error: 'permission denied' });
      expect(summary.counts).toEqual({ recorded: 2, unchanged: 0, quarantined: 6, failed: 1 });

      const resources = (await store.occurrences.list({ source: 'email' })).map((o) => o.resource).sort();
      expect(resources).toEqual(['i-0aaaaaaaaaaaaaaa1', 'i-0bbbbbbbbbbbbbbb2']);
      // The quarantine keeps each message whole within the size limit.
      const repo = quarantineRepository(store);
      const listed = await repo.list();
      expect(listed).toHaveLength(6);
      // Even a message the parser refused is listed with its subject.
      expect(listed.find((q) => q.origin === 'huge')?.subject).toBe(
        '[Retirement Notification] Amazon EC2 Instance scheduled for retirement.',
      );
      const kept = await repo.get(listed.find((q) => q.origin === 'huge')?.id ?? '');
      // Past it, the headers and an excerpt: the original stays where it was read.
      expect(kept?.raw.equals(huge.subarray(0, headBytes(defaultMailLimits)))).toBe(true);
      const run = await store.scanRuns.latest('email');
      expect(run?.status).toBe('partial');
    } finally {
      await store.close();
    }
  });

  it('re-classifies the quarantine after the catalog grows and releases what now matches', async () => {
    // Prepare
    const store = await open();
    const userDir = mkdtempSync(join(tmpdir(), 'opsradar-catalog-'));
    const shield = readFileSync(
      join(import.meta.dirname, '..', 'catalog', 'shield', 'shield-ddos-detected.yaml'),
      'utf8',
    );
    // A user entry built from a valid built-in one, changed to match the newsletter's subject.
    writeFileSync(
      join(userDir, 'cloud-digest.yaml'),
      shield
        .replace('id: shield-ddos-detected', 'id: cloud-digest')
        .replace(/ {4}- subject: .*\n/, "    - subject: '\\bThis week in cloud computing\\b'\n")
        .replace(/(samples:\n\s+#.*\n\s+- )'DDoS threat level.*'/, "$1'This week in cloud computing'")
        .replace(/ {2}scanners: \[shield-ddos-detected\]\n/, '  scanners: []\n'),
    );
    try {
      await ingestMail(store, [{ origin: 'digest.eml', raw: fixture('unrelated-newsletter.eml') }], {
        now: () => now,
        trust: OUR_SERVER,
      });
      const repo = quarantineRepository(store);
      const [entry] = await repo.list();
      expect(entry?.reason.code).toBe('no-match');

      // Act: the same catalog changes nothing; the grown one releases it.
      const unchanged = await retryQuarantine(store, 'all', { now: () => now });
      const grown = loadCatalog({ userDir });
      const retried = await retryQuarantine(store, [entry?.id ?? ''], { catalog: grown, now: () => now });

      // Assess
      expect(unchanged.map((r) => r.status)).toEqual(['quarantined']);
      expect(retried.map((r) => [r.status, r.kind])).toEqual([['recorded', 'cloud-digest']]);
      expect(await repo.list()).toEqual([]);
      const all = await repo.list({ status: 'all' });
      expect(all).toMatchObject([{ status: 'released', releasedKind: 'cloud-digest', attempts: 3 }]);
      expect((await store.occurrences.list({ kind: 'cloud-digest' })).length).toBe(1);
    } finally {
      rmSync(userDir, { recursive: true, force: true });
      await store.close();
    }
  });
});

describe('mail sources', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'opsradar-sources-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('splits an mbox only at From_ lines after a blank line and undoes >From escapes', async () => {
    // Prepare
    const path = join(dir, 'box.mbox');
    writeFileSync(
      path,
      'From a@b Mon Jan  1 00:00:00 2018\nSubject: one\n\nFrom here on, text.\n>From escaped\n\nFrom c@d Mon Jan  1 00:00:01 2018\nSubject: two\n\nbody two\n',
    );
    // Act
    const items: MailItem[] = [];
    for await (const item of readMailSources([path])) items.push(item);
    // Assess
    expect(items.map((i) => ('raw' in i ? i.raw.toString() : i.error))).toEqual([
      'Subject: one\n\nFrom here on, text.\nFrom escaped\n',
      'Subject: two\n\nbody two',
    ]);
    expect(items.map((i) => i.origin)).toEqual([`${path}#1`, `${path}#2`]);
  });

  it('reads a folder of .eml files in name order and reports a missing path', async () => {
    const folder = join(dir, 'emls');
    mkdirSync(folder);
    copyFileSync(join(fixtures, 'html-only-acm.eml'), join(folder, 'b.eml'));
    copyFileSync(join(fixtures, 'sjis-ec2-retirement.eml'), join(folder, 'a.eml'));
    const items: MailItem[] = [];
    for await (const item of readMailSources([folder, join(dir, 'missing.eml')])) items.push(item);
    expect(
      items.map((i) => [i.origin.replace(dir, ''), 'error' in i ? i.error : statSync(i.origin).size > 0]),
    ).toEqual([
      ['/emls/a.eml', true],
      ['/emls/b.eml', true],
      ['/missing.eml', 'no such file or directory'],
    ]);
  });
});
