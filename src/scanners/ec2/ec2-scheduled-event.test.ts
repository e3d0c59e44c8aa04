import { deniedCase } from '../../../test/support/scanner-fixtures.js';
import { oneAccountWorld, testScanner } from '../../../test/support/scanner-tester.js';
import { ec2ScheduledEvent } from './ec2-scheduled-event.js';

/** A one-account world with these instances and scheduled events in us-east-1. */
const world = (instances: unknown[], events: unknown[] = []) =>
  oneAccountWorld({ ec2: { instances }, ec2events: { events } });

const WEB = { id: 'i-0a1b2c3d4e5f60001', type: 'm6i.large', zone: 'a' };
const BATCH = { id: 'i-0a1b2c3d4e5f60002', type: 'r6i.large', zone: 'c', state: 'stopped' };
const EVENT_ID = 'instance-event-0f1e2d3c4b5a69871';

testScanner(ec2ScheduledEvent, {
  now: '2026-03-01T00:00:00.000Z',
  horizonDays: { 'ec2-scheduled-event': 90 },
  quiet: [
    { name: 'instances without events', scenario: world([WEB, BATCH]) },
    {
      name: 'completed and canceled events are history, not work',
      scenario: world(
        [WEB, BATCH],
        [
          {
            instanceId: WEB.id,
            code: 'system-reboot',
            state: 'completed',
            notBefore: '2026-02-20T15:00:00Z',
            notAfter: '2026-02-20T17:00:00Z',
          },
          {
            instanceId: BATCH.id,
            code: 'instance-retirement',
            state: 'canceled',
            notBefore: '2026-03-10T00:00:00Z',
          },
        ],
      ),
    },
    {
      name: 'an event after the horizon',
      scenario: world(
        [WEB],
        [{ instanceId: WEB.id, code: 'instance-retirement', notBefore: '2026-07-01T00:00:00Z' }],
      ),
    },
    deniedCase('access denied is coverage, not "nothing found"', 'ec2events', {
      ec2: { instances: [WEB] },
      ec2events: {
        events: [{ instanceId: WEB.id, code: 'instance-stop', notBefore: '2026-03-05T00:00:00Z' }],
      },
    }),
  ],
  found: [
    {
      name: 'a system reboot with a window and a reschedule deadline',
      scenario: world(
        [WEB],
        [
          {
            id: EVENT_ID,
            instanceId: WEB.id,
            code: 'system-reboot',
            notBefore: '2026-03-12T15:00:00Z',
            notAfter: '2026-03-12T17:00:00Z',
            notBeforeDeadline: '2026-03-26T15:00:00Z',
          },
        ],
      ),
      expected: [
        {
          resource: WEB.id,
          eventDate: '2026-03-12T15:00:00.000Z',
          title: `EC2 instance ${WEB.id}: system-reboot from 2026-03-12`,
          evidence: {
            instanceId: WEB.id,
            availabilityZone: 'us-east-1a',
            instanceState: 'running',
            eventCode: 'system-reboot',
            description: 'scheduled reboot',
            notBefore: '2026-03-12T15:00:00.000Z',
            notAfter: '2026-03-12T17:00:00.000Z',
            notBeforeDeadline: '2026-03-26T15:00:00.000Z',
            events: [
              {
                instanceEventId: EVENT_ID,
                code: 'system-reboot',
                description: 'scheduled reboot',
                notBefore: '2026-03-12T15:00:00.000Z',
                notAfter: '2026-03-12T17:00:00.000Z',
                notBeforeDeadline: '2026-03-26T15:00:00.000Z',
              },
            ],
          },
        },
      ],
    },
    {
      name: 'a stopped instance due for retirement; the earliest of two events dates the finding',
      scenario: world(
        [WEB, BATCH],
        [
          {
            id: 'instance-event-00000000000000002',
            instanceId: BATCH.id,
            code: 'instance-retirement',
            notBefore: '2026-03-20T00:00:00Z',
          },
          {
            id: 'instance-event-00000000000000001',
            instanceId: BATCH.id,
            code: 'instance-stop',
            notBefore: '2026-03-15T00:00:00Z',
          },
        ],
      ),
      expected: [
        {
          resource: BATCH.id,
          eventDate: '2026-03-15T00:00:00.000Z',
          evidence: {
            instanceId: BATCH.id,
            availabilityZone: 'us-east-1c',
            instanceState: 'stopped',
            eventCode: 'instance-stop',
            description: 'The instance is running on degraded hardware',
            notBefore: '2026-03-15T00:00:00.000Z',
            notAfter: null,
            notBeforeDeadline: null,
            events: [
              {
                instanceEventId: 'instance-event-00000000000000001',
                code: 'instance-stop',
                description: 'The instance is running on degraded hardware',
                notBefore: '2026-03-15T00:00:00.000Z',
                notAfter: null,
                notBeforeDeadline: null,
              },
              {
                instanceEventId: 'instance-event-00000000000000002',
                code: 'instance-retirement',
                description: 'The instance is running on degraded hardware',
                notBefore: '2026-03-20T00:00:00.000Z',
                notAfter: null,
                notBeforeDeadline: null,
              },
            ],
          },
        },
      ],
    },
    {
      name: 'many instances: every page is read',
      scenario: world(
        Array.from({ length: 1205 }, (_, i) => ({ id: `i-${String(i).padStart(17, '0')}` })),
        [
          {
            id: EVENT_ID,
            instanceId: `i-${String(1204).padStart(17, '0')}`,
            code: 'system-maintenance',
            notBefore: '2026-03-03T01:00:00Z',
            notAfter: '2026-03-03T05:00:00Z',
          },
        ],
      ),
      expected: [
        {
          resource: `i-${String(1204).padStart(17, '0')}`,
          eventDate: '2026-03-03T01:00:00.000Z',
          evidence: {
            instanceId: `i-${String(1204).padStart(17, '0')}`,
            availabilityZone: 'us-east-1a',
            instanceState: 'running',
            eventCode: 'system-maintenance',
            description: 'Scheduled maintenance',
            notBefore: '2026-03-03T01:00:00.000Z',
            notAfter: '2026-03-03T05:00:00.000Z',
            notBeforeDeadline: null,
            events: [
              {
                instanceEventId: EVENT_ID,
                code: 'system-maintenance',
                description: 'Scheduled maintenance',
                notBefore: '2026-03-03T01:00:00.000Z',
                notAfter: '2026-03-03T05:00:00.000Z',
                notBeforeDeadline: null,
              },
            ],
          },
        },
      ],
    },
  ],
});
