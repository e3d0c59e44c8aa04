/**
 * Benchmark: an organization-wide scan of a generated organization against the sandbox.
 *
 *   npx tsx bench/scan.ts [--accounts 1000] [--regions 17] [--latency 100] [--concurrency 128]
 *                         [--rate-limit aws|off] [--scanners all|periodic] [--json]
 *                         [--workers 2 [--worker-jobs 4]]   (distributed mode on PostgreSQL)
 *                         [--cpu-prof scan.cpuprofile]   (profile of the scan process; open in Chrome DevTools)
 *
 * The sandbox runs in a child process (its CPU is not the client's) with `latency` ms added to
 * every call and, by default, AWS's published per-account-region rates enforced. The scan runs here
 * with the real engine, SDK clients and a temporary SQLite store. Printed: wall time, calls,
 * calls/s, client CPU per call, peak RSS, throttled share, and the ratio of wall time to the lower
 * bound max(latency × calls / concurrency, the busiest rate-limited bucket's time).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { SandboxStats, ScenarioInput } from '../src/sandbox/index.js';
import { awsRate } from '../src/sandbox/rates.js';
import { STANDARD_REGIONS } from '../src/sandbox/regions.js';
import { runScan } from '../src/scan/engine.js';
import { scanners as registry } from '../src/scanners/index.js';
import { openStore } from '../src/store/index.js';
import { type DistributedFigures, runDistributed } from './scan-workers.js';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '1000' },
    regions: { type: 'string', default: '17' },
    latency: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '128' },
    'rate-limit': { type: 'string', default: 'aws' },
    scanners: { type: 'string', default: 'all' },
    'account-concurrency': { type: 'string' },
    child: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    /** Distributed mode: this many `opsradar worker` processes on PostgreSQL (see bench/scan-workers.ts). */
    workers: { type: 'string' },
    'worker-jobs': { type: 'string', default: '4' },
    'by-action': { type: 'boolean', default: false },
    /** Write a V8 CPU profile of the scan (this process only, not the sandbox) to this file. */
    'cpu-prof': { type: 'string' },
  },
});
const accounts = Number(values.accounts);
const regionCount = Math.min(Number(values.regions), STANDARD_REGIONS.length);
const latency = Number(values.latency);
const concurrency = Number(values.concurrency);
const rateLimit = values['rate-limit'] === 'off' ? undefined : ('aws' as const);

const PERIODIC = [
  'acm-certificate-expiry',
  'iam-server-certificate-expiry',
  'reservation-expiry',
  'route53-domain-expiry',
  'service-quota-increase',
];
const scanners = values.scanners === 'periodic' ? registry.filter((s) => PERIODIC.includes(s.id)) : registry;

const MGMT = 100_000_000_000;
const regions = STANDARD_REGIONS.slice(0, regionCount);

/** The golden AMI the bench's instances run: recent, so no AMI or OS finding comes from it. */
const GOLDEN_IMAGE = { id: 'ami-0abcdef1234567890', name: 'bench-golden-20261101', createdAt: '-30d' };

/**
 * A deterministic organization: every account has a few findings and a few healthy resources. As in
 * a real organization, what the findings are about runs beside them: the vCPU usage near its quota
 * comes from 15 m6i.4xlarge instances (240 vCPUs), the reservations pay for an instance and a DB
 * instance (the scanners ask only where something runs).
 */
function organization(): ScenarioInput {
  const home = regions.includes('us-east-1') ? 'us-east-1' : (regions[0] as string);
  const list = Array.from({ length: accounts }, (_, i) => {
    const id = String(MGMT + i);
    const busy = regions[(i * 7) % regions.length] as string;
    return {
      id,
      regions: {
        [home]: {
          acm: {
            certificates: [
              { domain: `app${i}.example.com`, notAfter: `${(i % 50) + 5}d`, inUseBy: [] },
              { domain: `www${i}.example.com`, notAfter: '300d' },
            ],
          },
          ec2: { instances: [{ type: 'm5.large' }], reservedInstances: [{ end: `${(i % 40) + 10}d` }] },
          ec2images: { images: [GOLDEN_IMAGE] },
        },
        [busy]: {
          servicequotas: {
            quotas: [
              {
                serviceCode: 'ec2',
                quotaCode: 'L-1216C47A',
                name: 'Running On-Demand Standard instances',
                value: 256,
                usage: 240,
                metric: {
                  dimensions: {
                    Service: 'EC2',
                    Type: 'Resource',
                    Resource: 'vCPU',
                    Class: 'Standard/OnDemand',
                  },
                },
              },
            ],
          },
          ec2: { instances: Array.from({ length: 15 }, () => ({ type: 'm6i.4xlarge' })) },
          ec2images: { images: [GOLDEN_IMAGE] },
          rds: {
            dbInstances: [{ id: `orders-${i}`, instanceClass: 'db.r6g.large' }],
            reservedDBInstances: [{ type: 'db.r6g.large', end: '200d' }],
          },
        },
      },
      global: {
        route53domains: {
          domains: [{ name: `brand${i}.example`, expiry: `${(i % 80) + 1}d`, autoRenew: i % 2 === 0 }],
        },
        iam: { serverCertificates: [{ name: `legacy-${i}`, expiration: '400d' }] },
      },
    };
  });
  return {
    organization: { managementAccount: String(MGMT), regions, optInRegions: [] },
    accounts: list,
  } as ScenarioInput;
}

type FromChild = { url: string } | { stats: SandboxStats; cpuMs: number };

async function child(): Promise<void> {
  // Imported here only: the scan process must not carry the sandbox's modules in its peak RSS.
  const { startSandbox } = await import('../src/sandbox/index.js');
  const sandbox = await startSandbox({
    scenario: organization(),
    knobs: { latencyMs: latency, ...(rateLimit ? { rateLimit } : {}) },
    recordCalls: 'count',
  });
  process.send?.({ url: sandbox.url } satisfies FromChild);
  process.on('message', (message: unknown) => {
    if (message === 'stats') {
      const cpu = process.cpuUsage();
      process.send?.({ stats: sandbox.stats, cpuMs: (cpu.user + cpu.system) / 1000 } satisfies FromChild);
    }
    if (message === 'stop') void sandbox.close().then(() => process.exit(0));
  });
}

function ask<T>(
  proc: ChildProcess,
  request: string | null,
  pick: (m: FromChild) => T | undefined,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromChild) => {
      const value = pick(message);
      if (value === undefined) return;
      proc.off('message', onMessage);
      resolve(value);
    };
    proc.on('message', onMessage);
    proc.once('exit', (code) => reject(new Error(`sandbox process exited (${code})`)));
    if (request) proc.send(request);
  });
}

/** The least time the calls could take: concurrency-limited latency, or the busiest rate-limited bucket. */
function lowerBound(stats: SandboxStats): { latencyBound: number; rateBound: number; busiest: string } {
  const latencyBound = (latency / 1000) * (stats.total / concurrency);
  let rateBound = 0;
  let busiest = '';
  if (rateLimit) {
    for (const [action, count] of Object.entries(stats.byAction)) {
      const [iam = '', op = ''] = action.split(':');
      const service = iam === 'es' ? 'opensearch' : iam;
      // Calls from the management account only (one bucket); the rest spread over account × region buckets.
      const perCaller = action === 'sts:AssumeRole' || action.startsWith('organizations:');
      const perBucket = perCaller
        ? count
        : count / (accounts * (action.startsWith('ec2:DescribeRegions') ? 1 : regionCount));
      const rate = awsRate(service, op);
      const seconds = Math.max(0, (perBucket - rate.burst) / rate.rate);
      if (seconds > rateBound) {
        rateBound = seconds;
        busiest = action;
      }
    }
  }
  return { latencyBound, rateBound, busiest };
}

/** The parts of the scan process's memory: V8 heap (used / reserved), buffers outside it, and the rest (code, native). */
function memoryTrack() {
  const startup = process.memoryUsage();
  let peak = startup;
  return {
    startup,
    get peak() {
      return peak;
    },
    sample(): void {
      const rss = process.memoryUsage.rss();
      if (rss > peak.rss) peak = process.memoryUsage();
    },
  };
}

/** `rss 350 MB = heap 120 used / 180 reserved, external 12 (buffers 3), other 150` */
function describeMemory(m: NodeJS.MemoryUsage): string {
  const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
  const other = m.rss - m.heapTotal - m.external;
  return `${mb(m.rss)} MB = V8 heap ${mb(m.heapUsed)} used / ${mb(m.heapTotal)} reserved, external ${mb(m.external)} (buffers ${mb(m.arrayBuffers)}), other ${mb(other)}`;
}

async function startProfile(): Promise<Session> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return session;
}

async function stopProfile(session: Session, file: string): Promise<void> {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
  process.stderr.write(`  CPU profile written to ${file}\n`);
}

/** The normal mode: one process, the engine, a temporary SQLite store. */
async function scanInProcess(url: string): Promise<DistributedFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'opsradar-bench-'));
  const store = await openStore(join(dir, 'bench.sqlite'));
  const memory = memoryTrack();
  const sampler = setInterval(memory.sample, 100);
  const profiler = values['cpu-prof'] ? await startProfile() : undefined;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let lastPrint = 0;
  const result = await runScan({
    store,
    org: true,
    scanners,
    aws: {
      endpoint: url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIABENCHMARK0000001', secretAccessKey: 'bench-secret' },
      maxSockets: concurrency + 16,
    },
    concurrency,
    ...(values['account-concurrency'] ? { accountConcurrency: Number(values['account-concurrency']) } : {}),
    horizonDays: () => 60,
    onProgress: (p) => {
      const now = performance.now();
      if (now - lastPrint < 5000) return;
      lastPrint = now;
      process.stderr.write(
        `  ${((now - started) / 1000).toFixed(0)}s: ${p.accountsDone}/${p.accountsTotal} accounts, ${p.calls} calls, ${p.occurrences} found\n`,
      );
    },
  });
  const wallS = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  if (profiler) await stopProfile(profiler, values['cpu-prof'] as string);
  clearInterval(sampler);
  memory.sample();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    status: result.status,
    coverage: result.summary.coverage as Record<string, number>,
    occurrences: result.stats.occurrences,
    clientCalls: result.stats.calls,
    clientCpuMs: (cpu.user + cpu.system) / 1000,
    peakRssBytes: memory.peak.rss,
    memory: { startup: memory.startup, peak: memory.peak },
    wallS,
  };
}

async function main(): Promise<void> {
  const proc = fork(fileURLToPath(import.meta.url), [...process.argv.slice(2), '--child'], {
    execArgv: process.execArgv,
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  const url = await ask(proc, null, (m) => ('url' in m ? m.url : undefined));
  const loadBefore = loadavg()[0] ?? 0;
  const workers = Number(values.workers ?? 0);
  // The sandbox child must not outlive a failed scan.
  const outcome = await (workers
    ? runDistributed({
        endpoint: url,
        workers,
        jobsPerWorker: Number(values['worker-jobs']),
        concurrency,
        scanners,
        onProgress: (line) => process.stderr.write(line),
      })
    : scanInProcess(url)
  ).catch((error: unknown) => {
    proc.kill();
    throw error;
  });
  const wall = outcome.wallS;
  const peakRss = outcome.peakRssBytes;
  const cpuMs = outcome.clientCpuMs;
  const result = {
    status: outcome.status,
    summary: { coverage: outcome.coverage },
    stats: { occurrences: outcome.occurrences, calls: outcome.clientCalls },
  };
  const { stats, cpuMs: sandboxCpuMs } = await ask(proc, 'stats', (m) => ('stats' in m ? m : undefined));
  const loadAfter = loadavg()[0] ?? 0;
  proc.send('stop');

  const bound = lowerBound(stats);
  const lower = Math.max(bound.latencyBound, bound.rateBound);
  const rows: Array<[string, string]> = [
    [
      'organization',
      `${accounts} accounts × ${regionCount} regions, ${latency} ms latency, rate limit ${rateLimit ?? 'off'}`,
    ],
    ['scanners', `${scanners.length} (${values.scanners})`],
    ['concurrency', String(concurrency)],
    [
      'machine load (1-min avg)',
      `${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, on ${availableParallelism()} cores`,
    ],
    ['status', `${result.status} (coverage: ${JSON.stringify(result.summary.coverage)})`],
    ['occurrences', String(result.stats.occurrences)],
    ['wall time', `${wall.toFixed(1)} s`],
    ['total calls', `${stats.total} (client counted ${result.stats.calls})`],
    ['calls/s', (stats.total / wall).toFixed(0)],
    [
      'client CPU per call',
      `${(cpuMs / result.stats.calls).toFixed(3)} ms (${(cpuMs / 1000).toFixed(1)} s total)`,
    ],
    ['sandbox CPU (child process)', `${(sandboxCpuMs / 1000).toFixed(1)} s`],
    ['peak RSS (scan process)', `${(peakRss / 1024 / 1024).toFixed(0)} MB`],
    ...(outcome.memory
      ? ([
          ['  at start-up', describeMemory(outcome.memory.startup)],
          ['  at the peak', describeMemory(outcome.memory.peak)],
        ] as Array<[string, string]>)
      : []),
    [
      'throttled',
      `${stats.throttled} (${((100 * stats.throttled) / Math.max(1, stats.total)).toFixed(3)} %)`,
    ],
    ['bound: latency × calls / concurrency', `${bound.latencyBound.toFixed(1)} s`],
    [
      'bound: busiest rate-limited bucket',
      `${bound.rateBound.toFixed(1)} s${bound.busiest ? ` (${bound.busiest})` : ''}`,
    ],
    ['ratio wall / lower bound', (wall / lower).toFixed(2)],
  ];
  if (values.json) {
    const accountRegions = accounts * regionCount;
    const figures = {
      wallS: Number(wall.toFixed(2)),
      calls: stats.total,
      callsPerAccountRegion: Number((stats.total / Math.max(1, accountRegions)).toFixed(2)),
      clientCpuMsPerCall: Number((cpuMs / Math.max(1, result.stats.calls)).toFixed(3)),
      peakRssMb: Math.round(peakRss / 1024 / 1024),
      throttledShare: Number((stats.throttled / Math.max(1, stats.total)).toFixed(5)),
      ratio: Number((wall / lower).toFixed(2)),
      accounts,
      regions: regionCount,
      status: result.status,
      load1: [Number(loadBefore.toFixed(1)), Number(loadAfter.toFixed(1))],
    };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return;
  }
  if (values['by-action']) {
    const perAr = (n: number) => (n / Math.max(1, accounts * regionCount)).toFixed(2);
    for (const [action, n] of Object.entries(stats.byAction).sort((a, b) => b[1] - a[1]))
      rows.push([`  ${action}`, `${n} (${perAr(n)} per account-region)`]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
}

if (values.child) await child();
else await main();
