import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerScan, type ScanIo, scanCommand } from '../src/cli/scan.js';
import { refreshWorkItems } from '../src/cli/workflow.js';
import { type Sandbox, type ScenarioInput, startSandbox } from '../src/sandbox/index.js';
import { enqueueScan } from '../src/scan/distributed.js';
import { runScan } from '../src/scan/engine.js';
import { openScanQueue } from '../src/scan/queue.js';
import { scanners as registry } from '../src/scanners/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { type FreshLocation, storeTargets, TEST_POSTGRES_URL } from './support/stores.js';

const NOW = new Date('2026-12-02T00:00:00.000Z');
const MGMT = 300_000_000_000;
const ACCOUNTS = 6;
const REGIONS = ['us-east-1', 'ap-northeast-1'];
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(ROOT, 'src/cli/main.ts');

/** Six accounts with certificates, domains and reserved instances, 40 ms per call: a job lasts long enough to be killed in. */
function organization(): ScenarioInput {
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({
    id: String(MGMT + i),
    regions: {
      'us-east-1': {
        acm: { certificates: [{ domain: `app${i}.example.com`, notAfter: `${10 + i}d`, inUseBy: [] }] },
        // An instance, so the reservation pays for something and is read (reservation-expiry's gate).
        ec2: { instances: [{ type: 'm6i.large', zone: 'a' }], reservedInstances: [{ end: `${20 + i}d` }] },
      },
      'ap-northeast-1': {
        acm: { certificates: [{ domain: `jp${i}.example.jp`, notAfter: `${30 + i}d`, inUseBy: [] }] },
      },
    },
    global: {
      route53domains: { domains: [{ name: `brand${i}.example`, expiry: `${5 + i}d`, autoRenew: false }] },
    },
  }));
  return {
    organization: { managementAccount: String(MGMT), regions: REGIONS, optInRegions: [] },
    knobs: { latencyMs: 40 },
    accounts,
  } as ScenarioInput;
}

/** The --db URL of a fresh PostgreSQL schema (its search_path), as a person would pass it. */
function dbUrl(location: FreshLocation): string {
  return `${location.target}?options=${encodeURIComponent(`-c search_path=${location.pgSchema}`)}`;
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  await client.query(`drop schema if exists ${schema} cascade`).finally(() => client.end());
}

interface Worker {
  child: ChildProcess;
  log: string[];
  /** Resolves on the first line matching. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

function startWorker(db: string, env: NodeJS.ProcessEnv): Worker {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', MAIN, '--lang', 'en', '--db', db, 'worker', '--jobs', '1', '--check-interval', '1'],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log: string[] = [];
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  let pending = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      log.push(line);
      for (const w of [...waiters])
        if (w.pattern.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
    }
  });
  return {
    child,
    log,
    waitFor(pattern, timeoutMs = 60_000) {
      const seen = log.find((line) => pattern.test(line));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve });
        setTimeout(() => reject(new Error(`no "${pattern}" in:\n${log.join('\n')}`)), timeoutMs).unref();
      });
    },
  };
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** What a scan found and covered, comparable across stores. */
async function outcome(store: Store, runId: string) {
  const occurrences = (await store.occurrences.list())
    .map((o) => `${o.kind} ${o.accountId} ${o.region} ${o.resource} ${o.eventDate}`)
    .sort();
  const coverage = (await store.scanRuns.coverage(runId)).map(
    (c) => `${c.accountId} ${c.region} ${c.scanner} ${c.status}`,
  );
  const items = (await store.workItems.list({}, { limit: 1000, offset: 0, sort: 'due' })).items
    .map((w) => `${w.kind} ${w.accountId} ${w.resource} ${w.status}`)
    .sort();
  return { occurrences, coverage, items };
}

/** Runs `opsradar --db DB --lang LANG scan status RUN` in process; returns what it printed. */
async function status(db: string, runId: string, lang: 'en' | 'ja'): Promise<string> {
  const out: string[] = [];
  const io: ScanIo = {
    out: (t) => out.push(t),
    err: () => undefined,
    interactive: false,
    setExitCode: () => {},
  };
  const program = new Command('opsradar')
    .option('--lang <lang>')
    .option('--db <db>')
    .option('--config <file>');
  registerScan(program, io);
  await program.parseAsync(['--db', db, '--lang', lang, 'scan', 'status', runId], { from: 'user' });
  return out.join('');
}

describe('a scan spread over workers on PostgreSQL', () => {
  let sandbox: Sandbox;
  const locations: FreshLocation[] = [];
  const workers: Worker[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'opsradar-distributed-'));
  const env = {
    AWS_ACCESS_KEY_ID: 'AKIADISTRIBUTEDTEST1',
    AWS_SECRET_ACCESS_KEY: 'distributed-secret-never-printed',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
    AWS_ENDPOINT_URL: '',
  };
  const saved = { ...process.env };

  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: organization(), now: NOW });
    env.AWS_ENDPOINT_URL = sandbox.url;
    Object.assign(process.env, env);
    delete process.env.AWS_PROFILE;
  });
  afterAll(async () => {
    for (const w of workers) w.child.kill('SIGKILL');
    process.env = saved;
    await sandbox?.close();
    for (const location of locations) {
      await location.dispose();
      if (location.pgSchema) await dropSchema(`${location.pgSchema}_jobs`);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const fresh = async () => {
    const postgres = storeTargets().find((t) => t.name === 'postgres');
    if (!postgres) throw new Error('no PostgreSQL target');
    const location = await postgres.fresh();
    locations.push(location);
    return location;
  };

  it('completes with full coverage and the findings of a one-process scan, though a worker is killed mid-job', async () => {
    // Arrange: the same organization scanned once by one process, as the reference.
    const single = await fresh();
    const reference = await openStore(dbUrl(single));
    const one = await runScan({ store: reference, org: true, now: NOW, aws: { endpoint: sandbox.url } });
    await refreshWorkItems(reference, { scanRunId: one.runId, now: NOW });
    const expected = await outcome(reference, one.runId);
    await reference.close();

    const spread = await fresh();
    const db = dbUrl(spread);
    const store = await openStore(db);
    const queue = await openScanQueue(db);
    const { runId, jobs } = await enqueueScan(store, queue, {
      org: true,
      roleName: 'OrganizationAccountAccessRole',
      scanners: registry.map((s) => s.id),
      horizonDays: {},
      settings: {},
      parameters: {},
      // Short enough that the killed worker's job comes back within the test.
      policy: { timeoutSeconds: 5, retries: 3 },
      now: NOW,
      aws: { endpoint: sandbox.url },
    });
    await queue.stop();
    expect(jobs).toBe(ACCOUNTS);

    // Act: worker A takes a job and is killed with SIGKILL in the middle of it; worker B carries on.
    const a = startWorker(db, env);
    workers.push(a);
    const taken = await a.waitFor(/Scanning account \d{12}/);
    a.child.kill('SIGKILL');
    await exited(a.child);
    const lost = /account (\d{12})/.exec(taken)?.[1] as string;
    const b = startWorker(db, env);
    workers.push(b);
    await b.waitFor(/Run .* finished/, 90_000);

    // Assess: the lost job ran again on B, the run closed once, complete, with what one process found.
    expect(b.log.some((l) => l.includes(`Scanning account ${lost}`) && l.includes('attempt 2'))).toBe(true);
    expect(b.log.filter((l) => /Run .* finished/.test(l))).toHaveLength(1);
    const progress = await store.scanJobs.progress(runId);
    expect(progress).toMatchObject({
      status: 'complete',
      jobsDone: ACCOUNTS,
      jobsTotal: ACCOUNTS,
      closed: true,
    });
    expect(progress?.accountRegions).toMatchObject({
      ok: ACCOUNTS * (REGIONS.length + 1),
      failed: 0,
      denied: 0,
    });
    const actual = await outcome(store, runId);
    expect(actual.occurrences.length).toBeGreaterThan(ACCOUNTS * 3);
    expect(actual).toEqual(expected);

    // `opsradar scan status RUN` shows it, in English and Japanese.
    await store.close();
    expect(await status(db, runId, 'en')).toContain(`Jobs: ${ACCOUNTS}/${ACCOUNTS} done`);
    const ja = await status(db, runId, 'ja');
    expect(ja).toContain(`スキャン実行 ${runId}: 完了`);
    expect(ja).toContain(`ジョブ: ${ACCOUNTS} 件中 ${ACCOUNTS} 件完了`);
    expect(ja).toContain(`スキャン済みのアカウント×リージョン: ${ACCOUNTS * 3} 件（正常 ${ACCOUNTS * 3}、`);
    b.child.kill('SIGTERM');
    expect(await exited(b.child)).toBe(0);
  }, 180_000);

  it('refuses --distributed on SQLite, saying why', async () => {
    const io: ScanIo = { out: () => {}, err: () => {}, interactive: false, setExitCode: () => {} };
    const db = join(dir, 'local.sqlite');
    await expect(
      scanCommand({ org: true, distributed: true, format: 'table', db, lang: 'en' }, io),
    ).rejects.toThrow(/--distributed needs the PostgreSQL store/);
    await expect(
      scanCommand({ org: true, distributed: true, format: 'table', db, lang: 'ja' }, io),
    ).rejects.toThrow(/PostgreSQL のストアが必要です/);
  });
});
