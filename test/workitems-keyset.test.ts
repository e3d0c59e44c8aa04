import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/index.js';
import { createApp } from '../src/server/app.js';
import { WORK_ITEM_SORTS, type WorkItemSort } from '../src/store/index.js';
import { storeTargets, type TestStore } from './support/stores.js';

const NOW = new Date('2026-12-02T00:00:00.000Z');
const DAYS = ['2026-12-10T00:00:00.000Z', '2026-12-20T00:00:00.000Z', '2026-12-30T00:00:00.000Z'];

/** 23 items: due dates with many ties, 5 without a due date, updated_at with ties too. */
function rows() {
  return Array.from({ length: 23 }, (_, i) => ({
    correlation_key: `keyset-${i}`,
    kind: 'acm-certificate-expiry',
    category: 'scheduled',
    service: 'ACM',
    account_id: '111111111111',
    region: 'us-east-1',
    resource: `arn:aws:acm:us-east-1:111111111111:certificate/c-${i}`,
    title: `Certificate ${i}`,
    event_date: null,
    due_date: i % 5 === 4 ? null : (DAYS[i % 3] as string),
    status: i % 7 === 6 ? 'done' : 'open',
    owner: null,
    team: null,
    resolution: null,
    created_at: '2026-11-01T00:00:00.000Z',
    updated_at: `2026-11-0${(i % 2) + 1}T00:00:00.000Z`,
    closed_at: null,
  }));
}

/** The documented order: sort value (undated last in due, first in -due), then id. */
function expectedOrder(
  items: Array<{ id: number; due: string | null; updated: string }>,
  sort: WorkItemSort,
) {
  const desc = sort.startsWith('-');
  const key = desc ? sort.slice(1) : sort;
  const value = (x: (typeof items)[number]) =>
    key === 'due' ? (x.due ?? '\uffff') : key === 'updated' ? x.updated : '';
  const sorted = [...items].sort((a, b) => value(a).localeCompare(value(b)) || a.id - b.id);
  return (desc ? sorted.reverse() : sorted).map((x) => x.id);
}

describe.each(storeTargets())('keyset paging of work items on $name', ({ open }) => {
  let store: TestStore;
  let all: Array<{ id: number; due: string | null; updated: string }>;
  beforeAll(async () => {
    store = await open();
    await store.raw.insertInto('work_items').values(rows()).execute();
    const stored = await store.raw
      .selectFrom('work_items')
      .select(['id', 'due_date', 'updated_at'])
      .execute();
    all = stored.map((r) => ({ id: Number(r.id), due: r.due_date, updated: r.updated_at }));
  });
  afterAll(async () => {
    await store?.close();
  });

  it.each([...WORK_ITEM_SORTS])(
    'walks every item once, in a stable order with ties, sorted by %s',
    async (sort) => {
      const seen: number[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 20; pages++) {
        const page = await store.workItems.list(
          {},
          { limit: 4, sort, now: NOW, ...(cursor ? { cursor } : {}) },
        );
        expect(page.total).toBe(23);
        seen.push(...page.items.map((item) => item.id));
        if (page.nextCursor === null) break;
        cursor = page.nextCursor;
      }
      expect(seen).toEqual(expectedOrder(all, sort));
    },
  );

  it('pages a filtered list, and refuses a cursor of another sort or a forged one', async () => {
    const first = await store.workItems.list({ status: 'open' }, { limit: 10, sort: 'due', now: NOW });
    const second = await store.workItems.list(
      { status: 'open' },
      { limit: 10, sort: 'due', now: NOW, cursor: first.nextCursor ?? '' },
    );
    expect(first.total).toBe(20);
    expect(second.items).toHaveLength(10);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.items, ...second.items].map((i) => i.id);
    expect(new Set(ids).size).toBe(20);
    await expect(
      store.workItems.list({}, { sort: '-due', cursor: first.nextCursor ?? '', now: NOW }),
    ).rejects.toThrow(/invalid cursor/);
    await expect(store.workItems.list({}, { cursor: 'bm90LWEtY3Vyc29y', now: NOW })).rejects.toThrow(
      /invalid cursor/,
    );
  });

  it('serves nextCursor on the API and the dashboard, and answers 400 to a bad cursor', async () => {
    const app = createApp({ store, catalog: loadCatalog(), now: () => NOW, ingest: false });
    const first = (await (await app.request('/api/items?limit=20&sort=due')).json()) as {
      items: unknown[];
      nextCursor: string;
    };
    expect(first.items).toHaveLength(20);
    const rest = (await (
      await app.request(`/api/items?limit=20&sort=due&cursor=${first.nextCursor}`)
    ).json()) as {
      items: unknown[];
      nextCursor: string | null;
    };
    expect(rest.items).toHaveLength(3);
    expect(rest.nextCursor).toBeNull();
    const bad = await app.request('/api/items?cursor=bm90LWEtY3Vyc29y');
    expect(bad.status).toBe(400);

    const html = await (await app.request('/items?limit=20', { headers: { accept: 'text/html' } })).text();
    const next = /rel="next" href="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? '';
    expect(next).toContain('cursor=');
    const second = await (await app.request(next, { headers: { accept: 'text/html' } })).text();
    expect(second).toMatch(/21.{0,20}23.{0,20}23/s);
    expect(second).not.toContain('rel="next"');
  });
});
