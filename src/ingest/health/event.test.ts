import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../catalog/index.js';
import { classifyHealthEvent, healthOccurrences } from './classify.js';
import { dateInDescription, toIsoDate } from './dates.js';
import { healthEventsFromJson } from './event.js';

const samples = join(import.meta.dirname, 'samples');
const sample = (name: string): unknown => JSON.parse(readFileSync(join(samples, name), 'utf8'));
const catalog = loadCatalog();
const observedAt = '2026-11-23T00:00:00.000Z';

describe('AWS Health dates', () => {
  it.each([
    ['Wed, 31 Jan 2018 11:00:00 GMT', '2018-01-31T11:00:00.000Z'],
    ['2026-12-04T00:00:00Z', '2026-12-04T00:00:00.000Z'],
    [1796342400, '2026-12-04T00:00:00.000Z'],
    ['', null],
    ['next Tuesday', null],
  ])('reads %j as %j', (input, expected) => {
    expect(toIsoDate(input)).toBe(expected);
  });

  it('finds the deadline a description announces, not an unrelated earlier date', () => {
    // Prepare
    const text =
      'Reported on 2026-11-01. Lambda will end support for Node.js 20 on June 30, 2027. Functions keep running.';
    // Act
    const date = dateInDescription(text);
    // Assess
    expect(date).toBe('2027-06-30T00:00:00.000Z');
  });
});

describe('healthEventsFromJson', () => {
  it.each([
    {
      name: 'an EventBridge "AWS Health Event" with RFC 1123 dates and tagged entities',
      file: 'eventbridge-ec2-retirement.json',
      expected: {
        service: 'EC2',
        eventTypeCode: 'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED',
        eventTypeCategory: 'scheduledChange',
        region: 'ap-northeast-1',
        accountId: '123456789012',
        startTime: '2026-12-04T00:00:00.000Z',
        lastUpdatedTime: '2026-11-20T06:20:00.000Z',
        statusCode: 'upcoming',
        page: { page: 1, totalPages: 1 },
        entities: [{ value: 'i-0abcd1111example', tags: { Name: 'web-1', stage: 'prod' } }],
        description: expect.stringContaining('will be stopped'),
      },
      leftOut: [],
    },
    {
      // The SNS notification carries the EventBridge event as a JSON string.
      name: 'an abuse event although AWS leaves out lastUpdatedTime, statusCode and eventScopeCode',
      file: 'sns-abuse-report.json',
      expected: {
        eventTypeCode: 'AWS_ABUSE_DOS_REPORT',
        region: 'global',
        accountId: '123456789012',
        lastUpdatedTime: null,
        statusCode: null,
        startTime: '2026-11-21T01:45:00.000Z',
      },
      leftOut: ['eventScopeCode'],
    },
  ])('reads $name', ({ file, expected, leftOut }) => {
    // Act
    const [event] = healthEventsFromJson(sample(file));
    // Assess
    expect(event).toMatchObject(expected);
    for (const key of leftOut) expect(event).not.toHaveProperty(key);
  });

  it('reads a saved DescribeEventDetails answer with its DescribeAffectedEntities entities (epoch seconds)', () => {
    // Act
    const [event] = healthEventsFromJson(sample('api-event-details.json'));
    // Assess
    expect(event?.startTime).toBe('2026-12-04T00:00:00.000Z');
    expect(event?.endTime).toBe('2026-12-04T03:00:00.000Z');
    expect(event?.entities.map((e) => [e.value, e.status, e.accountId])).toEqual([
      ['dxcon-fgv0etma', 'PENDING', '123456789012'],
      ['dxvif-fgcoi6fa', 'PENDING', '123456789012'],
    ]);
    expect(event?.accountId).toBe('123456789012');
  });

  it('refuses JSON that is no Health shape, naming what it expected', () => {
    expect(() => healthEventsFromJson({ hello: 'world' })).toThrow(/not a recognised AWS Health shape/);
    expect(() => healthEventsFromJson({ source: 'aws.acm', 'detail-type': 'x', detail: {} })).toThrow(
      /not an AWS Health event/,
    );
  });
});

describe('healthOccurrences', () => {
  it('gives one occurrence per affected resource, keyed by the event ARN, in the affected account', () => {
    // Prepare
    const [event] = healthEventsFromJson(sample('eventbridge-lambda-lifecycle-page2.json'));
    if (!event) throw new Error('sample missing');
    // Act
    const occurrences = healthOccurrences(event, catalog, { source: 'eventbridge', observedAt });
    // Assess
    expect(occurrences.map((o) => [o.resource, o.evidence.entityStatus, o.accountId])).toEqual([
      ['arn:aws:lambda:us-east-1:444455556666:function:billing-export', 'PENDING', '444455556666'],
      ['arn:aws:lambda:us-east-1:444455556666:function:thumbnailer', 'RESOLVED', '444455556666'],
    ]);
    expect(new Set(occurrences.map((o) => o.sourceRef))).toEqual(new Set([event.arn]));
    expect(occurrences[0]?.eventDate).toBe('2027-06-30T00:00:00.000Z');
    expect(occurrences[0]?.sourceStatus).toBe('upcoming');
    expect(occurrences[0]?.evidence.actionability).toBe('ACTION_REQUIRED');
  });

  it('classifies an EC2 retirement with the retirement date as the date that matters', () => {
    // Prepare
    const [event] = healthEventsFromJson(sample('eventbridge-ec2-retirement.json'));
    if (!event) throw new Error('sample missing');
    // Act
    const result = classifyHealthEvent(event, catalog);
    // Assess
    expect(result).toMatchObject({
      kind: 'ec2-scheduled-event',
      category: 'emergency',
      accountId: '123456789012',
      region: 'ap-northeast-1',
      resources: ['i-0abcd1111example'],
      eventDate: '2026-12-04T00:00:00.000Z',
      status: 'upcoming',
    });
  });

  it('keeps a code no catalog entry knows as an unmapped occurrence with AWS service and category', () => {
    // Prepare
    const [event] = healthEventsFromJson(sample('eventbridge-unmapped-billing.json'));
    if (!event) throw new Error('sample missing');
    // Act
    const [occurrence, ...rest] = healthOccurrences(event, catalog, { source: 'eventbridge', observedAt });
    // Assess: no entity, so the account itself is the resource
    expect(rest).toEqual([]);
    expect(occurrence).toMatchObject({
      kind: null,
      accountId: '123456789012',
      resource: '123456789012',
      sourceRef: event.arn,
      evidence: {
        service: 'BILLING',
        eventTypeCategory: 'accountNotification',
        eventTypeCode: 'AWS_BILLING_NOTIFICATION',
      },
    });
  });
});
