/**
 * EventBridge push ingest throughput, on SQLite and PostgreSQL: AWS Health events POSTed in batches to
 * /ingest/eventbridge over HTTP (the real server, opened as `serve` opens its store: SQLite
 * synchronous=FULL), each acknowledged push stored and turned into work items before the answer.
 * Bound: at least 2,000 events/s.
 *
 *   npx tsx bench/ingest.ts [--events 20000] [--batch 200] [--concurrency 4] [--stores sqlite,postgres] [--json]
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadCatalog } from '../src/catalog/index.js';
import { createApp, SERVER_STORE_OPTIONS } from '../src/server/app.js';
import { listen } from '../src/server/listen.js';
import { openStore } from '../src/store/index.js';
import { storeTargets } from '../test/support/stores.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const EVENTS = Number(arg('events', '20000'));
const BATCH = Number(arg('batch', '200'));
const CONCURRENCY = Number(arg('concurrency', '4'));
const STORES = arg('stores', 'sqlite,postgres').split(',');
const JSON_OUT = process.argv.includes('--json');
const BOUND = 2000;
const API_KEY = 'bench-key-0123456789';
const NOW = new Date('2026-11-20T07:00:00Z');

/** One EC2 retirement per event, each its own Health event and instance: every event is a new item. */
function healthEvent(i: number) {
  const n = String(i).padStart(12, '0');
  const instance = `i-0${n}`;
  return {
    version: '0',
    id: `00000000-0000-4000-8000-${n}`,
    'detail-type': 'AWS Health Event',
    source: 'aws.health',
    account: '123456789012',
    time: '2026-11-20T06:27:57Z',
    region: 'ap-northeast-1',
    resources: [instance],
    detail: {
      eventArn: `arn:aws:health:ap-northeast-1::event/EC2/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED/BENCH_${n}`,
      service: 'EC2',
      eventTypeCode: 'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED',
      eventTypeCategory: 'scheduledChange',
      startTime: 'Fri, 04 Dec 2026 00:00:00 GMT',
      lastUpdatedTime: 'Fri, 20 Nov 2026 06:20:00 GMT',
      statusCode: 'upcoming',
      eventRegion: 'ap-northeast-1',
      eventDescription: [
        {
          language: 'en_US',
          latestDescription: `After 2026-12-04 00:00 UTC your instance ${instance} will be stopped.`,
        },
      ],
      affectedEntities: [{ entityValue: instance, tags: { Name: `web-${i}` } }],
      affectedAccount: '123456789012',
    },
  };
}

interface Figures {
  store: string;
  events: number;
  batch: number;
  concurrency: number;
  seconds: number;
  eventsPerSecond: number;
  ratioToBound: number;
  p95BatchMs: number;
  /** CPU time of this process (server + client) per event: what the load average cannot distort. */
  cpuMsPerEvent: number;
  workItems: number;
  rejected: number;
}

async function run(name: 'sqlite' | 'postgres'): Promise<Figures> {
  const target = storeTargets().find((t) => t.name === name);
  if (!target) throw new Error(`unknown store ${name}`);
  const location = await target.fresh();
  const store = await openStore(location.target, {
    ...SERVER_STORE_OPTIONS,
    ...(location.pgSchema ? { pgSchema: location.pgSchema } : {}),
  });
  const app = createApp({
    store,
    catalog: loadCatalog(),
    now: () => NOW,
    config: { path: null, raw: { ingest: { eventbridge: { apiKey: API_KEY } } } },
    // The server's one log line per push is not a figure: the bench prints only its own.
    ingestLog: () => undefined,
  });
  const server = await listen(app, { host: '127.0.0.1', port: 0 });
  const bodies: string[] = [];
  for (let start = 0; start < EVENTS; start += BATCH) {
    const batch = [];
    for (let i = start; i < Math.min(EVENTS, start + BATCH); i++) batch.push(healthEvent(i));
    bodies.push(JSON.stringify(batch));
  }
  const durations: number[] = [];
  let rejected = 0;
  let next = 0;
  const url = `http://127.0.0.1:${server.port}/ingest/eventbridge`;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++] as string;
      for (;;) {
        const t = performance.now();
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
          body,
        });
        await response.arrayBuffer();
        durations.push(performance.now() - t);
        if (response.status === 200) break;
        // A busy store answers 503 + Retry-After; the sender (EventBridge) retries.
        rejected += 1;
        if (response.status !== 503) throw new Error(`push failed: ${response.status}`);
      }
    }
  };
  try {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const { total } = await store.workItems.list({}, { limit: 1 });
    durations.sort((a, b) => a - b);
    const eventsPerSecond = EVENTS / seconds;
    return {
      store: name,
      events: EVENTS,
      batch: BATCH,
      concurrency: CONCURRENCY,
      seconds: Number(seconds.toFixed(2)),
      eventsPerSecond: Math.round(eventsPerSecond),
      ratioToBound: Number((eventsPerSecond / BOUND).toFixed(2)),
      p95BatchMs: Math.round(durations[Math.floor(durations.length * 0.95)] ?? 0),
      cpuMsPerEvent: Number(((cpu.user + cpu.system) / 1000 / EVENTS).toFixed(3)),
      workItems: total,
      rejected,
    };
  } finally {
    await server.close();
    await store.close();
    await location.dispose();
  }
}

// On a shared machine the figures are only as good as the CPU left over: the load is printed with them.
const loadBefore = loadavg().map((n) => Number(n.toFixed(2)));
const results: Figures[] = [];
for (const name of STORES) results.push(await run(name as 'sqlite' | 'postgres'));
const load = { before: loadBefore, after: loadavg().map((n) => Number(n.toFixed(2))) };
if (JSON_OUT) {
  console.log(JSON.stringify({ bound: BOUND, load, results }));
} else {
  for (const r of results) {
    console.log(
      `${r.store}: ${r.events} events in batches of ${r.batch} x ${r.concurrency} concurrent: ${r.seconds} s = ` +
        `${r.eventsPerSecond} events/s (ratio to ${BOUND}/s: ${r.ratioToBound}), p95 per batch ${r.p95BatchMs} ms, ` +
        `${r.cpuMsPerEvent} CPU ms per event, ` +
        `${r.workItems} work items, ${r.rejected} pushes answered 503`,
    );
  }
  console.log(`load average (1/5/15 min): before ${load.before.join(' ')}, after ${load.after.join(' ')}`);
}
