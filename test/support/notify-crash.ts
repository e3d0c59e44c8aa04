import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { RoutingConfig } from '../../src/core/routing.js';
import { DAY_MS } from '../../src/core/time.js';
import type { Occurrence } from '../../src/core/types.js';
import { verifyWebhook } from '../../src/notify/channels/webhook.js';
import { type KindLookup, messageKeys } from '../../src/notify/message.js';
import { openStore, type Store } from '../../src/store/index.js';
import type { FreshLocation, StoreTarget } from './stores.js';
import { testCatalog } from './work-items.js';

/**
 * The crash test of the notifier (issue #12): a child process runs the real `runNotifyPass` against
 * a store and delivers to a webhook receiver here; it is killed with SIGKILL at seeded points (on
 * the k-th request before or after the answer, or a delay after it opened the store) and started
 * again, with the clock past the claim lease, until a pass ends by itself. Then every due message
 * must have arrived, and a key may arrive twice only if it was the one in flight at a kill.
 */

export const HOOK_SECRET = 'crash-test-secret-0123456789';
const CHILD_SOURCE = fileURLToPath(new URL('./notify-crash-child.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** Seeded at T0; the notifier runs at T_RUN, 10:00 in Tokyo, after the 09:00 digest time. */
const T0 = new Date('2026-11-01T00:00:00.000Z');
const T_RUN = new Date('2026-12-02T01:00:00.000Z');
const LEASE_MS = 2_000;
const NO_ROUTING: RoutingConfig = { organizationalUnits: {}, rules: [] };

export interface ChildArgs {
  target: string;
  pgSchema?: string;
  receiverUrl: string;
  /** Which start of the notifier this is: it goes into the URL, so requests say who sent them. */
  generation: number;
  now: string;
  leaseMs: number;
}

export const crashKinds: KindLookup = (id) =>
  id === 'acm-certificate-expiry'
    ? { title: { ja: 'ACM 証明書の有効期限', en: 'ACM certificate expiry' }, reminderDays: [14, 7, 3, 0] }
    : undefined;

/** Two webhook channels: `ops` gets everything and a daily digest, `leads` the escalations. */
export function crashSettings(receiverUrl: string, generation: number): Record<string, unknown> {
  const url = (path: string) => `${receiverUrl}/${path}?gen=${generation}`;
  return {
    baseUrl: 'https://opsradar.example/',
    maxAttempts: 8,
    channels: [
      { name: 'ops', type: 'webhook', url: url('ops'), secretEnv: 'HOOK_SECRET', digestAt: '09:00' },
      { name: 'leads', type: 'webhook', url: url('leads'), secretEnv: 'HOOK_SECRET', digestAt: false },
    ],
    rules: [{ channel: 'ops', escalateTo: 'leads' }],
  };
}

/** mulberry32: a tiny seeded PRNG, so every run's kill points are the same each time. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Where a start of the notifier is killed: on its k-th request (before or after the answer) or after a delay. */
export type KillPoint =
  | { at: 'request'; k: number }
  | { at: 'response'; k: number; ms: number }
  | { at: 'timer'; ms: number }
  | { at: 'none' };

interface Received {
  key: string;
  generation: number;
}

interface CrashReceiver {
  url: string;
  received: Received[];
  /** Requests whose signature or body key did not check out. */
  rejected: number;
  /** Called on each request before it is answered: answer, or kill the sender before or after answering. */
  onRequest: (request: Received) => 'kill-before' | 'kill-after' | 'answer';
  close(): Promise<void>;
}

async function startReceiver(): Promise<CrashReceiver> {
  const receiver: CrashReceiver = {
    url: '',
    received: [],
    rejected: 0,
    onRequest: () => 'answer',
    close: async () => undefined,
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const request = {
        key: String(req.headers['idempotency-key']),
        generation: Number(url.searchParams.get('gen')),
      };
      receiver.received.push(request);
      const body = Buffer.concat(chunks).toString('utf8');
      const signed = verifyWebhook(
        HOOK_SECRET,
        {
          timestamp: String(req.headers['x-opsradar-timestamp']),
          signature: String(req.headers['x-opsradar-signature']),
          body,
        },
        T_RUN,
        600,
      );
      if (!signed || (JSON.parse(body) as { idempotencyKey?: string }).idempotencyKey !== request.key) {
        receiver.rejected++;
      }
      const action = receiver.onRequest(request);
      if (action === 'kill-before') return;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  // A killed sender resets its connections.
  server.on('connection', (socket) => socket.on('error', () => undefined));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}

function certificate(i: number, dueInDays: number): Occurrence {
  // ACM items are due 30 days (the kind's lead time) before the certificate expires.
  const due = T_RUN.getTime() + dueInDays * DAY_MS;
  return {
    kind: 'acm-certificate-expiry',
    accountId: '111122223333',
    region: 'ap-northeast-1',
    resource: `arn:aws:acm:ap-northeast-1:111122223333:certificate/crash-${i}`,
    eventDate: new Date(due + 30 * DAY_MS).toISOString(),
    source: 'scanner',
    sourceRef: 'scanner:acm-certificate-expiry:acm-certificate-expiry',
    title: `certificate ${i}`,
    evidence: {},
    observedAt: T0.toISOString(),
  };
}

/**
 * Seeds `count` items in four groups and returns the keys due at T_RUN: new items (announce), items
 * announced at T0 and due in 5 days (7-day reminder), new overdue items (announce + escalation),
 * announced overdue items (0-day reminder + escalation), and the day's digest.
 */
async function seed(store: Store, count: number): Promise<Set<string>> {
  const dueIn = [25, 5, -2, -1] as const;
  await store.occurrences.record(Array.from({ length: count }, (_, i) => certificate(i, dueIn[i % 4] ?? 0)));
  await store.workItems.syncFromOccurrences(testCatalog, NO_ROUTING, T0);
  const { items } = await store.workItems.list({ status: 'active' }, { limit: 1000, sort: 'id', now: T0 });
  const expected = new Set<string>([messageKeys.digest('2026-12-02', 'ops')]);
  const before = new Set<string>();
  for (const item of items) {
    const group = Number(item.resource.split('crash-')[1]) % 4;
    const due = item.dueDate ?? '';
    const announce = messageKeys.announce(item.id, 'ops');
    if (group === 1 || group === 3) before.add(announce);
    else expected.add(announce);
    if (group === 1) expected.add(messageKeys.reminder(item.id, 7, due, 'ops'));
    if (group === 3) expected.add(messageKeys.reminder(item.id, 0, due, 'ops'));
    if (group >= 2) expected.add(messageKeys.escalation(item.id, due, 'leads'));
  }
  // Announced a month ago: already in the outbox as sent.
  await store.notifyOutbox.enqueue(
    [...before].map((key) => ({
      idempotencyKey: key,
      channel: 'ops',
      purpose: 'announce' as const,
      workItemId: null,
      payload: {},
      notBefore: T0.toISOString(),
    })),
    T0,
  );
  for (let m = await store.notifyOutbox.claimNext(T0, 1000); m; ) {
    await store.notifyOutbox.markSent(m.id, T0);
    m = await store.notifyOutbox.claimNext(T0, 1000);
  }
  return expected;
}

const openAt = (location: FreshLocation) =>
  openStore(location.target, location.pgSchema ? { pgSchema: location.pgSchema } : {});

/** Seeds a fresh store with `items` work items; returns the idempotency keys due at T_RUN. */
export async function seedCrashStore(location: FreshLocation, items: number): Promise<Set<string>> {
  const store = await openAt(location);
  try {
    return await seed(store, items);
  } finally {
    await store.close();
  }
}

/**
 * The child as one ES module: a start then costs ~0.2 s instead of ~1 s under tsx, which makes 50+
 * runs affordable. Written under the repo's ignored tmp/ so better-sqlite3 resolves.
 */
export async function buildCrashChild(): Promise<{ path: string; dispose(): void }> {
  const path = join(REPO, 'tmp', `notify-crash-${randomUUID()}`, 'child.mjs');
  mkdirSync(dirname(path), { recursive: true });
  await build({
    entryPoints: [CHILD_SOURCE],
    outfile: path,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    // Packages bundled too (resolving them costs more than running the pass); native ones not.
    external: ['better-sqlite3', 'pg-native'],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  return { path, dispose: () => rmSync(dirname(path), { recursive: true, force: true }) };
}

interface Start {
  killed: boolean;
  exitCode: number | null;
  stdout: string;
}

/** Starts the notifier once and kills it at `kill` (if it gets there before it ends by itself). */
function start(childPath: string, args: ChildArgs, receiver: CrashReceiver, kill: KillPoint): Promise<Start> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [childPath, JSON.stringify(args)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let killed = false;
    let stdout = '';
    let stderr = '';
    const doKill = () => {
      if (killed || child.exitCode !== null) return;
      killed = true;
      child.kill('SIGKILL');
    };
    let seen = 0;
    receiver.onRequest = (request) => {
      if (request.generation !== args.generation || kill.at === 'none' || kill.at === 'timer')
        return 'answer';
      seen++;
      if (seen !== kill.k) return 'answer';
      if (kill.at === 'request') {
        doKill();
        return 'kill-before';
      }
      // Right after the answer, or a moment later: the sender may or may not have recorded it.
      setTimeout(doKill, kill.ms);
      return 'kill-after';
    };
    let timer = false;
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (kill.at === 'timer' && !timer && stdout.startsWith('ready')) {
        timer = true;
        setTimeout(doKill, kill.ms);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      receiver.onRequest = () => 'answer';
      if (!killed && code !== 0) reject(new Error(`notifier exited ${code}: ${stderr.slice(0, 2000)}`));
      else resolve({ killed, exitCode: code, stdout });
    });
  });
}

export interface RunResult {
  expected: number;
  starts: number;
  kills: number;
  /** Requests the receiver got (all starts). */
  messages: number;
  /** Second and later arrivals of a key that was in flight at a kill (allowed). */
  inFlightDuplicates: number;
  /** Expected keys that never arrived. */
  lost: string[];
  /** Keys that arrived more often than the kills that caught them in flight allow, or should not have come at all. */
  wrongDuplicates: string[];
  unexpected: string[];
  /** Outbox rows not sent at the end, with their state. */
  notSent: string[];
  /** Requests of one more clean pass after the drain (must be 0). */
  afterDrain: number;
  /** Requests with a bad signature or a body key other than the header's (must be 0). */
  rejected: number;
}

function killPlan(random: () => number, count: number): KillPoint[] {
  const kills = 1 + Math.floor(random() * 3);
  return Array.from({ length: kills }, (_, i): KillPoint => {
    const roll = random();
    // The first kill of a run always lands on a request, so every run kills at least once.
    if (i > 0 && roll < 0.34) return { at: 'timer', ms: Math.floor(random() * 120) };
    const k = 1 + Math.floor(random() * (count / 2));
    return roll < 0.67 ? { at: 'request', k } : { at: 'response', k, ms: Math.floor(random() * 4) };
  });
}

/** One run: seed, start and kill per the plan, start again until a pass ends by itself, check. */
export async function crashRun(options: {
  location: FreshLocation;
  expected: ReadonlySet<string>;
  childPath: string;
  seed: number;
  checkAfterDrain?: boolean;
}): Promise<RunResult> {
  const { location, expected } = options;
  const receiver = await startReceiver();
  try {
    const plan = killPlan(mulberry32(options.seed), expected.size);
    const killed: number[] = [];
    let generation = 0;
    const startAt = (kill: KillPoint) =>
      start(
        options.childPath,
        {
          target: location.target,
          ...(location.pgSchema ? { pgSchema: location.pgSchema } : {}),
          receiverUrl: receiver.url,
          generation,
          // Past the previous start's claims, so a message it was sending is taken again.
          now: new Date(T_RUN.getTime() + generation * (LEASE_MS + 1000)).toISOString(),
          leaseMs: LEASE_MS,
        },
        receiver,
        kill,
      );
    for (;;) {
      const kill = plan[generation] ?? { at: 'none' };
      const result = await startAt(kill);
      if (result.killed) killed.push(generation);
      generation++;
      if (!result.killed && generation >= plan.length) break;
    }
    const messages = receiver.received.length;
    if (options.checkAfterDrain) await startAt({ at: 'none' });
    const afterDrain = receiver.received.length - messages;
    const store = await openAt(location);
    try {
      return await check(store, {
        expected,
        killed,
        starts: generation,
        receiver,
        messages,
        afterDrain,
      });
    } finally {
      await store.close();
    }
  } finally {
    await receiver.close();
  }
}

async function check(
  store: Store,
  run: {
    expected: ReadonlySet<string>;
    /** The starts that were killed. */
    killed: number[];
    starts: number;
    receiver: CrashReceiver;
    messages: number;
    afterDrain: number;
  },
): Promise<RunResult> {
  const arrivals = new Map<string, number>();
  for (const r of run.receiver.received) arrivals.set(r.key, (arrivals.get(r.key) ?? 0) + 1);
  // The notifier sends one message at a time: only the last request of a killed start can have
  // gone unrecorded. Counted now, not at the kill: that request may reach the receiver after it.
  const allowed = new Map<string, number>();
  for (const generation of run.killed) {
    const last = run.receiver.received.filter((r) => r.generation === generation).at(-1);
    if (last) allowed.set(last.key, (allowed.get(last.key) ?? 0) + 1);
  }
  let inFlightDuplicates = 0;
  const wrongDuplicates: string[] = [];
  for (const [key, count] of arrivals) {
    if (count <= 1) continue;
    if (count - 1 <= (allowed.get(key) ?? 0)) inFlightDuplicates += count - 1;
    else wrongDuplicates.push(key);
  }
  const left = await store.notifyOutbox.list({ status: ['pending', 'sending', 'dead'] });
  return {
    expected: run.expected.size,
    starts: run.starts,
    kills: run.killed.length,
    messages: run.messages,
    inFlightDuplicates,
    lost: [...run.expected].filter((key) => !arrivals.has(key)),
    wrongDuplicates,
    unexpected: [...arrivals.keys()].filter((key) => !run.expected.has(key)),
    rejected: run.receiver.rejected,
    notSent: left.messages.map(
      (m) => `${m.idempotencyKey} ${m.status} attempts=${m.attempts} ${m.notBefore} ${m.lastError ?? ''}`,
    ),
    afterDrain: run.afterDrain,
  };
}

export interface CrashSummary {
  runs: number;
  kills: number;
  starts: number;
  expected: number;
  messages: number;
  inFlightDuplicates: number;
  lost: number;
  wrongDuplicates: number;
  unexpected: number;
  notSent: number;
  afterDrain: number;
  rejected: number;
}

export function summarize(results: readonly RunResult[]): CrashSummary {
  const sum = (f: (r: RunResult) => number) => results.reduce((total, r) => total + f(r), 0);
  return {
    runs: results.length,
    kills: sum((r) => r.kills),
    starts: sum((r) => r.starts),
    expected: sum((r) => r.expected),
    messages: sum((r) => r.messages),
    inFlightDuplicates: sum((r) => r.inFlightDuplicates),
    lost: sum((r) => r.lost.length),
    wrongDuplicates: sum((r) => r.wrongDuplicates.length),
    unexpected: sum((r) => r.unexpected.length),
    notSent: sum((r) => r.notSent.length),
    afterDrain: sum((r) => r.afterDrain),
    rejected: sum((r) => r.rejected),
  };
}

/**
 * `runs` crash runs, `concurrency` at a time, each on its own copy of a seeded store: SQLite runs
 * copy one seeded file; PostgreSQL runs seed a fresh schema each.
 */
export async function crashRuns(options: {
  store: StoreTarget;
  runs: number;
  items: number;
  seed: number;
  concurrency: number;
  /** Every n-th run ends with one more clean pass, which must send nothing. */
  checkAfterDrainEvery?: number;
}): Promise<RunResult[]> {
  const child = await buildCrashChild();
  const template = options.store.name === 'sqlite' ? await options.store.fresh() : undefined;
  try {
    const templateKeys = template ? await seedCrashStore(template, options.items) : undefined;
    const results: RunResult[] = [];
    let next = 0;
    const worker = async () => {
      for (let run = next++; run < options.runs; run = next++) {
        const location = template ? copySqlite(template.target) : await options.store.fresh();
        try {
          const expected = templateKeys ?? (await seedCrashStore(location, options.items));
          const every = options.checkAfterDrainEvery ?? 0;
          results[run] = await crashRun({
            location,
            expected,
            childPath: child.path,
            seed: options.seed + run,
            checkAfterDrain: every > 0 && run % every === 0,
          });
        } finally {
          await location.dispose();
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    return results;
  } finally {
    child.dispose();
    await template?.dispose();
  }
}

function copySqlite(file: string): FreshLocation {
  const dir = mkdtempSync(join(tmpdir(), 'opsradar-crash-'));
  const target = join(dir, 'opsradar.sqlite');
  copyFileSync(file, target);
  return { target, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
}
