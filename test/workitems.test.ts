import { describe, expect, it } from 'vitest';
import type { RoutingConfig } from '../src/core/routing.js';
import { DAY_MS } from '../src/core/time.js';
import type { Occurrence } from '../src/core/types.js';
import type { CoverageEntry, Store } from '../src/store/index.js';
import { storeTargets } from './support/stores.js';
import { testCatalog } from './support/work-items.js';

const NOW = new Date('2026-11-20T00:00:00.000Z');
const NO_ROUTING: RoutingConfig = { organizationalUnits: {}, rules: [] };
const A = '111122223333';
const B = '444455556666';

function scannerRetirement(accountId: string, instance: string, observedAt = NOW.toISOString()): Occurrence {
  return {
    kind: 'ec2-scheduled-event',
    accountId,
    region: 'ap-northeast-1',
    resource: `arn:aws:ec2:ap-northeast-1:${accountId}:instance/${instance}`,
    eventDate: '2026-12-10T01:00:00.000Z',
    source: 'scanner',
    sourceRef: 'scanner:ec2-scheduled-events:ec2-scheduled-event',
    title: `instance-retirement ${instance}`,
    evidence: { code: 'instance-retirement', instanceId: instance, tags: [{ Key: 'Team', Value: 'web' }] },
    observedAt,
  };
}

/** One scan run: records what it saw, then its coverage. */
async function scan(
  store: Store,
  startedAt: string,
  seen: Occurrence[],
  coverage: CoverageEntry[],
): Promise<string> {
  const runId = await store.scanRuns.start({ kind: 'scan', startedAt, parameters: {} });
  await store.occurrences.record(
    seen.map((o) => ({ ...o, observedAt: startedAt })),
    { scanRunId: runId },
  );
  await store.scanRuns.finish(runId, {
    status: coverage.every((c) => c.status === 'ok') ? 'complete' : 'partial',
    finishedAt: new Date(new Date(startedAt).getTime() + 60_000).toISOString(),
    coverage,
    summary: {},
  });
  return runId;
}

function covered(accountId: string, status: CoverageEntry['status']): CoverageEntry {
  return { accountId, region: 'ap-northeast-1', scanner: 'ec2-scheduled-events', status };
}

describe.each(storeTargets())('work items on $name', ({ open }) => {
  it('turns one retirement seen by the scanner, AWS Health and email into one work item', async () => {
    // Prepare
    const store = await open();
    try {
      await store.occurrences.record([
        scannerRetirement(A, 'i-0abc'),
        {
          kind: 'ec2-scheduled-event',
          accountId: A,
          region: 'ap-northeast-1',
          resource: 'i-0abc',
          eventDate: '2026-12-10T01:00:00Z',
          source: 'health',
          sourceRef: 'arn:aws:health:ap-northeast-1::event/EC2/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED/abc',
          sourceStatus: 'upcoming',
          evidence: { eventTypeCode: 'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED' },
          observedAt: '2026-11-19T00:00:00Z',
        },
        {
          kind: 'ec2-scheduled-event',
          accountId: A,
          region: 'ap-northeast-1',
          resource: 'I-0ABC',
          eventDate: '2026-12-10T01:00:00Z',
          source: 'email',
          sourceRef: '<retirement-1@amazon.com>',
          evidence: { subject: '[Retirement Notification] Amazon EC2 Instance scheduled for retirement' },
          observedAt: '2026-11-18T00:00:00Z',
        },
        { ...scannerRetirement(A, 'i-0other'), kind: null, sourceRef: 'arn:aws:health:::event/UNKNOWN' },
      ]);
      // Act
      const first = await store.workItems.syncFromOccurrences(testCatalog, NO_ROUTING, NOW);
      const second = await store.workItems.syncFromOccurrences(testCatalog, NO_ROUTING, NOW);
      // Assess
      expect(first.created).toHaveLength(1);
      expect(first.linked).toBe(3);
      expect(second).toMatchObject({ created: [], linked: 0, reopened: [] });
      const { items, total } = await store.workItems.list({}, { now: NOW });
      expect(total).toBe(1);
      const item = await store.workItems.get(items[0]?.ref ?? '', { now: NOW });
      expect(item).toMatchObject({
        kind: 'ec2-scheduled-event',
        category: 'emergency',
        service: 'EC2',
        accountId: A,
        status: 'open',
        eventDate: '2026-12-10T01:00:00.000Z',
        dueDate: '2026-12-03T01:00:00.000Z',
        urgency: 'within_30_days',
      });
      expect(item?.occurrences.map((o) => o.source).sort()).toEqual(['email', 'health', 'scanner']);
      expect(item?.history.map((h) => h.action)).toEqual(['created', 'seen', 'seen']);
    } finally {
      await store.close();
    }
  });

  it('walks the lifecycle with history and refuses invalid moves without changing anything', async () => {
    // Prepare
    const store = await open();
    try {
      await store.occurrences.record([scannerRetirement(A, 'i-0abc'), scannerRetirement(A, 'i-0def')]);
      const { created } = await store.workItems.syncFromOccurrences(testCatalog, NO_ROUTING, NOW);
      const [one, two] = created as [number, number];
      // Act
      await store.workItems.transition(one, 'ack', { actor: 'sato', note: 'checking the ASG', now: NOW });
      await store.workItems.transition(`#${one}`, 'start', { actor: 'sato', now: NOW });
      const done = await store.workItems.transition(one, 'done', {
        actor: 'suzuki',
        note: 'stopped and started',
        now: NOW,
      });
      const invalid = store.workItems.transition(one, 'ack', { actor: 'sato', now: NOW });
      const noReason = store.workItems.transition(two, 'wontdo', { actor: 'sato', now: NOW });
      // Assess
      expect(done).toMatchObject({ status: 'done', closedAt: NOW.toISOString() });
      await expect(invalid).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
      await expect(noReason).rejects.toMatchObject({ code: 'REASON_REQUIRED' });
      expect((await store.workItems.get(two))?.status).toBe('open');
      const wontDo = await store.workItems.transition(two, 'wontdo', {
        actor: 'sato',
        reason: 'instance is being decommissioned',
        now: NOW,
      });
      expect(wontDo).toMatchObject({ status: 'wont_do', resolution: 'instance is being decommissioned' });
      const history = (await store.workItems.get(one))?.history ?? [];
      expect(history.slice(1).map((h) => [h.actor, h.action, h.fromStatus, h.toStatus, h.note])).toEqual([
        ['sato', 'ack', 'open', 'acknowledged', 'checking the ASG'],
        ['sato', 'start', 'acknowledged', 'in_progress', null],
        ['suzuki', 'done', 'in_progress', 'done', 'stopped and started'],
      ]);
      await expect(store.workItems.transition(999, 'ack', { actor: 'sato' })).rejects.toMatchObject({
        code: 'WORK_ITEM_NOT_FOUND',
      });
    } finally {
      await store.close();
    }
  });

  it('resolves an unseen item only where the scan covered the account with ok, not under AccessDenied', async () => {
    // Prepare
    const store = await open();
    try {
      await scan(
        store,
        '2026-11-19T00:00:00.000Z',
        [scannerRetirement(A, 'i-0abc'), scannerRetirement(B, 'i-0bbb')],
        [covered(A, 'ok'), covered(B, 'ok')],
      );
      await store.workItems.syncFromOccurrences(testCatalog, NO_ROUTING, NOW);
      // Act: the next scan sees neither; account B answered AccessDenied this time.
      const runId = await scan(
        store,
        '2026-11-20T00:00:00.000Z',
        [],
        [covered(A, 'ok'), covered(B, 'denied')],
      );
      const result = await store.workItems.resolveUnseen(runId, NOW);
      // Assess
      const [inA] = (await store.workItems.list({ account: A })).items;
      const [inB] = (await store.workItems.list({ account: B })).items;
      expect(result.resolved).toEqual([inA?.id]);
      expect(result.keptForCoverage).toEqual([inB?.id]);
      expect(inA?.status).toBe('resolved');
      expect(inA?.resolution).toContain(`ec2-scheduled-events scanned ${A}/ap-northeast-1 (coverage ok)`);
      expect(inB?.status).toBe('open');
      const history = (await store.workItems.get(inA?.id ?? 0))?.history.at(-1);
      expect(history).toMatchObject({
        actor: 'opsradar',
        action: 'resolve',
        fromStatus: 'open',
        toStatus: 'resolved',
      });
    } finally {
      await store.close();
    }
  });

  it('does not resolve what a scan never looked at, nor what it still saw', async () => {
    // Prepare
    const store = await open();
    try {
      await scan(
        store,
        '2026-11-19T00:00:00.000Z',
        [scannerRetirement(A, 'i-0abc'), scannerRetirement(B, 'i-0bbb')],
        [covered(A, 'ok'), covered(B, 'ok')],
      );
      await store.workItems.syncFromOccurrences(testCatalog, NO_ROUTING, NOW);
      // Act: this scan only covered account A (and still saw its instance); B failed.
      const runId = await scan(
        store,
        '2026-11-20T00:00:00.000Z',
        [scannerRetirement(A, 'i-0abc')],
        [covered(A, 'ok'), covered(B, 'failed')],
      );
      const result = await store.workItems.resolveUnseen(runId, NOW);
      // Assess
      expect(result.resolved).toEqual([]);
      expect((await store.workItems.counts({ now: NOW })).byStatus.open).toBe(2);
    } finally {
      await store.close();
    }
  });

  it('reopens a resolved item whose condition comes back instead of creating a duplicate', async () => {
    // Prepare
    const store = await open();
    try {
      await scan(store, '2026-11-18T00:00:00.000Z', [scannerRetirement(A, 'i-0abc')], [covered(A, 'ok')]);
      const { created } = await store.workItems.syncFromOccurrences(testCatalog, NO_ROUTING, NOW);
      const gone = await scan(store, '2026-11-19T00:00:00.000Z', [], [covered(A, 'ok')]);
      await store.workItems.resolveUnseen(gone, NOW);
      // Act
      await scan(store, '2026-11-20T00:00:00.000Z', [scannerRetirement(A, 'i-0abc')], [covered(A, 'ok')]);
      const result = await store.workItems.syncFromOccurrences(testCatalog, NO_ROUTING, NOW);
      // Assess
      expect(result.created).toEqual([]);
      expect(result.reopened).toEqual(created);
      const { items, total } = await store.workItems.list();
      expect(total).toBe(1);
      expect(items[0]).toMatchObject({ id: created[0], status: 'open', closedAt: null, resolution: null });
      const actions = (await store.workItems.get(created[0] ?? 0))?.history.map((h) => h.action);
      expect(actions).toEqual(['created', 'resolve', 'reappear']);
    } finally {
      await store.close();
    }
  });

  it('assigns the owner from the first matching routing rule', async () => {
    // Prepare
    const store = await open();
    const routing: RoutingConfig = {
      organizationalUnits: { 'ou-ab12-payments': [B] },
      rules: [
        { match: { kind: 'abuse-report' }, team: 'security' },
        { match: { ou: 'ou-ab12-payments' }, team: 'payments', owner: 'tanaka' },
        { match: { tag: { Team: 'web' }, region: 'ap-*' }, team: 'web' },
        { match: { account: A }, team: 'never-reached' },
      ],
      default: { team: 'platform' },
    };
    try {
      await store.occurrences.record([
        scannerRetirement(A, 'i-0abc'),
        scannerRetirement(B, 'i-0bbb'),
        { ...scannerRetirement(A, 'i-0ccc'), evidence: {}, region: 'us-east-1', resource: 'i-0ccc' },
      ]);
      // Act
      await store.workItems.syncFromOccurrences(testCatalog, routing, NOW);
      // Assess
      const { items } = await store.workItems.list({}, { sort: 'id' });
      items.sort((a, b) => a.resource.localeCompare(b.resource));
      expect(items.map((i) => [i.resource, i.team, i.owner])).toEqual([
        [`arn:aws:ec2:ap-northeast-1:${A}:instance/i-0abc`, 'web', null],
        [`arn:aws:ec2:ap-northeast-1:${B}:instance/i-0bbb`, 'payments', 'tanaka'],
        ['i-0ccc', 'never-reached', null],
      ]);
      expect((await store.workItems.list({ owner: 'payments' })).total).toBe(1);
      const reassigned = await store.workItems.assign(items[0]?.id ?? 0, 'suzuki', 'sato', { now: NOW });
      expect(reassigned).toMatchObject({ owner: 'suzuki', team: 'web' });
      expect((await store.workItems.get(items[0]?.id ?? 0))?.history.at(-1)).toMatchObject({
        action: 'assign',
        actor: 'sato',
        note: 'owner: - → suzuki',
      });
    } finally {
      await store.close();
    }
  });

  it('filters, pages and counts by category and urgency', async () => {
    // Prepare
    const store = await open();
    try {
      const cert = (n: number, days: number): Occurrence => ({
        kind: 'acm-certificate-expiry',
        accountId: A,
        region: 'ap-northeast-1',
        resource: `arn:aws:acm:ap-northeast-1:${A}:certificate/cert-${n}`,
        eventDate: new Date(NOW.getTime() + days * DAY_MS).toISOString(),
        source: 'scanner',
        sourceRef: 'scanner:acm-certificate-expiry:acm-certificate-expiry',
        title: n === 5 ? `証明書 www${n}.example.jp` : `www${n}.example.jp`,
        evidence: {},
        observedAt: NOW.toISOString(),
      });
      // Due = expiry − 30 days: 10 → overdue, 35 → within 7 days, 50 → within 30, 90 → later.
      await store.occurrences.record([cert(1, 10), cert(2, 35), cert(3, 50), cert(4, 90), cert(5, 91)]);
      await store.occurrences.record([
        { ...scannerRetirement(A, 'i-0abc'), eventDate: null, kind: 'abuse-report' },
      ]);
      await store.workItems.syncFromOccurrences(testCatalog, NO_ROUTING, NOW);
      // Act
      const page1 = await store.workItems.list({ category: 'scheduled' }, { limit: 2, offset: 0, now: NOW });
      const page3 = await store.workItems.list({ category: 'scheduled' }, { limit: 2, offset: 4, now: NOW });
      const later = await store.workItems.list({ urgency: 'later' }, { now: NOW });
      const text = await store.workItems.list({ text: 'WWW3.EXAMPLE' }, { now: NOW });
      const short = await store.workItems.list({ text: '3.' }, { now: NOW });
      const literal = await store.workItems.list({ text: '_' }, { now: NOW });
      const japanese = await store.workItems.list({ text: '証明書' }, { now: NOW });
      const dueBefore = await store.workItems.list({ dueBefore: '2026-12-25' }, { now: NOW });
      const counts = await store.workItems.counts({ now: NOW });
      // Assess
      expect(page1.total).toBe(5);
      expect(page1.items.map((i) => i.title)).toEqual(['www1.example.jp', 'www2.example.jp']);
      expect(page3.items.map((i) => i.title)).toEqual(['証明書 www5.example.jp']);
      expect(later.items.map((i) => i.title)).toEqual(['www4.example.jp', '証明書 www5.example.jp']);
      expect(text.items.map((i) => i.title)).toEqual(['www3.example.jp']);
      expect(short.items.map((i) => i.title)).toEqual(['www3.example.jp']);
      expect(literal.total).toBe(0);
      expect(japanese.items.map((i) => i.title)).toEqual(['証明書 www5.example.jp']);
      // cert 1, 2, 3 and the abuse report (no event date: due when first seen).
      expect(dueBefore.total).toBe(4);
      expect(counts).toMatchObject({
        total: 6,
        active: 6,
        byCategory: { scheduled: 5, expert: 1, emergency: 0, request: 0 },
        byUrgency: { overdue: 1, within_7_days: 2, within_30_days: 1, later: 2 },
      });
    } finally {
      await store.close();
    }
  });

  it('moves the due date when the event is rescheduled and reports recent changes', async () => {
    // Prepare
    const store = await open();
    try {
      await store.occurrences.record([scannerRetirement(A, 'i-0abc')]);
      const { created } = await store.workItems.syncFromOccurrences(testCatalog, NO_ROUTING, NOW);
      // Act
      await store.occurrences.record([
        {
          ...scannerRetirement(A, 'i-0abc'),
          eventDate: '2026-12-20T01:00:00Z',
          observedAt: '2026-11-21T00:00:00Z',
        },
      ]);
      const later = new Date('2026-11-21T00:00:00Z');
      const result = await store.workItems.syncFromOccurrences(testCatalog, NO_ROUTING, later);
      // Assess
      expect(result.rescheduled).toEqual(created);
      const item = await store.workItems.get(created[0] ?? 0);
      expect(item).toMatchObject({
        eventDate: '2026-12-20T01:00:00.000Z',
        dueDate: '2026-12-13T01:00:00.000Z',
      });
      expect((await store.workItems.changedSince('2026-11-20T12:00:00Z')).map((i) => i.id)).toEqual(created);
      expect((await store.workItems.historySince('2026-11-20T12:00:00Z')).map((h) => h.action)).toEqual([
        'reschedule',
      ]);
    } finally {
      await store.close();
    }
  });
});
