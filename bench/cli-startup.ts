/**
 * CLI start-up: wall time of `opsradar --help`, `catalog list` and `classify --help` from the built
 * CLI (run `npm run build` first), median of N runs, against the 300 ms bound (issue #17).
 *
 *   npx tsx bench/cli-startup.ts [--runs 5] [--json]
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/paths.js';

const BOUND_MS = 300;
const cli = join(packageRoot, 'dist', 'cli', 'main.js');
const cases: readonly (readonly string[])[] = [
  ['--help'],
  ['catalog', 'list'],
  ['classify', '--help'],
  ['--version'],
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function time(args: readonly string[]): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LANG: 'C' },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0) throw new Error(`opsradar ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return ms;
}

const runsIndex = process.argv.indexOf('--runs');
const runs = runsIndex >= 0 ? Number(process.argv[runsIndex + 1]) : 5;
// Node itself, so a loaded machine's figures can be read against the floor.
const nodeFloor = median(Array.from({ length: runs }, () => time(['--version'])));
const results = cases.map((args) => {
  const ms = median(Array.from({ length: runs }, () => time(args)));
  return {
    command: `opsradar ${args.join(' ')}`,
    medianMs: Math.round(ms),
    ratioToBound: +(ms / BOUND_MS).toFixed(2),
  };
});
const report = {
  boundMs: BOUND_MS,
  runs,
  loadAverage: loadavg().map((l) => +l.toFixed(2)),
  versionFloorMs: Math.round(nodeFloor),
  results,
};
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(report, null, 2));
} else {
  console.log(
    `CLI start-up, median of ${runs} runs, bound ${BOUND_MS} ms, load ${report.loadAverage.join(' ')}`,
  );
  for (const r of results)
    console.log(`${r.command.padEnd(28)} ${String(r.medianMs).padStart(6)} ms  ${r.ratioToBound}× bound`);
}
