import { describe, expect, it } from 'vitest';
import {
  correlationKey,
  dueDate,
  nextStatus,
  normalizeResource,
  parseWorkItemId,
  serviceOf,
  tagsFromEvidence,
  urgencyOf,
  urgencyRange,
  type WorkItemKind,
} from './workitems.js';

const retirement: WorkItemKind = {
  id: 'ec2-scheduled-event',
  category: 'emergency',
  services: ['EC2'],
  leadTimeDays: 7,
  title: { ja: 'EC2 のスケジュールされたイベント', en: 'EC2 scheduled event' },
  correlation: { keys: ['accountId', 'region', 'resource', 'kind'] },
};
const certificate: WorkItemKind = {
  ...retirement,
  id: 'acm-certificate-expiry',
  correlation: { keys: ['accountId', 'resource', 'eventDay'] },
};
const NOW = new Date('2026-11-20T00:00:00Z');

describe('status transitions', () => {
  it.each([
    ['open', 'ack', 'acknowledged'],
    ['open', 'start', 'in_progress'],
    ['acknowledged', 'start', 'in_progress'],
    ['in_progress', 'done', 'done'],
    ['acknowledged', 'done', 'done'],
    ['done', 'reopen', 'open'],
    ['in_progress', 'resolve', 'resolved'],
    ['resolved', 'reappear', 'open'],
  ] as const)('%s --%s--> %s', (from, action, to) => {
    expect(nextStatus(from, action)).toBe(to);
  });

  it.each([
    ['done', 'ack'],
    ['in_progress', 'ack'],
    ['wont_do', 'start'],
    ['resolved', 'done'],
    ['open', 'reappear'],
    ['done', 'resolve'],
  ] as const)('refuses %s --%s-->', (from, action) => {
    expect(() => nextStatus(from, action)).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
  });

  it("requires a reason for won't do", () => {
    expect(() => nextStatus('open', 'wontdo', { reason: '  ' })).toThrow(
      expect.objectContaining({ code: 'REASON_REQUIRED' }),
    );
    expect(nextStatus('open', 'wontdo', { reason: 'decommissioned' })).toBe('wont_do');
  });
});

describe('due dates and urgency', () => {
  it('is the event date minus the lead time, or the first sighting plus the lead time without an event date', () => {
    expect(dueDate('2026-12-10T01:00:00.000Z', 7, '2026-11-01T00:00:00Z')).toBe('2026-12-03T01:00:00.000Z');
    expect(dueDate(null, 7, '2026-11-01T09:00:00+09:00')).toBe('2026-11-08T00:00:00.000Z');
    expect(dueDate(null, 0, '2026-11-01T09:00:00+09:00')).toBe('2026-11-01T00:00:00.000Z');
  });

  it.each([
    ['2026-11-19T23:59:59Z', 'overdue'],
    ['2026-11-20T00:00:00Z', 'within_7_days'],
    ['2026-11-27T00:00:00Z', 'within_7_days'],
    ['2026-11-27T00:00:01Z', 'within_30_days'],
    ['2026-12-20T00:00:00Z', 'within_30_days'],
    ['2026-12-20T00:00:01Z', 'later'],
    [null, 'later'],
  ] as const)('due %s is %s, and its SQL range agrees', (due, band) => {
    expect(urgencyOf(due, NOW)).toBe(band);
    if (due) {
      const range = urgencyRange(band, NOW);
      const iso = new Date(due).toISOString();
      expect(range.from === undefined || iso >= range.from).toBe(true);
      expect(range.to === undefined || iso < range.to).toBe(true);
    }
  });
});

describe('correlation', () => {
  it('gives the scanner ARN, the Health entity and the email instance id one key', () => {
    const base = { accountId: '111122223333', region: 'ap-northeast-1', eventDate: '2026-12-10T01:00:00Z' };
    const keys = [
      correlationKey(retirement, {
        ...base,
        resource: 'arn:aws:ec2:ap-northeast-1:111122223333:instance/i-0abc',
      }),
      correlationKey(retirement, { ...base, resource: 'i-0abc' }),
      correlationKey(retirement, { ...base, resource: 'I-0ABC', eventDate: null }),
    ];
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toBe('ec2-scheduled-event|a=111122223333|r=ap-northeast-1|res=i-0abc');
  });

  it('tells apart another account, another instance, and (for certificates) another expiry day', () => {
    const base = {
      accountId: '111122223333',
      region: 'us-east-1',
      resource: 'arn:aws:acm:us-east-1:111122223333:certificate/abc',
      eventDate: '2026-12-10T01:00:00Z',
    };
    const key = correlationKey(certificate, base);
    expect(correlationKey(certificate, { ...base, accountId: '444455556666' })).not.toBe(key);
    expect(
      correlationKey(certificate, {
        ...base,
        resource: 'arn:aws:acm:us-east-1:111122223333:certificate/def',
      }),
    ).not.toBe(key);
    expect(correlationKey(certificate, { ...base, eventDate: '2027-12-10T01:00:00Z' })).not.toBe(key);
    expect(correlationKey(certificate, { ...base, region: 'ap-northeast-1' })).toBe(key);
  });

  it('reduces ARNs to resource ids', () => {
    expect(normalizeResource('arn:aws:rds:ap-northeast-1:111122223333:db:orders-db')).toBe('orders-db');
    expect(normalizeResource('arn:aws:acm:us-east-1:111122223333:certificate/AbC-1')).toBe('abc-1');
    expect(normalizeResource('Example.JP')).toBe('example.jp');
  });
});

describe('helpers', () => {
  it('finds the service, the tags and parses ids', () => {
    expect(serviceOf(retirement, 'arn:aws:rds:ap-northeast-1:1:db:x', {})).toBe('RDS');
    expect(serviceOf(retirement, 'i-0abc', {})).toBe('EC2');
    expect(serviceOf(retirement, 'i-0abc', { service: 'elasticache' })).toBe('ELASTICACHE');
    expect(tagsFromEvidence({ tags: [{ Key: 'Team', Value: 'web' }] })).toEqual({ Team: 'web' });
    expect(tagsFromEvidence({ tags: { Env: 'prod' } })).toEqual({ Env: 'prod' });
    expect([
      parseWorkItemId('#42'),
      parseWorkItemId('42'),
      parseWorkItemId('W-42'),
      parseWorkItemId('x'),
    ]).toEqual([42, 42, 42, undefined]);
  });
});
