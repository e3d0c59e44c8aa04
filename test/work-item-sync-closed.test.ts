import { describe, expect, it } from 'vitest';
import type { RoutingConfig } from '../src/core/routing.js';
import type { Occurrence } from '../src/core/types.js';
import { storeTargets } from './support/stores.js';
import { testCatalog } from './support/work-items.js';

const NO_ROUTING: RoutingConfig = { organizationalUnits: {}, rules: [] };

function sighting(instance: string, entityStatus: string, observedAt: string): Occurrence {
  return {
    kind: 'ec2-scheduled-event',
    accountId: '111122223333',
    region: 'ap-northeast-1',
    resource: instance,
    eventDate: '2026-12-10T01:00:00.000Z',
    source: 'eventbridge',
    sourceRef: `arn:aws:health:ap-northeast-1::event/EC2/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED/${instance}`,
    sourceStatus: 'upcoming',
    evidence: { entityValue: instance, entityStatus },
    observedAt,
  };
}

/** The sync reads only items that may be closed; that shortcut must not miss any spelling AWS uses. */
describe.each(storeTargets())('items closed by AWS Health on $name', ({ open }) => {
  it('resolves the items whose entity AWS marked RESOLVED, in any letter case, and only those', async () => {
    // Prepare
    const store = await open();
    try {
      const first = '2026-11-20T00:00:00.000Z';
      await store.occurrences.record([
        sighting('i-0upper', 'PENDING', first),
        sighting('i-0lower', 'PENDING', first),
        sighting('i-0still', 'PENDING', first),
      ]);
      await store.workItems.refresh(testCatalog, NO_ROUTING, { now: new Date(first) });
      const later = '2026-11-21T00:00:00.000Z';
      await store.occurrences.record([
        sighting('i-0upper', 'RESOLVED', later),
        sighting('i-0lower', 'resolved', later),
      ]);

      // Act
      const result = await store.workItems.refresh(testCatalog, NO_ROUTING, { now: new Date(later) });

      // Assess
      expect(result.closed).toHaveLength(2);
      const { items } = await store.workItems.list({}, { limit: 10 });
      const status = Object.fromEntries(items.map((item) => [item.resource, item.status]));
      expect(status).toEqual({ 'i-0upper': 'resolved', 'i-0lower': 'resolved', 'i-0still': 'open' });
    } finally {
      await store.close();
    }
  });
});
