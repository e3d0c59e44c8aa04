import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/index.js';
import { type IngestIo, ingestHealthCommand } from '../src/cli/ingest-health.js';
import { type Sandbox, startSandbox } from '../src/sandbox/index.js';
import { openStore } from '../src/store/index.js';

const catalog = loadCatalog();

describe('opsradar ingest health (real CLI path: STS + Health SDK clients against the sandbox)', () => {
  let sandbox: Sandbox;
  let dir: string;
  const saved = { ...process.env };
  beforeAll(async () => {
    // A fixed clock: relative scenario dates would otherwise move between the two runs.
    sandbox = await startSandbox({ scenario: 'demo', now: new Date() });
    dir = mkdtempSync(join(tmpdir(), 'opsradar-health-cli-'));
    process.env.AWS_REGION = 'us-east-1';
    process.env.AWS_SECRET_ACCESS_KEY = 'sandbox';
    delete process.env.AWS_PROFILE;
  });
  afterAll(async () => {
    process.env = saved;
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function io(out: string[], err: string[], lang: string): IngestIo {
    return {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      setExitCode: () => {},
      catalog: () => catalog,
      env: { LANG: lang },
    };
  }

  it('reads the organization view, then only changes, and says so in Japanese', async () => {
    // Prepare
    process.env.AWS_ACCESS_KEY_ID = 'AKIA111111111111CLI0';
    const db = join(dir, 'org.sqlite');
    const out: string[] = [];
    const err: string[] = [];
    // Act
    const first = await ingestHealthCommand(
      { org: true, format: 'table', db, endpointUrl: sandbox.url, lang: 'ja' },
      io(out, err, 'ja_JP.UTF-8'),
    );
    const second = await ingestHealthCommand(
      { org: true, format: 'json', db, endpointUrl: sandbox.url },
      io(out, err, 'en_US.UTF-8'),
    );
    // Assess
    expect([first, second]).toEqual([0, 0]);
    expect(out[0]).toMatch(
      /^AWS Health（111111111111 からの組織ビュー、API リージョン us-east-1）: イベント \d+ 件を取得/,
    );
    expect(out[0]).toContain('次回は');
    expect(JSON.parse(out[1] ?? '{}')).toMatchObject({ status: 'complete', events: 0 });
    expect(err).toEqual([]);
    const store = await openStore(db);
    try {
      const kinds = new Set((await store.occurrences.list({ limit: 1000 })).map((o) => o.kind));
      for (const kind of [
        'ec2-scheduled-event',
        'rds-pending-maintenance',
        'directconnect-maintenance',
        'vpn-maintenance',
        'lambda-runtime-deprecation',
        'abuse-report',
        'acm-certificate-expiry',
        null,
      ]) {
        expect(kinds).toContain(kind);
      }
    } finally {
      await store.close();
    }
  });

  it('explains a missing support plan and exits 2 (coverage gap), without a stack trace', async () => {
    // Prepare
    process.env.AWS_ACCESS_KEY_ID = 'AKIA444444444444CLI0';
    const out: string[] = [];
    const err: string[] = [];
    // Act
    const code = await ingestHealthCommand(
      { format: 'table', db: join(dir, 'basic.sqlite'), endpointUrl: sandbox.url },
      io(out, err, 'en_US.UTF-8'),
    );
    // Assess
    expect(code).toBe(2);
    expect(err.join('')).toMatch(
      /Account 444444444444 cannot use the AWS Health API: it needs a Business-class AWS Support plan/,
    );
    expect(err.join('')).toContain('opsradar deploy-template eventbridge');
    expect(err.join('')).not.toMatch(/\n\s+at /);
  });
});
