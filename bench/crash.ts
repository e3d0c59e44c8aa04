/**
 * The crash harness as figures (issue #15): SIGKILLs of `serve`, `ingest mail` and `scan` during mixed
 * ingest, then acknowledged events stored / duplicated / lost and work items against a clean run.
 * Same harness as test/crash-harness.test.ts, at full size.
 *
 *   npx tsx bench/crash.ts [--runs 50] [--store sqlite|pg|both] [--events 120] [--seed 1500] [--json]
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { crashHarness, disposeCrashCli } from '../test/support/crash-harness.js';
import { storeTargets } from '../test/support/stores.js';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const json = process.argv.includes('--json');
const which = arg('store', 'both');
const targets = storeTargets().filter(
  (t) => which === 'both' || t.name === which || (which === 'pg' && t.name === 'postgres'),
);
const figures: Record<string, unknown> = { loadBefore: loadavg().map((n) => Math.round(n * 100) / 100) };
let failed = false;
for (const store of targets) {
  const started = performance.now();
  const result = await crashHarness({
    store,
    runs: Number(arg('runs', '50')),
    seed: Number(arg('seed', '1500')),
    events: Number(arg('events', '120')),
    mails: Number(arg('mails', '40')),
    ...(process.argv.includes('--kill-window') ? { killWindowMs: Number(arg('kill-window', '0')) } : {}),
    ...(process.argv.includes('--scanners') ? { scanners: arg('scanners', '') } : {}),
    ...(process.argv.includes('--regions') ? { regions: arg('regions', '') } : {}),
    log: json ? undefined : (line) => process.stderr.write(`${line}\n`),
  });
  figures[store.name] = { ...result, wallSeconds: Math.round(performance.now() - started) / 1000 };
  failed ||=
    result.lost > 0 ||
    result.duplicates > 0 ||
    result.workItems.lost + result.workItems.extra + result.workItems.duplicated > 0 ||
    result.occurrences.lost + result.occurrences.extra > 0 ||
    result.stuckCountedSuccessful > 0 ||
    result.failures.length > 0;
}
await disposeCrashCli();
figures.loadAfter = loadavg().map((n) => Math.round(n * 100) / 100);
if (json) console.log(JSON.stringify(figures));
else console.log(JSON.stringify(figures, null, 2));
process.exitCode = failed ? 1 : 0;
