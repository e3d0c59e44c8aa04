import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ScanIo, scanCommand } from '../src/cli/scan.js';
import { type Sandbox, startSandbox } from '../src/sandbox/index.js';
import { openStore } from '../src/store/index.js';

const PERIODIC = [
  'acm-certificate-expiry',
  'iam-server-certificate-expiry',
  'reservation-expiry',
  'route53-domain-expiry',
  'service-quota-increase',
].join(',');

function captureIo(interactive = false) {
  const out: string[] = [];
  const err: string[] = [];
  let exitCode = -1;
  const io: ScanIo = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    interactive,
    setExitCode: (c) => {
      exitCode = c;
    },
  };
  return { io, out: () => out.join(''), err: () => err.join(''), exitCode: () => exitCode };
}

describe('opsradar scan against the demo organization', () => {
  let sandbox: Sandbox;
  let dir: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: 'demo' });
    dir = mkdtempSync(join(tmpdir(), 'opsradar-scan-cli-'));
    // The default credential chain reads these, as it would for a person's shell.
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'AKIADEMOSCANCLI00001',
      AWS_SECRET_ACCESS_KEY: 'demo-secret-never-printed',
      AWS_REGION: 'us-east-1',
      AWS_CONFIG_FILE: join(dir, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
    });
    delete process.env.AWS_PROFILE;
  });
  afterAll(async () => {
    process.env = saved;
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('--org --format json finds every periodic finding of the demo, no false ones, and reports what it could not scan', async () => {
    // Prepare
    const db = join(dir, 'json.sqlite');
    const { io, out, exitCode } = captureIo();
    // Act
    const code = await scanCommand(
      { org: true, endpointUrl: sandbox.url, scanners: PERIODIC, format: 'json', db },
      io,
    );
    // Assess
    const report = JSON.parse(out()) as {
      run: { status: string };
      coverage: Array<{
        accountId: string;
        region: string;
        scanner: string;
        status: string;
        reason?: string;
      }>;
      occurrences: Array<{
        kind: string;
        accountId: string;
        region: string;
        resource: string;
        eventDate: string | null;
      }>;
    };
    expect(code).toBe(2);
    expect(exitCode()).toBe(-1); // scanCommand returns the code; registerScan sets it
    expect(report.run.status).toBe('partial');
    const found = report.occurrences.map((o) => `${o.kind} ${o.accountId} ${o.region}`).sort();
    expect(found).toEqual(
      [
        'acm-certificate-expiry 222222222222 ap-northeast-1',
        'acm-certificate-expiry 222222222222 ap-northeast-1',
        'acm-certificate-expiry 222222222222 ap-northeast-1',
        'iam-server-certificate-expiry 222222222222 global',
        'reservation-expiry 111111111111 global',
        'reservation-expiry 222222222222 ap-northeast-1',
        'reservation-expiry 222222222222 ap-northeast-1',
        'reservation-expiry 222222222222 ap-northeast-1',
        'reservation-expiry 222222222222 ap-northeast-1',
        'reservation-expiry 222222222222 ap-northeast-1',
        'reservation-expiry 333333333333 ap-northeast-1',
        'route53-domain-expiry 111111111111 global',
        'service-quota-increase 222222222222 ap-northeast-1',
        'service-quota-increase 222222222222 ap-northeast-1',
      ].sort(),
    );
    expect(report.occurrences.find((o) => o.kind === 'route53-domain-expiry')?.resource).toBe(
      'example-campaign.jp',
    );
    const notOk = report.coverage
      .filter((c) => c.status !== 'ok')
      .map((c) => `${c.accountId} ${c.region} ${c.scanner} ${c.status}`);
    expect(notOk.sort()).toEqual(
      [
        '333333333333 ap-northeast-3 acm-certificate-expiry denied',
        '333333333333 ap-northeast-3 reservation-expiry denied',
        '333333333333 ap-northeast-3 service-quota-increase denied',
        '444444444444 * * denied',
      ].sort(),
    );
    // The suspended account is not scanned; the opt-in region a member never enabled is not either.
    expect(report.coverage.some((c) => c.accountId === '555555555555')).toBe(false);
    expect(report.coverage.some((c) => c.accountId === '333333333333' && c.region === 'ap-east-1')).toBe(
      false,
    );
    expect(report.coverage.some((c) => c.accountId === '222222222222' && c.region === 'ap-east-1')).toBe(
      true,
    );
    expect(out()).not.toContain('demo-secret-never-printed');
  });

  it('stores the occurrences once however often it scans, and prints a Japanese summary table', async () => {
    // Prepare
    const db = join(dir, 'table.sqlite');
    const first = captureIo();
    const second = captureIo();
    // Act
    await scanCommand(
      { org: true, endpointUrl: sandbox.url, scanners: PERIODIC, format: 'table', db },
      first.io,
    );
    const code = await scanCommand(
      { org: true, endpointUrl: sandbox.url, scanners: PERIODIC, format: 'table', db, lang: 'ja' },
      second.io,
    );
    // Assess
    expect(code).toBe(2);
    const store = await openStore(db);
    try {
      expect((await store.occurrences.list({ source: 'scanner' })).length).toBe(14);
    } finally {
      await store.close();
    }
    expect(second.out()).toContain('スキャン一部未完了');
    expect(second.out()).toMatch(/acm-certificate-expiry\s+3\s+/);
    expect(second.out()).toContain('444444444444');
    expect(first.out()).toContain('Scan partial');
  });

  it('draws a progress bar on a terminal only', async () => {
    // Prepare
    const tty = captureIo(true);
    const piped = captureIo(false);
    const db = join(dir, 'progress.sqlite');
    // Act
    await scanCommand(
      { endpointUrl: sandbox.url, scanners: 'route53-domain-expiry', format: 'table', db },
      tty.io,
    );
    await scanCommand(
      { endpointUrl: sandbox.url, scanners: 'route53-domain-expiry', format: 'table', db },
      piped.io,
    );
    // Assess
    expect(tty.err()).toContain('[');
    expect(piped.err()).toBe('');
  });

  it('rejects bad input with a clear message before touching the store', async () => {
    // Prepare
    const db = join(dir, 'bad.sqlite');
    const { io } = captureIo();
    // Act + Assess
    await expect(scanCommand({ accounts: '12345', format: 'table', db, lang: 'en' }, io)).rejects.toThrow(
      'not a 12-digit AWS account id: "12345"',
    );
    await expect(scanCommand({ regions: 'tokyo', format: 'table', db, lang: 'ja' }, io)).rejects.toThrow(
      'AWS リージョン名ではありません: "tokyo"',
    );
    await expect(scanCommand({ scanners: 'nope', format: 'table', db, lang: 'en' }, io)).rejects.toThrow(
      /unknown scanner "nope"/,
    );
    await expect(scanCommand({ format: 'xml', db, lang: 'en' }, io)).rejects.toThrow(/unknown format "xml"/);
    await expect(scanCommand({ concurrency: '0', format: 'table', db, lang: 'en' }, io)).rejects.toThrow(
      /--concurrency/,
    );
  });
});

describe('opsradar scan turns findings into work items', () => {
  const saved = { ...process.env };
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'opsradar-scan-items-'));
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'AKIADEMOSCANCLI00002',
      AWS_SECRET_ACCESS_KEY: 'demo-secret-never-printed',
      AWS_REGION: 'us-east-1',
      AWS_CONFIG_FILE: join(dir, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
    });
    delete process.env.AWS_PROFILE;
  });
  afterAll(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  const world = (certificates: unknown[]) => ({
    accounts: [{ id: '111111111111', regions: { 'us-east-1': { acm: { certificates } } } }],
  });

  it('opens an item for an expiring certificate and resolves it once a full scan no longer sees it', async () => {
    // Prepare
    const db = join(dir, 'items.sqlite');
    const expiring = await startSandbox({
      scenario: world([{ id: 'c-shop', domain: 'shop.example.jp', notAfter: '12d' }]),
    });
    const renewed = await startSandbox({
      scenario: world([{ id: 'c-shop', domain: 'shop.example.jp', notAfter: '300d' }]),
    });
    const scan = (url: string) =>
      scanCommand(
        { endpointUrl: url, regions: 'us-east-1', scanners: 'acm-certificate-expiry', format: 'json', db },
        captureIo().io,
      );
    try {
      // Act
      const first = await scan(expiring.url);
      const store = await openStore(db);
      const opened = await store.workItems.list({}, { limit: 10 });
      await store.close();
      const second = await scan(renewed.url);
      const again = await openStore(db);
      const after = await again.workItems.list({}, { limit: 10 });
      await again.close();
      // Assess
      expect([first, second]).toEqual([0, 0]);
      expect(opened.total).toBe(1);
      expect(opened.items[0]).toMatchObject({ kind: 'acm-certificate-expiry', status: 'open' });
      expect(after.total).toBe(1);
      expect(after.items[0]).toMatchObject({ id: opened.items[0]?.id, status: 'resolved' });
    } finally {
      await expiring.close();
      await renewed.close();
    }
  });
});
