import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStats } from '../src/store/index.js';
import { storeTargets, type TestStore } from './support/stores.js';

const stats = (calls: number): JobStats => ({
  calls,
  occurrences: 1,
  throttled: 0,
  tasks: 3,
  durationMs: 10,
});

describe.each(storeTargets())('distributed scan run state on $name', ({ open }) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('counts a job done twice once, and only the job that completes the run closes it', async () => {
    // Arrange
    const runId = await store.scanJobs.start({
      startedAt: '2026-12-02T00:00:00.000Z',
      parameters: { org: true },
      jobs: ['111111111111', '222222222222', '333333333333'],
    });

    // Act: jobs finish concurrently; one of them is delivered again after its worker died.
    const first = await Promise.all([
      store.scanJobs.jobDone(runId, '111111111111', stats(10)),
      store.scanJobs.jobDone(runId, '222222222222', stats(20)),
    ]);
    const again = await store.scanJobs.jobDone(runId, '222222222222', stats(20));
    const last = await store.scanJobs.jobDone(runId, '333333333333', stats(30));
    const lateDuplicate = await store.scanJobs.jobDone(runId, '111111111111', stats(10));

    // Assess
    expect(first.map((r) => r.closes)).toEqual([false, false]);
    expect(again).toMatchObject({ done: 2, total: 3, closes: false });
    expect(last).toMatchObject({ done: 3, total: 3, closes: true });
    expect(lateDuplicate.closes).toBe(false);
    // The closer delivered again (it died before closing) still closes; after closing nobody does.
    expect((await store.scanJobs.jobDone(runId, '333333333333', stats(30))).closes).toBe(true);
    expect(await store.scanJobs.finish(runId, 'complete', '2026-12-02T00:05:00.000Z')).toBe(true);
    expect(await store.scanJobs.finish(runId, 'partial', '2026-12-02T00:06:00.000Z')).toBe(false);
    await store.scanJobs.markClosed(runId);
    expect((await store.scanJobs.jobDone(runId, '333333333333', stats(30))).closes).toBe(false);

    const progress = await store.scanJobs.progress(runId);
    expect(progress).toMatchObject({
      status: 'complete',
      jobsDone: 3,
      jobsTotal: 3,
      calls: 60,
      closed: true,
      finishedAt: '2026-12-02T00:05:00.000Z',
    });
    expect((await store.scanRuns.get(runId))?.status).toBe('complete');
  });

  it('counts account-regions by their worst coverage status', async () => {
    const runId = await store.scanJobs.start({
      startedAt: '2026-12-02T00:00:00.000Z',
      parameters: {},
      jobs: ['1'],
    });
    await store.scanRuns.recordCoverage(
      runId,
      [
        { accountId: '111111111111', region: 'us-east-1', scanner: 'a', status: 'ok' },
        { accountId: '111111111111', region: 'us-east-1', scanner: 'b', status: 'denied' },
        { accountId: '111111111111', region: 'eu-west-1', scanner: 'a', status: 'ok' },
      ],
      '2026-12-02T00:01:00.000Z',
    );
    expect((await store.scanJobs.progress(runId))?.accountRegions).toEqual({
      ok: 1,
      denied: 1,
      failed: 0,
      skipped: 0,
      unsupported: 0,
    });
    await expect(store.scanJobs.jobDone(runId, 'not-a-job', stats(1))).rejects.toThrow(/not part of run/);
    expect(await store.scanJobs.progress('no-such-run')).toBeUndefined();
  });
});
