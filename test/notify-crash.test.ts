import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildCrashChild,
  type CrashSummary,
  crashRun,
  crashRuns,
  type RunResult,
  seedCrashStore,
  summarize,
} from './support/notify-crash.js';
import { type StoreTarget, storeTargets } from './support/stores.js';

const [sqlite, postgres] = storeTargets() as [StoreTarget, StoreTarget];
const ITEMS = 24;

function expectNothingLostOrRepeated(results: RunResult[], summary: CrashSummary): void {
  for (const [run, result] of results.entries()) {
    expect({ run, lost: result.lost, wrong: result.wrongDuplicates, unexpected: result.unexpected }).toEqual({
      run,
      lost: [],
      wrong: [],
      unexpected: [],
    });
    expect(result.notSent, `run ${run}`).toEqual([]);
    expect(result.kills, `run ${run}`).toBeGreaterThanOrEqual(1);
  }
  expect(summary.afterDrain).toBe(0);
  // Every request, a repeat too, is the signed message with its own key in header and body.
  expect(summary.rejected).toBe(0);
  // Some kills caught a message between its send and its record: it came again, same key.
  expect(summary.inFlightDuplicates).toBeGreaterThan(0);
  expect(summary.inFlightDuplicates).toBeLessThanOrEqual(summary.kills);
  expect(summary.messages).toBe(summary.expected + summary.inFlightDuplicates);
}

describe('the notifier killed with SIGKILL while messages are due (issue #12 crash test)', () => {
  it('50 runs on SQLite: every due message arrives; only the one in flight at a kill comes twice', async () => {
    const results = await crashRuns({
      store: sqlite,
      runs: 50,
      items: ITEMS,
      seed: 12_000,
      concurrency: 2,
      checkAfterDrainEvery: 10,
    });
    const summary = summarize(results);
    console.log(`notify crash test, SQLite: ${JSON.stringify(summary)}`);
    expect(summary.runs).toBe(50);
    expect(summary.kills).toBeGreaterThanOrEqual(50);
    expectNothingLostOrRepeated(results, summary);
  }, 600_000);

  it('4 runs on PostgreSQL: the same', async () => {
    const results = await crashRuns({
      store: postgres,
      runs: 4,
      items: ITEMS,
      seed: 16_000,
      concurrency: 2,
      checkAfterDrainEvery: 2,
    });
    const summary = summarize(results);
    console.log(`notify crash test, PostgreSQL: ${JSON.stringify(summary)}`);
    expect(summary.kills).toBeGreaterThanOrEqual(4);
    expectNothingLostOrRepeated(results, summary);
  }, 300_000);

  describe('the check itself', () => {
    let child: Awaited<ReturnType<typeof buildCrashChild>>;
    beforeAll(async () => {
      child = await buildCrashChild();
    });
    afterAll(() => child.dispose());

    it('reports a due message that never arrived as lost', async () => {
      const location = await sqlite.fresh();
      try {
        const expected = await seedCrashStore(location, 4);
        const result = await crashRun({
          location,
          expected: new Set([...expected, 'item:999|announce|ops']),
          childPath: child.path,
          seed: 1,
        });
        expect(result.lost).toEqual(['item:999|announce|ops']);
        expect(result.wrongDuplicates).toEqual([]);
      } finally {
        await location.dispose();
      }
    }, 120_000);
  });
});
