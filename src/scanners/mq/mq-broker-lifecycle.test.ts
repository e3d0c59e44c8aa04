import { describe, expect, it } from 'vitest';
import { deniedCase } from '../../../test/support/scanner-fixtures.js';
import { oneAccountWorld, TEST_ACCOUNT, testScanner } from '../../../test/support/scanner-tester.js';
import { mqBrokerLifecycle, nextWindow } from './mq-broker-lifecycle.js';

/** A one-account world with these Amazon MQ brokers in us-east-1. */
const world = (brokers: unknown[]) => oneAccountWorld({ mq: { brokers } });

const RABBIT_URL =
  'https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/rabbitmq-version-management.html';
const resource = (name: string) =>
  expect.stringMatching(new RegExp(`^arn:aws:mq:us-east-1:${TEST_ACCOUNT}:broker:${name}:b-`));

describe('nextWindow', () => {
  it('finds the next weekly start in UTC and in the broker time zone', () => {
    // Wednesday 2026-03-04.
    const now = new Date('2026-03-04T00:00:00Z');
    expect(nextWindow(now, 'SUNDAY', '17:00', 'UTC')).toBe('2026-03-08T17:00:00.000Z');
    expect(nextWindow(now, 'saturday', '03:00', 'Asia/Tokyo')).toBe('2026-03-06T18:00:00.000Z');
    expect(nextWindow(now, 'WEDNESDAY', '00:00', 'UTC')).toBe('2026-03-11T00:00:00.000Z');
    expect(nextWindow(now, 'SOMEDAY', '17:00', 'UTC')).toBeNull();
    expect(nextWindow(now, 'SUNDAY', '17:00', 'Not/AZone')).toBeNull();
  });
});

testScanner(mqBrokerLifecycle, {
  now: '2026-03-04T00:00:00.000Z',
  horizonDays: { 'engine-maintenance': 30, 'engine-end-of-support': 365 },
  quiet: [
    {
      name: 'a current broker with nothing pending',
      scenario: world([{ name: 'calm', engineVersion: '5.18.4' }]),
    },
    deniedCase('access denied is coverage', 'mq', {
      mq: { brokers: [{ name: 'x', engineVersion: '5.15.16' }] },
    }),
  ],
  found: [
    {
      name: 'a pending upgrade in a Tokyo window, and RabbitMQ 3.12 past its end of support (table)',
      scenario: world([
        {
          name: 'orders',
          engineVersion: '5.18.3',
          pendingEngineVersion: '5.18.4',
          deploymentMode: 'SINGLE_INSTANCE',
          maintenanceWindow: { dayOfWeek: 'SATURDAY', timeOfDay: '03:00', timeZone: 'Asia/Tokyo' },
        },
        { name: 'events', engineType: 'RABBITMQ', engineVersion: '3.12.13', autoMinorVersionUpgrade: false },
      ]),
      expected: [
        {
          kind: 'engine-end-of-support',
          resource: resource('events'),
          eventDate: '2025-03-17T00:00:00.000Z',
          evidence: {
            service: 'mq',
            brokerName: 'events',
            engineType: 'RABBITMQ',
            engineVersion: '3.12.13',
            autoMinorVersionUpgrade: false,
            standardSupportEnd: '2025-03-17T00:00:00.000Z',
            extendedSupportEnd: null,
            pastStandardSupport: true,
            recommendedVersion: null,
            dateSource: 'lifecycle-table',
            dateSourceUrl: RABBIT_URL,
            datesReadOn: '2026-12-02',
            note: null,
          },
        },
        {
          kind: 'engine-maintenance',
          resource: resource('orders'),
          eventDate: '2026-03-06T18:00:00.000Z',
          evidence: {
            service: 'mq',
            brokerName: 'orders',
            engineType: 'ACTIVEMQ',
            engineVersion: '5.18.3',
            pendingEngineVersion: '5.18.4',
            deploymentMode: 'SINGLE_INSTANCE',
            autoMinorVersionUpgrade: true,
            maintenanceWindow: 'SATURDAY 03:00 Asia/Tokyo',
            actionsRequired: [],
          },
        },
      ],
    },
  ],
});
