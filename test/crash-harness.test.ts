import { afterAll, describe, expect, it } from 'vitest';
import { crashHarness, crashProblems, disposeCrashCli } from './support/crash-harness.js';
import { storeTargets } from './support/stores.js';

/**
 * The crash harness at a small size (the full one, 50+ kills per store: `npx tsx bench/crash.ts`):
 * `serve` (EventBridge pushes), `ingest mail` and `scan` are SIGKILLed at seeded moments, then the
 * store is compared with a clean run of the same inputs.
 */
afterAll(disposeCrashCli);

describe.each(storeTargets())('crash safety on $name', (store) => {
  it('stores every acknowledged event exactly once and loses or duplicates no work item across SIGKILLs', async () => {
    // Act
    const figures = await crashHarness({
      store,
      runs: 4,
      seed: 1515,
      events: 6,
      mails: 2,
      killWindowMs: 500,
      scanners: 'acm-certificate-expiry',
      regions: 'us-east-1,ap-northeast-1',
    });
    // Assess
    expect(figures.kills).toBeGreaterThanOrEqual(4);
    expect(crashProblems(figures, 6)).toEqual([]);
  }, 150_000);
});
