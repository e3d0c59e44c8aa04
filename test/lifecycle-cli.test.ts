import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { registerLifecycle } from '../src/cli/lifecycle.js';
import { LIFECYCLE_STALE_DAYS, staleLifecycleTables } from '../src/scanners/lifecycle.js';
import { openStore } from '../src/store/index.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'endoflife');
const NOW = new Date('2026-12-02T09:00:00Z');

/** Runs `opsradar lifecycle <args>` in process through the real commander program. */
async function opsradar(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const program = new Command('opsradar')
    .option('--lang <lang>')
    .option('--config <file>')
    .option('--db <pathOrUrl>')
    .exitOverride();
  registerLifecycle(program, { out: (t) => out.push(t), fetch: (...a) => fetch(...a), now: () => NOW });
  const saved = process.env.OPSRADAR_LIFECYCLE_DIR;
  if (env.OPSRADAR_LIFECYCLE_DIR) process.env.OPSRADAR_LIFECYCLE_DIR = env.OPSRADAR_LIFECYCLE_DIR;
  else delete process.env.OPSRADAR_LIFECYCLE_DIR;
  try {
    await program.parseAsync(args, { from: 'user' });
    return { output: out.join('\n'), error: undefined };
  } catch (error) {
    return { output: out.join('\n'), error: error as Error & { code?: string } };
  } finally {
    if (saved === undefined) delete process.env.OPSRADAR_LIFECYCLE_DIR;
    else process.env.OPSRADAR_LIFECYCLE_DIR = saved;
  }
}

let server: Server;
let baseUrl: string;
const requested: string[] = [];
beforeAll(async () => {
  // A local endoflife.date: recorded responses (see fixtures/endoflife/README.md), 404 for others.
  server = createServer((req, res) => {
    requested.push(req.url ?? '');
    const product = /^\/api\/([a-z0-9-]+)\.json$/.exec(req.url ?? '')?.[1];
    const file = product ? join(FIXTURES, `${product}.json`) : '';
    if (!file || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('opsradar lifecycle show', () => {
  it('prints every row of every table with its source and the day it was read (JSON)', async () => {
    const { output, error } = await opsradar(['lifecycle', 'show', '--format', 'json']);
    expect(error).toBeUndefined();
    const tables = JSON.parse(output) as Array<{ table: string; rows: Array<Record<string, unknown>> }>;
    // Every table the scanners read is shown: a new file in data/lifecycle/ must be listed too.
    const shipped = readdirSync(join(import.meta.dirname, '..', 'data', 'lifecycle'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.replace(/\.yaml$/, ''));
    expect(tables.map((t) => t.table).sort()).toEqual(shipped.sort());
    expect(shipped).toContain('tls-clients');
    for (const t of tables) {
      for (const row of t.rows) {
        expect(String(row.source), `${t.table} row`).toMatch(/^https:\/\//);
        expect(String(row.readOn), `${t.table} row`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
    const node20 = tables
      .find((t) => t.table === 'lambda-runtimes')
      ?.rows.find((r) => r.runtime === 'nodejs20.x');
    expect(node20).toMatchObject({
      deprecation: '2026-04-30',
      blockUpdate: '2027-08-31',
      readOn: '2026-12-02',
    });
  });

  it('prints one table as text and refuses an unknown one', async () => {
    const text = await opsradar(['lifecycle', 'show', 'os']);
    expect(text.output).toContain('rhel/10');
    expect(text.output).toContain('https://access.redhat.com/support/policy/updates/errata');
    const unknown = await opsradar(['lifecycle', 'show', 'kernels']);
    expect(unknown.error?.message).toContain('unknown lifecycle table "kernels"');
  });

  it('says what is wrong in Japanese with --lang ja, in English in an English locale, with exit code 2', async () => {
    const saved = {
      LANG: process.env.LANG,
      LC_ALL: process.env.LC_ALL,
      LC_MESSAGES: process.env.LC_MESSAGES,
    };
    process.env.LANG = 'C.UTF-8';
    delete process.env.LC_ALL;
    delete process.env.LC_MESSAGES;
    try {
      // Act
      const unknownJa = await opsradar(['--lang', 'ja', 'lifecycle', 'show', 'kernels']);
      const formatJa = await opsradar(['--lang', 'ja', 'lifecycle', 'show', '--format', 'csv']);
      const formatEn = await opsradar(['lifecycle', 'show', '--format', 'csv']);
      const noDirJa = await opsradar(['--lang', 'ja', 'lifecycle', 'update', '--base-url', baseUrl]);
      // Assess
      expect(unknownJa.error).toMatchObject({ code: 'USAGE', exitCode: 2 });
      expect(unknownJa.error?.message).toMatch(
        /^ライフサイクル表「kernels」はありません。表の一覧: .*tls-clients/,
      );
      expect(formatJa.error).toMatchObject({
        message: '--format には table か json を指定してください',
        exitCode: 2,
      });
      expect(formatEn.error).toMatchObject({ message: '--format must be table or json', exitCode: 2 });
      expect(noDirJa.error).toMatchObject({
        message:
          '更新先のディレクトリがありません。--dir、OPSRADAR_LIFECYCLE_DIR、設定の lifecycle.dir のいずれかを指定してください',
        code: 'USAGE',
        exitCode: 2,
      });
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});

describe('opsradar lifecycle update', () => {
  it('refreshes the user tables from endoflife.date and reports what changed', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'opsradar-lifecycle-update-'));
    try {
      // Act
      const { output, error } = await opsradar(
        ['lifecycle', 'update', '--base-url', baseUrl, '--format', 'json'],
        {
          OPSRADAR_LIFECYCLE_DIR: dir,
        },
      );
      // Assess
      expect(error).toBeUndefined();
      const report = JSON.parse(output) as {
        changes: Array<{
          table: string;
          key: string;
          change: string;
          facts: Array<{ fact: string; from: string | null; to: string | null }>;
        }>;
      };
      expect(requested).toContain('/api/aws-lambda.json');
      expect(requested).toContain('/api/amazon-aurora-postgresql.json');
      // python3.9 differs between endoflife.date's copy and our table: reported as a change.
      const py39 = report.changes.find((c) => c.key === 'python3.9');
      expect(py39?.facts).toContainEqual({ fact: 'deprecation', from: '2025-12-15', to: '2025-11-03' });
      // Unchanged rows are not reported; new ones are.
      expect(report.changes.find((c) => c.key === 'nodejs22.x')).toBeUndefined();
      expect(report.changes.find((c) => c.key === 'amazon-eks/1.34')?.change).toBe('added');
      const lambda = parse(readFileSync(join(dir, 'lambda-runtimes.yaml'), 'utf8')) as {
        rows: Array<Record<string, unknown>>;
      };
      const row = lambda.rows.find((r) => r.runtime === 'python3.9');
      expect(row).toMatchObject({
        deprecation: '2025-11-03',
        blockUpdate: '2026-01-08',
        source: 'https://endoflife.date/aws-lambda',
        readOn: '2026-12-02',
        os: 'Amazon Linux 2',
      });
      expect(lambda.rows.find((r) => r.runtime === 'ruby4.0')).toMatchObject({ deprecation: null });
      const os = parse(readFileSync(join(dir, 'os.yaml'), 'utf8')) as {
        rows: Array<Record<string, unknown>>;
      };
      expect(os.rows.find((r) => r.family === 'rhel' && r.version === '10')).toMatchObject({
        endOfExtendedSupport: '2038-05-31',
        source: 'https://endoflife.date/rhel',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints the table headings and the update summary in the --lang language', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'opsradar-lifecycle-update-'));
    try {
      // Act
      const showJa = await opsradar(['--lang', 'ja', 'lifecycle', 'show', 'os']);
      const showEn = await opsradar(['--lang', 'en', 'lifecycle', 'show', 'os']);
      const updateJa = await opsradar(['--lang', 'ja', 'lifecycle', 'update', '--base-url', baseUrl], {
        OPSRADAR_LIFECYCLE_DIR: dir,
      });
      const updateEn = await opsradar(['--lang', 'en', 'lifecycle', 'update', '--base-url', baseUrl], {
        OPSRADAR_LIFECYCLE_DIR: dir,
      });
      // Assess
      expect(showJa.output.split('\n')[0]).toMatch(/^表\s+行\s+日付\s+出典\s+確認日\s*$/);
      expect(showEn.output.split('\n')[0]).toMatch(/^table\s+row\s+dates\s+source\s+read on\s*$/);
      expect(updateJa.error).toBeUndefined();
      expect(updateJa.output.split('\n').at(-1)).toMatch(/^[1-9]\d* 件の変更を .+ に書き込みました$/);
      expect(updateJa.output).not.toContain('written to');
      // The second run reads what the first wrote: nothing left to change.
      expect(updateEn.output.split('\n').at(-1)).toBe(`0 change(s) written to ${dir}`);
      expect(updateEn.output).not.toContain('書き込みました');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails clearly when endoflife.date cannot be read, writing nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsradar-lifecycle-update-'));
    try {
      const { error } = await opsradar([
        'lifecycle',
        'update',
        '--base-url',
        `${baseUrl}/nowhere`,
        '--dir',
        dir,
      ]);
      expect(error?.message).toContain('HTTP 404');
      expect(existsSync(join(dir, 'lambda-runtimes.yaml'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('scan warns about old tables', () => {
  it(`flags a table read more than ${LIFECYCLE_STALE_DAYS} days ago`, () => {
    expect(LIFECYCLE_STALE_DAYS).toBe(90);
    const soon = staleLifecycleTables(new Date('2027-01-15T00:00:00Z'), { userDir: null });
    const later = staleLifecycleTables(new Date('2027-03-15T00:00:00Z'), { userDir: null });
    expect(soon.map((t) => t.table)).not.toContain('lambda-runtimes');
    expect(later.map((t) => t.table)).toContain('lambda-runtimes');
  });
});

describe('opsradar lifecycle show: the cached version catalog', () => {
  it('lists what scans cached from DescribeServiceLifecycle, with account and retrieval time, next to the tables', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'opsradar-lifecycle-catalog-'));
    const db = join(dir, 'store.sqlite');
    const store = await openStore(db);
    await store.versionCatalog.put({
      accountId: '222222222222',
      service: 'ELASTICACHE',
      retrievedAt: '2026-12-01T06:00:00.000Z',
      entries: [
        {
          service: 'ELASTICACHE',
          version: 'Redis OSS 6',
          recommendedVersion: 'Valkey 8.1',
          events: [
            {
              type: 'END_OF_STANDARD_SUPPORT',
              date: '2027-01-31T00:00:00.000Z',
              impactRisks: ['BILLING'],
              regions: ['all'],
            },
          ],
        },
      ],
    });
    await store.close();
    try {
      // Act
      const json = await opsradar(['--db', db, 'lifecycle', 'show', '--format', 'json']);
      const only = await opsradar(['--db', db, 'lifecycle', 'show', 'version-catalog']);
      const none = await opsradar([
        '--db',
        join(dir, 'absent.sqlite'),
        'lifecycle',
        'show',
        'version-catalog',
        '--format',
        'json',
      ]);
      // Assess
      expect(json.error).toBeUndefined();
      const tables = JSON.parse(json.output) as Array<{ table: string; rows: unknown[] }>;
      expect(tables.map((t) => t.table)).toContain('engine-versions');
      expect(tables.find((t) => t.table === 'version-catalog')?.rows).toEqual([
        {
          service: 'ELASTICACHE',
          version: 'Redis OSS 6',
          title: null,
          recommendedVersion: 'Valkey 8.1',
          events: [{ type: 'END_OF_STANDARD_SUPPORT', date: '2027-01-31T00:00:00.000Z', regions: ['all'] }],
          source: 'DescribeServiceLifecycle',
          sourceUrl:
            'https://docs.aws.amazon.com/health/latest/APIReference/API_DescribeServiceLifecycle.html',
          accountId: '222222222222',
          retrievedAt: '2026-12-01T06:00:00.000Z',
        },
      ]);
      expect(only.output).toMatch(
        /version-catalog\s+ELASTICACHE\/Redis OSS 6\s+END_OF_STANDARD_SUPPORT=2027-01-31\s+DescribeServiceLifecycle \(account 222222222222\)\s+2026-12-01T06:00:00.000Z/,
      );
      expect(only.output).not.toContain('engine-versions');
      // No store yet: an empty catalog, and no database file created by looking.
      expect(JSON.parse(none.output)).toEqual([
        { table: 'version-catalog', source: 'DescribeServiceLifecycle', rows: [] },
      ]);
      expect(existsSync(join(dir, 'absent.sqlite'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
