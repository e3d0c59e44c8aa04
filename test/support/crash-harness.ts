import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { sql } from 'kysely';
import { DEMO_AUTHSERV_ID, demoMail } from '../../src/ingest/email/demo.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { mulberry32 } from './notify-crash.js';
import { type FreshLocation, openRaw, type StoreTarget } from './stores.js';

/**
 * The crash harness of issue #15: the real `opsradar serve` (EventBridge push route), `ingest mail`
 * (a Maildir) and `scan` (against the sandbox) run as child processes, side by side, and are killed
 * with SIGKILL at seeded points while a pusher here sends AWS Health events and records which got
 * a 2xx. After the last kill everything is started again and left to finish; then each acknowledged
 * event must be stored exactly once, and the work items must be the ones a clean run without kills
 * makes from the same inputs, one per key.
 */

const MAIN_SOURCE = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const API_KEY = 'crash-harness-key-0123456789';
const ACCOUNT = '123456789012';
/** Scanners with findings in the demo organization; the scan writes while the others do. */
const SCANNERS = 'acm-certificate-expiry,rds-pending-maintenance,lambda-runtime-deprecation';

/** What the tests assert of a harness run: nothing lost, nothing duplicated, nothing failed. */
export function crashProblems(figures: CrashFigures, events: number): string[] {
  const problems = [...figures.failures];
  if (figures.acknowledged !== events) problems.push(`${figures.acknowledged}/${events} events acknowledged`);
  if (figures.duplicates || figures.lost)
    problems.push(`events: ${figures.duplicates} duplicated, ${figures.lost} lost`);
  const { occurrences: o, workItems: w } = figures;
  if (o.lost || o.extra) problems.push(`occurrences: ${o.lost} lost, ${o.extra} extra`);
  if (w.lost || w.extra || w.duplicated || w.clean !== w.crashed) {
    problems.push(
      `work items: ${w.crashed} vs ${w.clean} clean, ${w.lost} lost, ${w.extra} extra, ${w.duplicated} duplicated`,
    );
  }
  if (figures.stuckCountedSuccessful)
    problems.push(`${figures.stuckCountedSuccessful} unfinished scans counted successful`);
  return problems;
}

export interface CrashOptions {
  store: StoreTarget;
  /** Planned kills, one process each (the ones still alive at the end are killed too). */
  runs: number;
  seed: number;
  /** Health events pushed over the rounds. */
  events?: number;
  /** Extra EC2 retirement notices in the Maildir, besides the demo's. */
  mails?: number;
  /** Each kill falls 100 ms to this many milliseconds after the previous one (default 1500). */
  killWindowMs?: number;
  /** Scanners and regions of the scan (default: three scanners, every region of the demo). */
  scanners?: string;
  regions?: string;
  log?: (line: string) => void;
}

export interface CrashFigures {
  store: string;
  runs: number;
  kills: number;
  killsBy: Record<Role, number>;
  /** Push attempts, and the events answered 2xx (acknowledged) during the kills and in all. */
  pushes: number;
  acknowledgedDuringKills: number;
  acknowledged: number;
  /** Acknowledged events found in the store after the kills (before the final, clean completion). */
  storedAfterKills: number;
  /** Acknowledged events with more than one stored sighting, or none at all (after the kills, and at the end). */
  duplicates: number;
  lost: number;
  /** Occurrence identities (source, account, region, resource) against the clean run. */
  occurrences: { clean: number; crashed: number; lost: number; extra: number };
  /** Work items by kind + account + region + resource against the clean run; duplicated: keys held by more than one item. */
  workItems: { clean: number; crashed: number; lost: number; extra: number; duplicated: number };
  /** Scan runs by status; killed scans must never be complete or partial. */
  scanRuns: Record<string, number>;
  /** Scan runs that count as successful (complete/partial) without having finished. */
  stuckCountedSuccessful: number;
  /** Processes that ended with an error of their own (not killed), with what they said. */
  failures: string[];
}

type Role = 'serve' | 'mail' | 'scan';

interface Child {
  role: Role;
  process: ChildProcess;
  exited: Promise<number | null>;
  killed: boolean;
  stderr: string;
}

/**
 * The CLI bundled once per process, split at its lazy imports (each command loads only what it needs): a start costs
 * a fraction of tsx's, which makes 50+ rounds affordable. Under the repo's ignored tmp/ so packages resolve.
 */
function buildCli(): Promise<string> {
  built ??= bundleCli();
  return built.then((cli) => cli.path);
}
let built: Promise<{ path: string; dispose(): void }> | undefined;

/** Removes the bundled CLI (call once, after the last harness run of the process). */
export async function disposeCrashCli(): Promise<void> {
  const cli = await built;
  built = undefined;
  cli?.dispose();
}

async function bundleCli(): Promise<{ path: string; dispose(): void }> {
  const path = join(REPO, 'tmp', `crash-${randomUUID()}`, 'main.js');
  mkdirSync(dirname(path), { recursive: true });
  await build({
    entryPoints: [MAIN_SOURCE],
    outdir: dirname(path),
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3', 'pg-native', 'exceljs', 'playwright-core'],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'error',
  });
  return { path, dispose: () => rmSync(dirname(path), { recursive: true, force: true }) };
}

/** The N-th Health event: an EC2 retirement of its own instance, so each is its own work item. */
function healthEvent(n: number): { id: string; arn: string; body: string } {
  const id = `crash-event-${String(n).padStart(4, '0')}`;
  const arn = `arn:aws:health:ap-northeast-1::event/EC2/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED/CRASH_${n}`;
  const instance = `i-0c0ffee${String(n).padStart(10, '0')}`;
  const body = JSON.stringify({
    version: '0',
    id,
    'detail-type': 'AWS Health Event',
    source: 'aws.health',
    account: ACCOUNT,
    time: '2026-11-20T06:27:57Z',
    region: 'ap-northeast-1',
    resources: [instance],
    detail: {
      eventArn: arn,
      service: 'EC2',
      eventTypeCode: 'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED',
      eventTypeCategory: 'scheduledChange',
      startTime: 'Fri, 04 Dec 2026 00:00:00 GMT',
      lastUpdatedTime: 'Fri, 20 Nov 2026 06:20:00 GMT',
      statusCode: 'upcoming',
      eventDescription: [{ language: 'en_US', latestDescription: `Instance ${instance} will be retired.` }],
      affectedEntities: [{ entityValue: instance }],
      affectedAccount: ACCOUNT,
    },
  });
  return { id, arn, body };
}

/** The demo's notices plus `extra` EC2 retirement notices, verified by the demo's receiving server. */
function writeMaildir(dir: string, extra: number, now: Date): void {
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(dir, sub), { recursive: true });
  const demo = demoMail(now);
  demo.forEach((mail, i) => {
    writeFileSync(join(dir, 'cur', `${String(i).padStart(4, '0')}.demo:2,S`), mail.raw);
  });
  const template = demo[0]?.raw.toString('latin1') ?? '';
  for (let i = 0; i < extra; i += 1) {
    const instance = `i-0ma11${String(i).padStart(12, '0')}`;
    const raw = template
      .replace(/demo-ec2-retirement-[0-9a-f]+@/, `crash-mail-${i}@`)
      .replaceAll('i-0a1b2c3d4e5f60718', instance);
    writeFileSync(join(dir, 'cur', `${String(1000 + i)}.crash:2,S`), Buffer.from(raw, 'latin1'));
  }
}

interface World {
  cli: string;
  sandbox: Sandbox;
  dir: string;
  config: string;
  maildir: string;
  scanArgs: string[];
  env: NodeJS.ProcessEnv;
}

function dbArg(location: FreshLocation): string {
  return location.pgSchema
    ? `${location.target}?options=${encodeURIComponent(`-c search_path=${location.pgSchema}`)}`
    : location.target;
}

function startChild(world: World, location: FreshLocation, role: Role): Child {
  const args: Record<Role, string[]> = {
    serve: ['serve', '--port', '0'],
    mail: ['ingest', 'mail', world.maildir, '--format', 'json'],
    scan: ['scan', '--org', '--endpoint-url', world.sandbox.url, '--format', 'json', ...world.scanArgs],
  };
  const child = spawn(
    process.execPath,
    [world.cli, '--lang', 'en', '--db', dbArg(location), '--config', world.config, ...args[role]],
    { stdio: ['ignore', 'pipe', 'pipe'], env: world.env },
  );
  const record: Child = {
    role,
    process: child,
    killed: false,
    stderr: '',
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
  child.stderr?.on('data', (chunk: Buffer) => {
    if (record.stderr.length < 4000) record.stderr += chunk.toString('utf8');
  });
  child.stdout?.resume();
  return record;
}

/** Resolves with the server's URL once it listens, or null when it died first. */
function serverUrl(child: Child): Promise<string | null> {
  return new Promise((resolve) => {
    let out = '';
    child.process.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(out)?.[0];
      if (url) resolve(url);
    });
    void child.exited.then(() => resolve(null));
  });
}

function kill(child: Child): boolean {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return false;
  child.killed = true;
  child.process.kill('SIGKILL');
  return true;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends events one at a time, in order, each until it is acknowledged; EventBridge retries the same way. */
class Pusher {
  url: string | null = null;
  readonly acknowledged = new Set<string>();
  pushes = 0;
  private next = 0;
  get remaining(): number {
    return this.events.length - this.next;
  }
  constructor(private readonly events: ReturnType<typeof healthEvent>[]) {}

  /** Pushes until `stop()` says so or every event is acknowledged, at most one new event per `gapMs`. */
  async run(stop: () => boolean, gapMs = 0): Promise<void> {
    let lastNew = 0;
    while (!stop() && this.next < this.events.length) {
      const event = this.events[this.next] as ReturnType<typeof healthEvent>;
      if (!this.url || performance.now() - lastNew < gapMs) {
        await sleep(10);
        continue;
      }
      this.pushes += 1;
      try {
        const response = await fetch(`${this.url}/ingest/eventbridge`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
          body: event.body,
          signal: AbortSignal.timeout(10_000),
        });
        await response.arrayBuffer();
        if (response.status >= 200 && response.status < 300) {
          this.acknowledged.add(event.id);
          this.next += 1;
          lastNew = performance.now();
        } else if (response.status !== 503) {
          throw new Error(`push ${event.id}: HTTP ${response.status}`);
        } else await sleep(20);
      } catch (error) {
        if ((error as Error).message.startsWith('push ')) throw error;
        await sleep(10); // the server was killed under the request: not acknowledged, sent again
      }
    }
  }
}

interface Kill {
  afterMs: number;
  role: Role;
}

/**
 * Runs the three processes side by side, restarting each when it ends or is killed, and kills one
 * per planned step; after the last step every process still alive is killed too.
 */
async function killPhase(
  world: World,
  location: FreshLocation,
  pusher: Pusher,
  kills: readonly Kill[],
  killsBy: Record<Role, number>,
  failures: string[],
): Promise<void> {
  const live: Partial<Record<Role, Child>> = {};
  let listening: Promise<string | null> = Promise.resolve(null);
  let running = true;
  const spawnRole = (role: Role): void => {
    const child = startChild(world, location, role);
    live[role] = child;
    if (role === 'serve') {
      listening = serverUrl(child);
      void listening.then((url) => {
        if (live.serve === child && url) pusher.url = url;
      });
      return;
    }
    void child.exited.then((code) => {
      if (!child.killed && code !== 0 && code !== 2)
        failures.push(`${role} exited ${code}: ${child.stderr.slice(0, 500)}`);
      if (running && live[role] === child) spawnRole(role);
    });
  };
  for (const role of ['serve', 'mail', 'scan'] as const) spawnRole(role);
  const total = kills.reduce((sum, k) => sum + k.afterMs, 0);
  const pushing = pusher.run(() => !running, total / Math.max(1, pusher.remaining));
  for (const step of kills) {
    // The server is killed while it serves (pushes in flight), not only while it starts.
    if (step.role === 'serve') await listening;
    await sleep(step.afterMs);
    const child = live[step.role];
    if (!child) continue;
    if (step.role === 'serve') pusher.url = null;
    if (kill(child)) killsBy[step.role] += 1;
    await child.exited;
    if (step.role === 'serve') spawnRole('serve');
  }
  running = false;
  await pushing;
  pusher.url = null;
  for (const child of Object.values(live)) if (child && kill(child)) killsBy[child.role] += 1;
  await Promise.all(Object.values(live).map((c) => c?.exited));
}

/** Runs the three processes to their end, without kills: the clean run, and the completion after the kills. */
async function completion(
  world: World,
  location: FreshLocation,
  pusher: Pusher,
  failures: string[],
): Promise<void> {
  const server = startChild(world, location, 'serve');
  const others = [startChild(world, location, 'mail'), startChild(world, location, 'scan')];
  const url = await serverUrl(server);
  if (!url) throw new Error(`serve died on start: ${server.stderr.slice(0, 2000)}`);
  pusher.url = url;
  await Promise.all([pusher.run(() => false), ...others.map((c) => c.exited)]);
  pusher.url = null;
  server.process.kill('SIGTERM');
  await server.exited;
  for (const child of others) {
    const code = child.process.exitCode;
    if (code !== 0 && code !== 2)
      failures.push(`${child.role} exited ${code}: ${child.stderr.slice(0, 500)}`);
  }
}

interface Snapshot {
  occurrences: Map<string, number>;
  items: Map<string, number>;
  runs: Array<{ status: string; finished: boolean }>;
}

async function snapshot(location: FreshLocation): Promise<Snapshot> {
  const db = openRaw(location.target, location.pgSchema);
  try {
    const occ = await db
      .selectFrom('occurrences')
      .select(['source_ref', 'account_id', 'region', 'resource', sql<number>`count(*)`.as('n')])
      .groupBy(['source_ref', 'account_id', 'region', 'resource'])
      .execute();
    const items = await db
      .selectFrom('work_items')
      .select(['kind', 'account_id', 'region', 'resource', sql<number>`count(*)`.as('n')])
      .groupBy(['kind', 'account_id', 'region', 'resource'])
      .execute();
    const runs = await db
      .selectFrom('scan_runs')
      .select(['status', 'finished_at'])
      .where('kind', '=', 'scan')
      .execute();
    return {
      occurrences: new Map(
        occ.map((r) => [`${r.source_ref}|${r.account_id}|${r.region}|${r.resource}`, Number(r.n)]),
      ),
      items: new Map(items.map((r) => [`${r.kind}|${r.account_id}|${r.region}|${r.resource}`, Number(r.n)])),
      runs: runs.map((r) => ({ status: r.status, finished: r.finished_at !== null })),
    };
  } finally {
    await db.destroy();
  }
}

function compare(clean: Map<string, number>, crashed: Map<string, number>) {
  const lost = [...clean.keys()].filter((k) => !crashed.has(k)).length;
  const extra = [...crashed.keys()].filter((k) => !clean.has(k)).length;
  const duplicated = [...crashed.values()].filter((n) => n > 1).length;
  return { clean: clean.size, crashed: crashed.size, lost, extra, duplicated };
}

/** Seeded kills: a moment within the window after the previous one, and whom (the server half the time). */
function plan(options: CrashOptions, windowMs: number): Kill[] {
  const random = mulberry32(options.seed);
  return Array.from({ length: options.runs }, () => {
    const afterMs = Math.floor(100 + random() * windowMs);
    const roll = random();
    return { afterMs, role: roll < 0.5 ? 'serve' : roll < 0.75 ? 'mail' : 'scan' };
  });
}

/** One store: a clean run, then the crashed run with `runs` kill rounds, then the comparison. */
export async function crashHarness(options: CrashOptions): Promise<CrashFigures> {
  const log = options.log ?? (() => undefined);
  const events = Array.from({ length: options.events ?? 60 }, (_, i) => healthEvent(i));
  const cli = await buildCli();
  log(`${options.store.name}: CLI built`);
  const dir = join(REPO, 'tmp', `crash-world-${randomUUID()}`);
  mkdirSync(dir, { recursive: true });
  const sandbox = await startSandbox({ scenario: 'demo' });
  const locations: FreshLocation[] = [];
  try {
    const world: World = {
      cli,
      sandbox,
      dir,
      config: join(dir, 'config.yaml'),
      maildir: join(dir, 'Maildir'),
      scanArgs: [
        '--scanners',
        options.scanners ?? SCANNERS,
        ...(options.regions ? ['--regions', options.regions] : []),
      ],
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        AWS_ACCESS_KEY_ID: 'AKIACRASHHARNESS0001',
        AWS_SECRET_ACCESS_KEY: 'crash-harness-secret',
        AWS_REGION: 'us-east-1',
        AWS_CONFIG_FILE: join(dir, 'no-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
        AWS_PROFILE: '',
        OPSRADAR_DATABASE_URL: '',
      },
    };
    writeFileSync(
      world.config,
      `ingest:\n  eventbridge:\n    apiKeyHeader: x-api-key\n    apiKey: ${API_KEY}\nmail:\n  authservId: ${DEMO_AUTHSERV_ID}\n`,
    );
    writeMaildir(world.maildir, options.mails ?? 40, new Date());
    const failures: string[] = [];

    // The clean run: same inputs, nothing killed; its time sets the window the kills fall in.
    const clean = await options.store.fresh();
    locations.push(clean);
    const started = performance.now();
    await completion(world, clean, new Pusher(events), failures);
    const cleanMs = performance.now() - started;
    const expected = await snapshot(clean);
    log(`${options.store.name}: clean run ${Math.round(cleanMs)} ms`);

    const crashed = await options.store.fresh();
    locations.push(crashed);
    const pusher = new Pusher(events);
    const killsBy: Record<Role, number> = { serve: 0, mail: 0, scan: 0 };
    // Kills a few hundred milliseconds to a second or so apart: the processes are mid-write most of the time.
    const kills = plan(options, options.killWindowMs ?? 1500);
    await killPhase(world, crashed, pusher, kills, killsBy, failures);
    log(`${options.store.name}: kill phase done`);
    const afterKills = await snapshot(crashed);
    const acknowledgedDuringKills = new Set(pusher.acknowledged);
    const sightings = (arn: string) =>
      [...afterKills.occurrences].filter(([k]) => k.startsWith(`${arn}|`)).reduce((n, [, c]) => n + c, 0);
    const byId = new Map(events.map((e) => [e.id, e.arn]));
    let storedAfterKills = 0;
    let duplicates = 0;
    let lost = 0;
    for (const id of acknowledgedDuringKills) {
      const n = sightings(byId.get(id) ?? '');
      if (n >= 1) storedAfterKills += 1;
      if (n > 1) duplicates += 1;
      if (n === 0) lost += 1;
    }
    // Then everything runs to its end once more, as after a real restart.
    await completion(world, crashed, pusher, failures);
    log(`${options.store.name}: completion done`);
    const final = await snapshot(crashed);
    // Every event is acknowledged in the end; each must then be stored exactly once.
    for (const event of events) {
      const n = [...final.occurrences]
        .filter(([k]) => k.startsWith(`${event.arn}|`))
        .reduce((a, [, c]) => a + c, 0);
      if (n > 1) duplicates += 1;
      if (n === 0 && pusher.acknowledged.has(event.id)) lost += 1;
    }
    const occurrences = compare(expected.occurrences, final.occurrences);
    const scanRuns: Record<string, number> = {};
    for (const r of final.runs) scanRuns[r.status] = (scanRuns[r.status] ?? 0) + 1;
    const countedSuccessful = final.runs.filter(
      (r) => (r.status === 'complete' || r.status === 'partial') && !r.finished,
    ).length;
    return {
      store: options.store.name,
      runs: options.runs,
      kills: killsBy.serve + killsBy.mail + killsBy.scan,
      killsBy,
      pushes: pusher.pushes,
      acknowledgedDuringKills: acknowledgedDuringKills.size,
      acknowledged: pusher.acknowledged.size,
      storedAfterKills,
      duplicates,
      lost,
      occurrences: {
        clean: occurrences.clean,
        crashed: occurrences.crashed,
        lost: occurrences.lost,
        extra: occurrences.extra,
      },
      workItems: compare(expected.items, final.items),
      scanRuns,
      stuckCountedSuccessful: countedSuccessful,
      failures,
    };
  } finally {
    await sandbox.close();
    for (const location of locations) await location.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
