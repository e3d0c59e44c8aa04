import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../src/cli/demo.js';
import type { WorkItemCounts } from '../src/store/index.js';

// A Monday morning in Tokyo (09:30 JST): every demo date is relative to it.
const NOW = new Date('2026-12-07T00:30:00Z');

describe('the demo looks like a real team’s Monday', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsradar-demo-'));
  const log: string[] = [];
  let counts: WorkItemCounts;
  let sourcesPerItem: Array<{ kind: string; resource: string; sources: string[] }> = [];
  let pages: Record<string, string> = {};

  beforeAll(async () => {
    const demo = await runDemo(
      { port: 0, db: join(dir, 'demo.sqlite'), lang: 'en', now: NOW },
      { out: () => undefined, err: (t) => log.push(t) },
    );
    try {
      counts = await demo.store.workItems.counts({ now: NOW });
      const active = await demo.store.workItems.list({ status: 'active' }, { limit: 1000, now: NOW });
      sourcesPerItem = [];
      for (const item of active.items) {
        const detail = await demo.store.workItems.get(item.id);
        const sources = [...new Set((detail?.occurrences ?? []).map((o) => o.source))].sort();
        sourcesPerItem.push({ kind: item.kind, resource: item.resource, sources });
      }
      const get = async (path: string) => (await fetch(new URL(path, demo.server.url))).text();
      pages = {
        overviewEn: await get('/?lang=en'),
        listJa: await get('/items?lang=ja&status=active&limit=200'),
        listEn: await get('/items?lang=en&status=active&limit=200'),
        timelineJa: await get('/timeline?lang=ja'),
      };
    } finally {
      await demo.close();
    }
  }, 240_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('spreads the open work over the urgency bands: a few overdue, more within 7 and 30 days, the rest later', () => {
    const { overdue, within_7_days, within_30_days, later } = counts.byUrgency;
    // Overdue: emergencies and end-of-support dates that really have passed (the truth), not half the list.
    expect(overdue).toBeGreaterThan(0);
    expect(overdue / counts.active).toBeLessThan(0.45);
    expect(within_7_days + within_30_days + later).toBeGreaterThan(overdue);
    expect(within_7_days).toBeGreaterThanOrEqual(5);
    expect(within_30_days).toBeGreaterThanOrEqual(within_7_days);
    expect(later).toBeGreaterThanOrEqual(5);
  });

  it('joins sightings of one resource from the scan, AWS Health and mail into one item', () => {
    const joined = sourcesPerItem.filter((i) => i.sources.length >= 2);
    expect(joined.length).toBeGreaterThanOrEqual(3);
    const retirement = sourcesPerItem.find(
      (i) => i.kind === 'ec2-scheduled-event' && i.resource === 'i-0a1b2c3d4e5f60718',
    );
    expect(retirement?.sources).toEqual(['email', 'health', 'scanner']);
    expect(log.join('')).toMatch(/Work items: \d+ created; [3-9]\d* sightings joined an existing item\./);
  });

  it('writes titles in the reader’s language, in the past tense for dates that have passed', () => {
    // rds-ca-2019 ended 2024-08-22 17:08 UTC: 2024-08-23 in JST, the dashboard's default zone.
    expect(pages.listEn).toContain('RDS CA certificate of legacy-pg expired on 2024-08-23');
    expect(pages.listJa).toContain('RDS の CA 証明書（legacy-pg）は 2024-08-23 に期限切れになりました');
    expect(pages.listJa).toContain(
      'EC2 インスタンス i-0a1b2c3d4e5f60718 は 2026-12-19 にメンテナンスまたはリタイアが予定されています',
    );
    expect(pages.listEn).toContain('Domain example-campaign.jp expires on 2027-01-26');
  });

  it('shows no raw AWS Health event codes in the lists and the timeline', () => {
    for (const page of [pages.overviewEn, pages.listJa, pages.timelineJa]) {
      expect(page).not.toMatch(/AWS_[A-Z0-9]+_[A-Z0-9_]+/);
    }
  });
});
