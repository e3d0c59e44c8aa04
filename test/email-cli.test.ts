import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerClassifyEmail } from '../src/cli/classify-email.js';
import { registerIngestMail } from '../src/cli/ingest-mail.js';
import { registerMailQuarantine } from '../src/cli/mail-quarantine.js';
import { demoMail } from '../src/ingest/email/demo.js';

const fixtures = join(import.meta.dirname, 'fixtures', 'mail');

interface Run {
  out: string;
  err: string;
  exitCode: number;
}

/** Runs the real commands in process, as `opsradar` would with these arguments. */
async function run(args: string[], stdin: Buffer = Buffer.alloc(0)): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  let exitCode = 0;
  const io = {
    out: (t: string | Uint8Array) => out.push(typeof t === 'string' ? t : Buffer.from(t).toString('latin1')),
    err: (t: string) => err.push(t),
    setExitCode: (c: number) => (exitCode = c),
  };
  const program = new Command('opsradar')
    .option('--lang <lang>')
    .option('--db <db>')
    .option('--config <file>');
  program.exitOverride();
  registerClassifyEmail(program, io, async () => stdin);
  registerIngestMail(program, io);
  registerMailQuarantine(program, io);
  await program.parseAsync(args, { from: 'user' });
  return { out: out.join(''), err: err.join(''), exitCode };
}

describe('email commands', () => {
  let dir: string;
  let db: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'opsradar-mail-cli-'));
    db = join(dir, 'opsradar.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('classify email prints what a message becomes, without storing it, from a file or standard input', async () => {
    // Act
    const fromFile = await run([
      'classify',
      'email',
      join(fixtures, 'eucjp-outlook-forward-dx.eml'),
      '--lang',
      'ja',
    ]);
    const demo = demoMail(new Date('2026-11-24T00:00:00Z'))[9];
    const config = join(dir, 'config.yaml');
    writeFileSync(config, 'mail:\n  authservId: mx.example.co.jp\n');
    const fromStdin = await run(['--lang', 'en', '--config', config, 'classify', 'email', '-'], demo?.raw);

    // Assess
    const forwarded = JSON.parse(fromFile.out);
    expect(forwarded).toMatchObject({
      kind: 'directconnect-maintenance',
      category: 'emergency',
      accountId: '123456789012',
      resources: [
        { id: 'dxcon-ffabc123', type: 'dx-connection' },
        { id: 'dxlag-ffdef456', type: 'dx-lag' },
      ],
      dates: { eventDate: '2018-01-31T11:00:00.000Z', eventEndDate: '2018-01-31T15:00:00.000Z' },
      trust: {
        verified: false,
        reason: 'forwarded-inline',
        explanation: 'h-sato@example.co.jp が本文に引用して転送したため、元の送信者を検証できません',
      },
      quarantine: null,
    });
    const spoofed = JSON.parse(fromStdin.out);
    expect(spoofed.kind).toBe('ec2-scheduled-event');
    expect(spoofed.trust).toMatchObject({
      verified: false,
      reason: 'auth-failed',
      explanation: 'Authentication-Results show a failed check (DKIM none, SPF fail, DMARC fail)',
    });
  });

  it('ingest mail stores notices, quarantines the rest with exit code 2, and the quarantine can be listed and shown', async () => {
    // Prepare
    const notice = join(fixtures, 'sjis-ec2-retirement.eml');
    const digest = join(fixtures, 'unrelated-newsletter.eml');

    // Act
    const config = join(dir, 'config.yaml');
    writeFileSync(config, 'mail:\n  authservId: mx.example.co.jp\n');
    const ingest = await run([
      '--db',
      db,
      '--config',
      config,
      '--lang',
      'en',
      'ingest',
      'mail',
      notice,
      digest,
    ]);
    const again = await run(['--db', db, '--lang', 'en', 'ingest', 'mail', notice]);
    const list = await run(['--db', db, '--lang', 'ja', 'mail', 'quarantine', 'list', '--format', 'json']);
    const [entry] = JSON.parse(list.out) as Array<{ id: string }>;
    const show = await run([
      '--db',
      db,
      '--lang',
      'en',
      'mail',
      'quarantine',
      'show',
      (entry?.id ?? '').slice(0, 8),
    ]);
    const raw = await run(['--db', db, 'mail', 'quarantine', 'show', entry?.id ?? '', '--raw']);
    const retry = await run(['--db', db, '--lang', 'en', 'mail', 'quarantine', 'retry', '--all']);

    // Assess
    expect(ingest.out).toContain(
      'recorded  ec2-scheduled-event  verified  [Retirement Notification] Amazon EC2 Instance scheduled for retirement. リタイア通知',
    );
    expect(ingest.out).toContain(
      'reason: no catalog entry matches this notice (subject, sender or body): "This week in cloud computing"',
    );
    expect(ingest.out).toContain('2 messages: 1 recorded, 0 already known, 1 quarantined, 0 failed');
    expect(ingest.exitCode).toBe(2);
    expect(again.out).toContain('1 messages: 0 recorded, 1 already known, 0 quarantined, 0 failed');
    expect(again.exitCode).toBe(0);
    expect(JSON.parse(list.out)).toMatchObject([
      {
        reason: 'no-match',
        explanation:
          '件名・送信者・本文のどれにも一致するカタログ項目がありません:「This week in cloud computing」',
        origin: digest,
        subject: 'This week in cloud computing',
      },
    ]);
    expect(show.out).toMatch(/Reason\s+no catalog entry matches this notice/);
    expect(raw.out).toContain('Subject: This week in cloud computing');
    expect(retry.out).toContain('0 of 1 messages released from the quarantine');
    expect(retry.exitCode).toBe(2);
  });

  it('never prints terminal escape sequences from a hostile subject, and --raw gives the exact bytes back', async () => {
    // Prepare
    const hostile = Buffer.from(
      'From: x@example.net\r\nSubject: Hi \x1b]0;owned\x07\x1b[31mred\r\n\r\nbody \xff\r\n',
      'latin1',
    );
    const file = join(dir, 'hostile.eml');
    writeFileSync(file, hostile);
    // Act
    const ingest = await run(['--db', db, '--lang', 'en', 'ingest', 'mail', file]);
    const list = await run(['--db', db, '--lang', 'en', 'mail', 'quarantine', 'list']);
    const id = /^([0-9a-f]{8}) /m.exec(list.out)?.[1] ?? '';
    const raw = await run(['--db', db, 'mail', 'quarantine', 'show', id, '--raw']);
    // Assess
    expect(ingest.out).toContain('Hi \ufffd]0;owned\ufffd\ufffd[31mred');
    expect(`${ingest.out}${list.out}`).not.toContain('\x1b');
    expect(Buffer.from(raw.out, 'latin1').equals(hostile)).toBe(true);
  });

  it('gives a clear error for an unknown quarantine id and a missing file', async () => {
    await expect(run(['--db', db, '--lang', 'en', 'mail', 'quarantine', 'show', 'nope'])).rejects.toThrow(
      'no quarantined message "nope"',
    );
    const missing = join(dir, 'missing.eml');
    const result = await run(['--db', db, '--lang', 'en', 'ingest', 'mail', missing]);
    expect(result.out).toContain(`failed  -  -  -  (${missing})`);
    expect(result.out).toContain('error: no such file or directory');
    expect(result.exitCode).toBe(1);
    writeFileSync(join(dir, 'x.eml'), '');
    await expect(run(['--lang', 'en', 'classify', 'email', join(dir, 'nothing.eml')])).rejects.toThrow(
      /could not read .*nothing\.eml/,
    );
  });
});
