/**
 * The notifier's crash test as figures: runs, SIGKILLs, messages, duplicates of in-flight messages
 * (allowed), lost or wrongly repeated messages (must be 0). Same harness as test/notify-crash.test.ts.
 *
 *   npx tsx bench/notify-crash.ts [--runs 50] [--pg-runs 4] [--items 24] [--seed 12000] [--json]
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { crashRuns, summarize } from '../test/support/notify-crash.js';
import { type StoreTarget, storeTargets } from '../test/support/stores.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const [sqlite, postgres] = storeTargets() as [StoreTarget, StoreTarget];
const figures: Record<string, unknown> = {};
for (const [store, runs] of [
  [sqlite, arg('runs', 50)],
  [postgres, arg('pg-runs', 4)],
] as const) {
  if (runs <= 0) continue;
  const started = performance.now();
  const results = await crashRuns({
    store,
    runs,
    items: arg('items', 24),
    seed: arg('seed', 12_000),
    concurrency: 2,
    checkAfterDrainEvery: 10,
  });
  figures[store.name] = {
    ...summarize(results),
    wallSeconds: Math.round(performance.now() - started) / 1000,
  };
}
figures.load = loadavg().map((n) => Math.round(n * 100) / 100);
if (process.argv.includes('--json')) console.log(JSON.stringify(figures));
else console.log(figures);
