import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../core/time.js';
import { notifySchema } from './config.js';
import { dashboardLink, type NotifyItem, type NotifyMessage } from './message.js';
import { dueReminder, type PlanInput, planNotifications, releaseTime } from './plan.js';
import { renderMessage } from './render.js';

const DAY = DAY_MS;

function item(overrides: Partial<NotifyItem> = {}): NotifyItem {
  return {
    id: 1,
    ref: '#1',
    kind: 'acm-certificate-expiry',
    category: 'scheduled',
    service: 'ACM',
    accountId: '111122223333',
    region: 'ap-northeast-1',
    resource: 'arn:aws:acm:ap-northeast-1:111122223333:certificate/abc',
    title: 'cert',
    eventDate: '2026-12-30T00:00:00.000Z',
    dueDate: '2026-12-16T00:00:00.000Z',
    status: 'open',
    owner: null,
    team: 'payments',
    createdAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

const kinds = () => ({ title: { ja: '証明書', en: 'Certificate' }, reminderDays: [14, 7, 3, 0] });

function input(now: string, raw: unknown, items: NotifyItem[], extra: Partial<PlanInput> = {}): PlanInput {
  return {
    now: new Date(now),
    settings: notifySchema.parse(raw),
    items,
    kinds,
    organizationalUnits: { 'ou-pay': ['111122223333'] },
    announced: new Map(),
    lastDigestAt: {},
    ...extra,
  };
}

const hook = { name: 'hook', type: 'webhook', url: 'https://r.example/h', secretEnv: 'S', digestAt: false };

describe('planNotifications', () => {
  it('announces each selected item once per channel; the announcement covers reminders already passed', () => {
    const plan = planNotifications(
      input('2026-12-10T00:00:00Z', { channels: [hook], rules: [{ channel: 'hook' }] }, [item()]),
    );
    expect(plan.map((m) => m.idempotencyKey)).toEqual(['item:1|announce|hook']);
    const announced = new Map([['item:1|announce|hook', '2026-11-01T00:00:00Z']]);
    const next = planNotifications(
      input('2026-12-10T00:00:00Z', { channels: [hook], rules: [{ channel: 'hook' }] }, [item()], {
        announced,
      }),
    );
    expect(next.map((m) => m.idempotencyKey)).toEqual(['item:1|reminder:7d@2026-12-16|hook']);
  });

  it('selects by category, team, urgency, OU and catalog id', () => {
    const rules = (rule: Record<string, unknown>) => ({
      channels: [hook],
      rules: [{ channel: 'hook', ...rule }],
    });
    const at = '2026-12-10T00:00:00Z';
    const selected = (rule: Record<string, unknown>) =>
      planNotifications(input(at, rules(rule), [item()])).length > 0;
    expect(selected({ categories: ['scheduled'] })).toBe(true);
    expect(selected({ categories: ['emergency'] })).toBe(false);
    expect(selected({ teams: ['pay*'] })).toBe(true);
    expect(selected({ owners: ['sato'] })).toBe(false);
    expect(selected({ urgencies: ['within_7_days'] })).toBe(true);
    expect(selected({ urgencies: ['overdue'] })).toBe(false);
    expect(selected({ ous: ['ou-pay'] })).toBe(true);
    expect(selected({ ous: ['ou-web'] })).toBe(false);
    expect(
      selected({ kinds: ['acm-*'], regions: ['ap-*'], services: ['ACM'], accounts: ['111122223333'] }),
    ).toBe(true);
  });

  it('holds messages in quiet hours but sends a new emergency at once', () => {
    const quiet = { ...hook, quietHours: { from: '22:00', to: '07:00' } };
    // 23:30 in Tokyo.
    const now = '2026-12-10T14:30:00Z';
    const plan = planNotifications(
      input(now, { channels: [quiet], rules: [{ channel: 'hook' }] }, [
        item({ id: 1 }),
        item({ id: 2, ref: '#2', category: 'emergency' }),
      ]),
    );
    const notBefore = Object.fromEntries(plan.map((m) => [m.idempotencyKey, m.notBefore]));
    expect(notBefore['item:1|announce|hook']).toBe('2026-12-10T22:00:00.000Z'); // 07:00 JST next morning
    expect(notBefore['item:2|announce|hook']).toBe('2026-12-10T14:30:00.000Z');
  });

  it('sends a new emergency at once even when the rule defers announcements to the digest', () => {
    const plan = planNotifications(
      input('2026-12-10T00:00:00Z', { channels: [hook], rules: [{ channel: 'hook', announce: 'digest' }] }, [
        item({ id: 1 }),
        item({ id: 2, category: 'emergency' }),
      ]),
    );
    // Item 1 waits for the digest (only its reminder, whose day came, goes out now).
    expect(plan.map((m) => m.idempotencyKey)).toEqual([
      'item:1|reminder:7d@2026-12-16|hook',
      'item:2|announce|hook',
    ]);
  });

  it('escalates overdue, unacknowledged items to a second channel', () => {
    const leads = { ...hook, name: 'leads' };
    const raw = {
      channels: [hook, leads],
      rules: [{ channel: 'hook', escalateTo: 'leads', escalateAfterHours: 24 }],
    };
    const announced = new Map([
      ['item:1|announce|hook', '2026-11-01T00:00:00Z'],
      ['item:2|announce|hook', '2026-11-01T00:00:00Z'],
    ]);
    const items = [item({ id: 1 }), item({ id: 2, status: 'acknowledged' })];
    const early = planNotifications(input('2026-12-16T12:00:00Z', raw, items, { announced }));
    expect(early.filter((m) => m.purpose === 'escalation')).toEqual([]);
    const late = planNotifications(input('2026-12-17T00:00:00Z', raw, items, { announced }));
    const escalations = late.filter((m) => m.purpose === 'escalation');
    expect(escalations.map((m) => [m.idempotencyKey, m.channel])).toEqual([
      ['item:1|escalation@2026-12-16|leads', 'leads'],
    ]);
  });

  it('makes a daily digest at the local digest time with new, due-soon and overdue items', () => {
    const withDigest = { ...hook, digestAt: '09:00', timeZone: 'Asia/Tokyo' };
    const raw = { channels: [withDigest], rules: [{ channel: 'hook', announce: 'digest' }] };
    const items = [
      item({ id: 1, createdAt: '2026-12-09T05:00:00Z', dueDate: '2026-12-12T00:00:00Z' }),
      item({ id: 2, createdAt: '2026-11-01T00:00:00Z', dueDate: '2026-12-01T00:00:00Z' }),
      item({ id: 3, createdAt: '2026-11-01T00:00:00Z', dueDate: '2027-03-01T00:00:00Z' }),
    ];
    // 08:59 JST: not yet.
    expect(
      planNotifications(input('2026-12-09T23:59:00Z', raw, items)).filter((m) => m.purpose === 'digest'),
    ).toEqual([]);
    const plan = planNotifications(input('2026-12-10T00:00:00Z', raw, items));
    const digest = plan.find((m) => m.purpose === 'digest');
    expect(digest?.idempotencyKey).toBe('digest:2026-12-10|hook');
    const content = (
      (digest?.payload ?? { digest: {} }) as unknown as { digest: Record<string, { id: number }[]> }
    ).digest;
    expect(content.newItems?.map((i) => i.id)).toEqual([1]);
    expect(content.dueSoon?.map((i) => i.id)).toEqual([1]);
    expect(content.overdue?.map((i) => i.id)).toEqual([2]);
  });

  it('uses the rule’s reminderDays over the catalog’s, and a new due date gets fresh keys', () => {
    const raw = { channels: [hook], rules: [{ channel: 'hook', reminderDays: [10] }] };
    const announced = new Map([['item:1|announce|hook', '2026-11-01T00:00:00Z']]);
    const plan = planNotifications(input('2026-12-06T00:00:00Z', raw, [item()], { announced }));
    expect(plan.map((m) => m.idempotencyKey)).toEqual(['item:1|reminder:10d@2026-12-16|hook']);
    const moved = planNotifications(
      input('2026-12-06T00:00:00Z', raw, [item({ dueDate: '2026-12-15T00:00:00Z' })], { announced }),
    );
    expect(moved.map((m) => m.idempotencyKey)).toEqual(['item:1|reminder:10d@2026-12-15|hook']);
  });
});

describe('dueReminder and releaseTime', () => {
  it('fires the latest passed threshold, never one from before the item existed', () => {
    const due = '2026-12-16T00:00:00.000Z';
    const created = '2026-12-01T00:00:00.000Z';
    const at = (ms: number) => new Date(Date.parse(due) - ms);
    expect(dueReminder({ dueDate: due, createdAt: created }, [14, 7, 3, 0], at(8 * DAY))).toBe(14);
    expect(dueReminder({ dueDate: due, createdAt: created }, [14, 7, 3, 0], at(2 * DAY))).toBe(3);
    expect(dueReminder({ dueDate: due, createdAt: created }, [30], at(2 * DAY))).toBeUndefined();
    expect(dueReminder({ dueDate: null, createdAt: created }, [0], at(0))).toBeUndefined();
  });

  it('ends quiet hours that cross midnight on the next local morning', () => {
    const channel = notifySchema.parse({
      channels: [{ ...hook, quietHours: { from: '22:00', to: '07:00' } }],
    }).channels[0];
    if (!channel) throw new Error('no channel');
    // 23:00 JST → 07:00 JST; 21:00 JST is not quiet.
    expect(releaseTime(channel, new Date('2026-12-10T14:00:00Z')).toISOString()).toBe(
      '2026-12-10T22:00:00.000Z',
    );
    expect(releaseTime(channel, new Date('2026-12-10T12:00:00Z')).toISOString()).toBe(
      '2026-12-10T12:00:00.000Z',
    );
    expect(releaseTime(channel, new Date('2026-12-10T21:00:00Z')).toISOString()).toBe(
      '2026-12-10T22:00:00.000Z',
    );
    expect(releaseTime(channel, new Date('2026-12-10T23:00:00Z')).toISOString()).toBe(
      '2026-12-10T23:00:00.000Z',
    );
  });
});

describe('links to the dashboard', () => {
  it('join the base URL and the page with one slash, with or without a trailing slash', () => {
    expect(dashboardLink('http://127.0.0.1:8080/', 'notifications')).toBe(
      'http://127.0.0.1:8080/notifications',
    );
    expect(dashboardLink('https://ops.example/radar//', '/items/7')).toBe(
      'https://ops.example/radar/items/7',
    );
    expect(dashboardLink('https://ops.example/radar')).toBe('https://ops.example/radar/');
  });

  it('an item message and a digest from a base URL ending with / have no //', () => {
    const raw = {
      baseUrl: 'http://127.0.0.1:4321/',
      channels: [{ ...hook, digestAt: '09:00' }],
      rules: [{ channel: 'hook' }],
    };
    const plan = planNotifications(input('2026-12-10T01:00:00Z', raw, [item()]));
    expect(plan.map((m) => m.purpose)).toEqual(['announce', 'digest']);
    for (const planned of plan) {
      const { text } = renderMessage(planned.payload as NotifyMessage, {
        lang: 'en',
        timeZone: 'Asia/Tokyo',
        baseUrl: raw.baseUrl,
      });
      expect(text).toMatch(/http:\/\/127\.0\.0\.1:4321\/(items\/1)?\n/);
      expect(text.replaceAll('http://', '')).not.toContain('//');
    }
  });
});
