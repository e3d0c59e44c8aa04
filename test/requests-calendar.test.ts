import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/index.js';
import { routingSchema } from '../src/core/routing.js';
import { planRequest, type RequestDeps } from '../src/requests/plan.js';
import { createApp } from '../src/server/app.js';
import type { Store } from '../src/store/index.js';
import { storeTargets } from './support/stores.js';

const NOW = new Date('2026-12-02T01:00:00.000Z');
const LB =
  'arn:aws:elasticloadbalancing:ap-northeast-1:222222222222:loadbalancer/app/shop-alb/0123456789abcdef';

describe.each(storeTargets())(
  'planned requests on the timeline and in the calendar feed on $name',
  ({ open }) => {
    let store: Store;
    let app: ReturnType<typeof createApp>;
    let ids: { loadTest: number; lcu: number };

    beforeAll(async () => {
      store = await open();
      const catalog = loadCatalog();
      const deps: RequestDeps = {
        store,
        catalog,
        routing: routingSchema.parse({}),
        now: () => NOW,
        actor: 'sato',
      };
      const loadTest = await planRequest(deps, {
        kind: 'load-test-request',
        date: '2026-12-24',
        accountId: '222222222222',
      });
      // An LCU reservation planned (not filed): its reservation window is the event.
      const lcu = await planRequest(deps, {
        kind: 'elb-prewarm',
        date: '2026-12-20T00:00:00Z',
        until: '2026-12-21T00:00:00Z',
        accountId: '222222222222',
        region: 'ap-northeast-1',
        resource: LB,
        operation: 'elb-capacity',
        parameters: { capacityUnits: 400 },
      });
      ids = { loadTest: loadTest.item.id, lcu: lcu.item.id };
      app = createApp({ store, catalog, now: () => NOW, localActor: 'tester', ingest: false });
    });
    afterAll(async () => {
      await store.close();
    });

    it('the ICS feed has each request on its latest filing day and the reservation window', async () => {
      // Act
      const ics = await (await app.request('/calendar.ics?lang=en')).text();
      const events = ics.split('BEGIN:VEVENT').slice(1);
      const event = (uid: string) => events.find((e) => e.includes(`UID:${uid}`)) ?? '';
      // Assess
      expect(event(`opsradar-item-${ids.loadTest}-due@opsradar`)).toContain('DTSTART;VALUE=DATE:20261210');
      expect(event(`opsradar-item-${ids.lcu}-due@opsradar`)).toContain('DTSTART;VALUE=DATE:20261213');
      const window = event(`opsradar-item-${ids.lcu}-window@opsradar`);
      expect(window).toContain('DTSTART:20261220T000000Z');
      expect(window).toContain('DTEND:20261221T000000Z');
    });

    it('the dashboard timeline shows both requests on their filing days', async () => {
      // Act
      const page = await (
        await app.request('/timeline', { headers: { accept: 'text/html', 'accept-language': 'ja' } })
      ).text();
      // Assess: days are in JST, the dashboard's default zone
      const day = (d: string) => page.split(`data-day="${d}"`)[1]?.split('class="day')[0] ?? '';
      expect(day('2026-12-10')).toContain(`href="/items/${ids.loadTest}"`);
      expect(day('2026-12-13')).toContain(`href="/items/${ids.lcu}"`);
      expect(day('2026-12-20')).toContain('ev window request');
    });
  },
);
