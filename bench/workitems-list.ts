/**
 * Work item list and filter queries with 100,000 work items, on SQLite and PostgreSQL.
 * Bound: p95 under 50 ms per `store.workItems.list()` call (items + total), as the dashboard needs.
 *   npx tsx bench/workitems-list.ts [count]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { DAY_MS } from '../src/core/time.js';
import { CATEGORIES } from '../src/core/types.js';
import { ACTIVE_STATUSES, WORK_ITEM_STATUSES } from '../src/core/workitems.js';
import type { WorkItemFilter } from '../src/store/index.js';
import { openTestStore, type TestStore } from '../test/support/stores.js';

const COUNT = Number(process.argv[2] ?? 100_000);
const BOUND_MS = 50;
const RUNS = 40;
const POSTGRES_URL = process.env.OPSRADAR_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const NOW = new Date('2026-11-20T00:00:00Z');
const KINDS = [
  'acm-certificate-expiry',
  'ec2-scheduled-event',
  'rds-pending-maintenance',
  'lambda-runtime-deprecation',
];
const REGIONS = ['ap-northeast-1', 'ap-northeast-3', 'us-east-1', 'eu-west-1'];

async function seed(store: TestStore): Promise<void> {
  const batch = 1000;
  const at = NOW.toISOString();
  for (let start = 0; start < COUNT; start += batch) {
    const rows = [];
    for (let i = start; i < Math.min(start + batch, COUNT); i++) {
      const kind = KINDS[i % KINDS.length] ?? '';
      // Mostly closed history with a live tail, like a team after a year of use.
      const status =
        i % 5 === 0 ? (ACTIVE_STATUSES[i % 3] ?? 'open') : (WORK_ITEM_STATUSES[3 + (i % 3)] ?? 'done');
      const due = new Date(NOW.getTime() + ((i % 400) - 100) * DAY_MS).toISOString();
      rows.push({
        correlation_key: `${kind}|${i}`,
        kind,
        category: CATEGORIES[i % 4] ?? 'scheduled',
        service: ['ACM', 'EC2', 'RDS', 'LAMBDA'][i % 4] ?? 'EC2',
        account_id: String(100000000000 + (i % 500)),
        region: REGIONS[Math.floor(i / 7) % REGIONS.length] ?? 'us-east-1',
        resource: `arn:aws:ec2:ap-northeast-1:${100000000000 + (i % 500)}:instance/i-${i.toString(16).padStart(17, '0')}`,
        title: `item ${i} www${i}.example.jp`,
        event_date: due,
        due_date: due,
        status,
        owner: i % 7 === 0 ? `owner-${i % 20}` : null,
        team: `team-${i % 12}`,
        resolution: null,
        created_at: at,
        updated_at: at,
        closed_at: null,
      });
    }
    await store.raw.insertInto('work_items').values(rows).execute();
  }
}

const CASES: Array<[string, WorkItemFilter, { offset?: number; sort?: 'due' | '-updated' }]> = [
  ['active, soonest due, first page', { status: 'active' }, {}],
  ['category emergency, active', { category: 'emergency', status: 'active' }, {}],
  ['one account', { account: '100000000123' }, {}],
  ['region + kind', { region: 'ap-northeast-1', kind: 'ec2-scheduled-event' }, {}],
  ['owner or team', { owner: 'team-5' }, {}],
  ['urgency overdue', { urgency: 'overdue' }, {}],
  ['due before a date, all statuses', { dueBefore: '2026-12-01' }, {}],
  ['text search', { text: 'www4242.example' }, {}],
  ['all, page 1000 (offset 50,000)', {}, { offset: 50_000 }],
  ['all, recently updated first', {}, { sort: '-updated' }],
];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function measure(name: string, store: TestStore): Promise<void> {
  const t0 = performance.now();
  await seed(store);
  // What autovacuum / PRAGMA optimize do for a long-lived database.
  await sql.raw(store.dialect === 'postgres' ? 'vacuum analyze work_items' : 'analyze').execute(store.raw);
  console.log(
    `\n${name}: seeded ${COUNT.toLocaleString('en-US')} work items in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  console.log('  query                                     p50 ms   p95 ms   ratio p95/bound   total');
  for (const [label, filter, options] of CASES) {
    const times: number[] = [];
    let total = 0;
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      const result = await store.workItems.list(filter, { limit: 50, now: NOW, ...options });
      times.push(performance.now() - start);
      total = result.total;
    }
    const p95 = percentile(times.slice(3), 95);
    console.log(
      `  ${label.padEnd(40)} ${percentile(times.slice(3), 50).toFixed(1).padStart(7)} ${p95.toFixed(1).padStart(8)} ${(p95 / BOUND_MS).toFixed(2).padStart(17)}   ${total}`,
    );
  }
  const times: number[] = [];
  for (let run = 0; run < 10; run++) {
    const start = performance.now();
    await store.workItems.counts({ now: NOW });
    times.push(performance.now() - start);
  }
  console.log(
    `  ${'counts() (overview)'.padEnd(40)} ${percentile(times, 50).toFixed(1).padStart(7)} ${percentile(times, 95).toFixed(1).padStart(8)}`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'opsradar-bench-'));
const sqlite = await openTestStore(join(dir, 'bench.sqlite'));
try {
  await measure('SQLite', sqlite);
} finally {
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });
}

const schema = `bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
const admin = new pg.Client({ connectionString: POSTGRES_URL });
await admin.connect();
await admin.query(`create schema ${schema}`);
const postgres = await openTestStore(POSTGRES_URL, schema);
try {
  await measure('PostgreSQL', postgres);
} finally {
  await postgres.close();
  await admin.query(`drop schema ${schema} cascade`);
  await admin.end();
}
console.log(`\nbound: p95 < ${BOUND_MS} ms per list call (limit 50, with total); ratio < 1 meets it`);
