/**
 * The distributed half of bench/scan.ts (`--workers N`): the same organization scanned by N
 * `opsradar worker` processes on PostgreSQL (env OPSRADAR_BENCH_DATABASE_URL, default the test
 * database, in a fresh schema dropped afterwards). Client CPU is every worker's plus this process's;
 * peak RSS is the largest worker's.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { enqueueScan } from '../src/scan/distributed.js';
import { openScanQueue } from '../src/scan/queue.js';
import type { Scanner } from '../src/scanners/types.js';
import { openStore } from '../src/store/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BASE_URL = process.env.OPSRADAR_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TICKS_PER_S = 100;

export interface DistributedFigures {
  status: string;
  coverage: Record<string, number>;
  occurrences: number;
  clientCalls: number;
  clientCpuMs: number;
  peakRssBytes: number;
  /** In-process mode: the scan process's memory after start-up and at its RSS peak. */
  memory?: { startup: NodeJS.MemoryUsage; peak: NodeJS.MemoryUsage };
  wallS: number;
}

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: BASE_URL });
  await client.connect();
  await client.query(text).finally(() => client.end());
}

/** CPU ms (user + system) of a live process, from /proc. */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_S) * 1000;
}

function rssOf(pid: number): number {
  const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(line?.[1] ?? 0) * 1024;
}

function startWorker(db: string, endpoint: string, jobs: number, concurrency: number): Promise<ChildProcess> {
  const args = [
    ...['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), '--lang', 'en', '--db', db, 'worker'],
    ...['--jobs', String(jobs), '--concurrency', String(concurrency), '--endpoint-url', endpoint],
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'AKIABENCHMARK0000001',
      AWS_SECRET_ACCESS_KEY: 'bench-secret',
      AWS_REGION: 'us-east-1',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('Worker ready')) {
        child.stderr?.off('data', onData);
        child.stderr?.resume();
        resolve(child);
      }
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker exited (${code}): ${seen}`)));
  });
}

export async function runDistributed(options: {
  endpoint: string;
  workers: number;
  jobsPerWorker: number;
  concurrency: number;
  scanners: readonly Scanner[];
  onProgress: (line: string) => void;
}): Promise<DistributedFigures> {
  const schema = `bench_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await admin(`create schema ${schema}`);
  const db = `${BASE_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const perJob = Math.max(1, Math.ceil(options.concurrency / (options.workers * options.jobsPerWorker)));
  const store = await openStore(db);
  const queue = await openScanQueue(db);
  const children: ChildProcess[] = [];
  try {
    for (let i = 0; i < options.workers; i++)
      children.push(await startWorker(db, options.endpoint, options.jobsPerWorker, perJob));
    const cpuBefore = children.map((c) => cpuMsOf(c.pid as number));
    const ownBefore = process.cpuUsage();
    let peakRss = 0;
    const started = performance.now();
    const { runId } = await enqueueScan(store, queue, {
      aws: {
        endpoint: options.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIABENCHMARK0000001', secretAccessKey: 'bench-secret' },
      },
      org: true,
      roleName: 'OrganizationAccountAccessRole',
      scanners: options.scanners.map((s) => s.id),
      horizonDays: Object.fromEntries(options.scanners.flatMap((s) => s.eventKinds.map((k) => [k, 60]))),
      settings: {},
      parameters: { bench: true },
      policy: { timeoutSeconds: 900, retries: 1 },
    });
    let lastPrint = started;
    for (;;) {
      for (const c of children) peakRss = Math.max(peakRss, rssOf(c.pid as number));
      const p = await store.scanJobs.progress(runId);
      if (p?.closed) break;
      const now = performance.now();
      if (p && now - lastPrint > 5000) {
        lastPrint = now;
        options.onProgress(
          `  ${((now - started) / 1000).toFixed(0)}s: ${p.jobsDone}/${p.jobsTotal} jobs, ${p.calls} calls, ${p.occurrences} found\n`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const wallS = (performance.now() - started) / 1000;
    const own = process.cpuUsage(ownBefore);
    const workerCpu = children.reduce((sum, c, i) => sum + cpuMsOf(c.pid as number) - (cpuBefore[i] ?? 0), 0);
    const p = await store.scanJobs.progress(runId);
    return {
      status: p?.status ?? 'unknown',
      coverage: p?.accountRegions ?? {},
      occurrences: p?.occurrences ?? 0,
      clientCalls: p?.calls ?? 0,
      clientCpuMs: workerCpu + (own.user + own.system) / 1000,
      peakRssBytes: peakRss,
      wallS,
    };
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(
      children.map((c) => new Promise((r) => (c.exitCode === null ? c.once('exit', r) : r(0)))),
    );
    await queue.stop();
    await store.close();
    await admin(`drop schema if exists ${schema} cascade; drop schema if exists ${schema}_jobs cascade`);
  }
}
