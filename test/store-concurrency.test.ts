import { describe, expect, it } from 'vitest';
import type { RoutingConfig } from '../src/core/routing.js';
import type { Occurrence } from '../src/core/types.js';
import { openStore, type Store } from '../src/store/index.js';
import { storeTargets } from './support/stores.js';
import { testCatalog } from './support/work-items.js';

const NOW = new Date('2026-11-20T00:00:00.000Z');
const NO_ROUTING: RoutingConfig = { organizationalUnits: {}, rules: [] };
const ACCOUNT = '111122223333';

function retirement(instance: string, sourceRef: string): Occurrence {
  return {
    kind: 'ec2-scheduled-event',
    accountId: ACCOUNT,
    region: 'ap-northeast-1',
    resource: instance,
    eventDate: '2026-12-10T01:00:00.000Z',
    source: 'eventbridge',
    sourceRef,
    evidence: { instanceId: instance },
    observedAt: NOW.toISOString(),
  };
}

/**
 * Several processes (one store handle each: its own pool or connection) push and sync at the same time,
 * as the server's push routes and a scan do. Every sync must succeed, and each instance must become
 * exactly one work item.
 */
describe.each(storeTargets())('concurrent work item syncs on $name', ({ fresh }) => {
  it('pushes and refreshes from several handles at once: no error, no duplicate item, resolveUnseen runs', async () => {
    // Prepare
    const location = await fresh();
    const options = location.pgSchema ? { pgSchema: location.pgSchema } : {};
    const first = await openStore(location.target, options);
    const handles: Store[] = [first];
    for (let i = 1; i < 4; i += 1) handles.push(await openStore(location.target, options));
    try {
      const instances = Array.from({ length: 30 }, (_, i) => `i-${String(i).padStart(4, '0')}`);
      const runId = await first.scanRuns.start({
        kind: 'scan',
        startedAt: NOW.toISOString(),
        parameters: {},
      });
      await first.scanRuns.finish(runId, {
        status: 'complete',
        finishedAt: NOW.toISOString(),
        coverage: [],
        summary: {},
      });

      // Act: every handle records the same instances under its own source reference (one item each,
      // several occurrences), then refreshes; the rounds overlap.
      const rounds = handles.flatMap((store, h) =>
        [0, 1, 2].map(async (round) => {
          const batch = instances.map((id) => retirement(id, `event/${h}/${round}`));
          await store.occurrences.record(batch);
          return store.workItems.refresh(testCatalog, NO_ROUTING, { now: NOW, scanRunId: runId });
        }),
      );
      const outcomes = await Promise.allSettled(rounds);

      // Assess
      const failures = outcomes.filter((o) => o.status === 'rejected');
      expect(failures.map((f) => String((f as PromiseRejectedResult).reason))).toEqual([]);
      for (const outcome of outcomes) {
        if (outcome.status === 'fulfilled') expect(outcome.value.resolved).not.toBeNull();
      }
      const { items, total } = await first.workItems.list({}, { limit: 100 });
      expect(total).toBe(instances.length);
      expect(new Set(items.map((item) => item.resource)).size).toBe(instances.length);
      const created = outcomes.flatMap((o) => (o.status === 'fulfilled' ? o.value.created : []));
      expect(created).toHaveLength(instances.length);
      const linked = outcomes.reduce((n, o) => n + (o.status === 'fulfilled' ? o.value.linked : 0), 0);
      expect(linked).toBe(instances.length * handles.length * 3);
    } finally {
      for (const store of handles) await store.close();
      await location.dispose();
    }
  });
});
