import { describe, expect, it } from 'vitest';
import { defaultCatalog } from '../src/catalog/index.js';
import type { RoutingConfig } from '../src/core/routing.js';
import { healthOccurrences } from '../src/ingest/health/classify.js';
import { healthEventsFromJson } from '../src/ingest/health/event.js';
import type { Store } from '../src/store/index.js';
import { storeTargets } from './support/stores.js';

const NO_ROUTING: RoutingConfig = { organizationalUnits: {}, rules: [] };
const ARN =
  'arn:aws:health:ap-northeast-1::event/EC2/AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED/AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED_1';
const LAMBDA_ARN =
  'arn:aws:health:ap-northeast-1::event/LAMBDA/AWS_LAMBDA_PLANNED_LIFECYCLE_EVENT/AWS_LAMBDA_PLANNED_LIFECYCLE_EVENT_1';

/** One EventBridge "AWS Health Event" as AWS sends it, at a given status and start time. */
function rebootEvent(statusCode: string, startTime: string, lastUpdatedTime: string): unknown {
  return {
    version: '0',
    id: `id-${statusCode}-${lastUpdatedTime}`,
    'detail-type': 'AWS Health Event',
    source: 'aws.health',
    account: '111122223333',
    time: lastUpdatedTime,
    region: 'ap-northeast-1',
    resources: ['i-0abc1234def567890'],
    detail: {
      eventArn: ARN,
      service: 'EC2',
      eventTypeCode: 'AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED',
      eventTypeCategory: 'scheduledChange',
      startTime,
      lastUpdatedTime,
      statusCode,
      eventDescription: [{ language: 'en_US', latestDescription: 'Your instance is scheduled for reboot.' }],
      affectedEntities: [{ entityValue: 'i-0abc1234def567890' }],
    },
  };
}

function lambdaLifecycle(entityStatus: string, lastUpdatedTime: string): unknown {
  return {
    'detail-type': 'AWS Health Event',
    source: 'aws.health',
    account: '111122223333',
    region: 'ap-northeast-1',
    detail: {
      eventArn: LAMBDA_ARN,
      service: 'LAMBDA',
      eventTypeCode: 'AWS_LAMBDA_PLANNED_LIFECYCLE_EVENT',
      eventTypeCategory: 'scheduledChange',
      startTime: '2027-03-31T00:00:00Z',
      lastUpdatedTime,
      statusCode: 'open',
      eventDescription: [
        {
          language: 'en_US',
          latestDescription:
            'We are ending support for Node.js 18 in AWS Lambda. Lambda functions using the Node.js 18 runtime are listed.',
        },
      ],
      affectedEntities: [
        { entityValue: 'arn:aws:lambda:ap-northeast-1:111122223333:function:orders', status: entityStatus },
      ],
    },
  };
}

async function push(store: Store, json: unknown, observedAt: string): Promise<void> {
  const catalog = defaultCatalog();
  const occurrences = healthEventsFromJson(json).flatMap((event) =>
    healthOccurrences(event, catalog, { source: 'eventbridge', observedAt }),
  );
  await store.occurrences.record(occurrences);
}

describe.each(storeTargets())('Health events drive their work items on $name', ({ open }) => {
  it('reschedules on a new start time, resolves when AWS closes the event, reopens when it comes back', async () => {
    // Prepare
    const store = await open();
    const catalog = defaultCatalog();
    try {
      await push(
        store,
        rebootEvent('upcoming', '2026-12-10T01:00:00Z', '2026-11-20T00:00:00Z'),
        '2026-11-20T00:00:00Z',
      );
      const { created } = await store.workItems.syncFromOccurrences(
        catalog,
        NO_ROUTING,
        new Date('2026-11-20T00:00:00Z'),
      );
      const id = created[0] ?? 0;
      // Act
      await push(
        store,
        rebootEvent('upcoming', '2026-12-17T01:00:00Z', '2026-11-21T00:00:00Z'),
        '2026-11-21T00:00:00Z',
      );
      const moved = await store.workItems.syncFromOccurrences(
        catalog,
        NO_ROUTING,
        new Date('2026-11-21T00:00:00Z'),
      );
      await push(
        store,
        rebootEvent('closed', '2026-12-17T01:00:00Z', '2026-12-18T00:00:00Z'),
        '2026-12-18T00:00:00Z',
      );
      const closed = await store.workItems.syncFromOccurrences(
        catalog,
        NO_ROUTING,
        new Date('2026-12-18T00:00:00Z'),
      );
      const afterClose = await store.workItems.get(id);
      await push(
        store,
        rebootEvent('open', '2026-12-24T01:00:00Z', '2026-12-19T00:00:00Z'),
        '2026-12-19T00:00:00Z',
      );
      const back = await store.workItems.syncFromOccurrences(
        catalog,
        NO_ROUTING,
        new Date('2026-12-19T00:00:00Z'),
      );
      const afterComeback = await store.workItems.get(id);
      // Assess
      expect(created).toHaveLength(1);
      expect(moved.rescheduled).toEqual([id]);
      expect(closed.closed).toEqual([id]);
      expect(afterClose?.status).toBe('resolved');
      expect(afterClose?.resolution).toBe(`AWS closed the Health event ${ARN}`);
      expect(afterClose?.history.map((h) => h.action)).toEqual(['created', 'reschedule', 'resolve']);
      expect(back.reopened).toEqual([id]);
      expect(afterComeback?.status).toBe('open');
      expect(afterComeback?.eventDate).toBe('2026-12-24T01:00:00.000Z');
    } finally {
      await store.close();
    }
  });

  it('resolves a planned lifecycle item when AWS marks its affected entity RESOLVED', async () => {
    // Prepare
    const store = await open();
    const catalog = defaultCatalog();
    try {
      await push(store, lambdaLifecycle('PENDING', '2026-11-20T00:00:00Z'), '2026-11-20T00:00:00Z');
      const { created } = await store.workItems.syncFromOccurrences(
        catalog,
        NO_ROUTING,
        new Date('2026-11-20T00:00:00Z'),
      );
      // Act
      await push(store, lambdaLifecycle('RESOLVED', '2026-11-25T00:00:00Z'), '2026-11-25T00:00:00Z');
      const result = await store.workItems.syncFromOccurrences(
        catalog,
        NO_ROUTING,
        new Date('2026-11-25T00:00:00Z'),
      );
      const item = await store.workItems.get(created[0] ?? 0);
      // Assess
      expect(created).toHaveLength(1);
      expect(item?.kind).toBe('lambda-runtime-deprecation');
      expect(result.closed).toEqual(created);
      expect(item?.status).toBe('resolved');
      expect(item?.resolution).toContain('RESOLVED');
    } finally {
      await store.close();
    }
  });
});
