import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/index.js';
import { OpsradarError } from '../src/core/errors.js';
import { eventBridgeOccurrences, parseEventBridgeEvent } from '../src/ingest/eventbridge/event.js';
import { healthOccurrences } from '../src/ingest/health/classify.js';
import { type HealthEvent, HealthEventError, healthEventsFromJson } from '../src/ingest/health/event.js';

/** Seeded property tests: the same cases on every run, so a failure replays exactly. */
const seed = (n: number): number => Number(process.env.PROP_SEED ?? n);
const runs = (n: number): number => Number(process.env.PROP_RUNS ?? n);
const catalog = loadCatalog();
const observedAt = '2026-11-24T00:00:00.000Z';

/** Keys the readers look at, plus keys that trip naive object handling. */
const KEYS = [
  'Type',
  'Message',
  'Entries',
  'DetailType',
  'Detail',
  'Source',
  'detail-type',
  'detail',
  'source',
  'account',
  'region',
  'id',
  'resources',
  'eventArn',
  'arn',
  'eventTypeCode',
  'eventDescription',
  'latestDescription',
  'language',
  'affectedEntities',
  'entityValue',
  'affectedAccount',
  'personas',
  'page',
  'totalPages',
  'startTime',
  'lastUpdatedTime',
  'eventMetadata',
  'tags',
  'successfulSet',
  'event',
  'events',
  'entities',
  'toString',
  'valueOf',
  '__proto__',
  'constructor',
];
const leafValue = fc.oneof(
  fc.constantFrom('aws.health', 'Notification', 'AWS Health Event', '1', 'Wed, 31 Jan 2018 11:00:00 GMT', ''),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
/** JSON with the readers' own keys, so the arbitrary values reach deep into each shape. */
const healthishJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafValue,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 6 }),
    // The string forms: SNS Message and PutEvents Detail carry JSON as text.
    tie('value').map((v) => JSON.stringify(v) ?? 'null'),
  ),
})).value;
/** Same value after a JSON round trip: what a push body really is (`__proto__` becomes an own key). */
const asReceived = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? 'null');

function expectEventsOrRejection(read: () => HealthEvent[]): void {
  try {
    const events = read();
    for (const event of events) {
      expect(typeof event.arn).toBe('string');
      expect(typeof event.eventTypeCode).toBe('string');
      expect(() => healthOccurrences(event, catalog, { source: 'eventbridge', observedAt })).not.toThrow();
    }
  } catch (error) {
    expect(error).toBeInstanceOf(HealthEventError);
  }
}

/** A well-formed EventBridge `detail` (the shape AWS documents for "AWS Health Event"). */
const validDetail = fc.record({
  eventArn: fc
    .tuple(
      fc.constantFrom('us-east-1', 'ap-northeast-1', 'eu-west-1'),
      fc.constantFrom('EC2', 'RDS', 'LAMBDA'),
      fc.stringMatching(/^AWS_[A-Z0-9_]{3,30}$/),
      fc.stringMatching(/^[A-Za-z0-9_]{4,20}$/),
    )
    .map(([region, service, code, id]) => `arn:aws:health:${region}::event/${service}/${code}/${id}`),
  eventTypeCode: fc.stringMatching(/^AWS_[A-Z0-9_]{3,30}$/),
  eventTypeCategory: fc.constantFrom('scheduledChange', 'accountNotification', 'issue'),
  startTime: fc
    .date({
      min: new Date('2020-01-01T00:00:00Z'),
      max: new Date('2030-01-01T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000).toUTCString()),
  statusCode: fc.constantFrom('open', 'upcoming', 'closed'),
  affectedAccount: fc.stringMatching(/^\d{12}$/),
  eventDescription: fc
    .string({ maxLength: 80 })
    .map((text) => [{ language: 'en_US', latestDescription: text }]),
  affectedEntities: fc.array(
    fc.record({
      entityValue: fc.stringMatching(/^[a-z]{1,4}-[0-9a-f]{4,17}$/),
      status: fc.constantFrom('PENDING', 'RESOLVED'),
    }),
    { maxLength: 4 },
  ),
});
type Detail = typeof validDetail extends fc.Arbitrary<infer T> ? T : never;

const envelope = (detail: unknown) => ({
  version: '0',
  id: 'e6a8a3b4-1111-2222-3333-444455556666',
  'detail-type': 'AWS Health Event',
  source: 'aws.health',
  account: '123456789012',
  time: '2026-11-20T06:27:57Z',
  region: 'us-east-1',
  resources: [],
  detail,
});

/** Every way a saved or pushed Health event arrives. */
const WRAPPERS: Record<string, (detail: Detail) => unknown> = {
  'EventBridge event': (detail) => envelope(detail),
  'EventBridge event with detail as a string': (detail) => envelope(JSON.stringify(detail)),
  'bare list of events': (detail) => [envelope(detail)],
  'PutEvents entry': (detail) => ({
    Source: 'aws.health',
    DetailType: 'AWS Health Event',
    Detail: JSON.stringify(detail),
  }),
  'PutEvents Entries': (detail) => ({
    Entries: [{ Source: 'aws.health', DetailType: 'AWS Health Event', Detail: JSON.stringify(detail) }],
  }),
  'bare list of PutEvents entries': (detail) => [
    { Source: 'aws.health', DetailType: 'AWS Health Event', Detail: JSON.stringify(detail) },
  ],
  'SNS notification': (detail) => ({
    Type: 'Notification',
    MessageId: 'm-1',
    Message: JSON.stringify(envelope(detail)),
  }),
  'AWS Health Aware re-publish': ({ eventArn, eventDescription, ...rest }) => ({
    ...rest,
    arn: eventArn,
    eventDescription: { latestDescription: eventDescription[0]?.latestDescription ?? '' },
  }),
  'bare detail': (detail) => detail,
};

describe('AWS Health reader: cases the properties found', () => {
  it('refuses a non-Health source given as an object with its own toString, as a HealthEventError', () => {
    // Prepare: what JSON.parse makes of a hostile push
    const input = JSON.parse('{"source": {"toString": 0}, "detail": null}');
    // Act + Assess
    expect(() => healthEventsFromJson(input)).toThrow(HealthEventError);
  });

  it('keeps only the text personas of a detail whose personas list holds objects', () => {
    // Prepare
    const detail = JSON.parse(
      '{"eventArn": "arn:aws:health:us-east-1::event/EC2/AWS_X/1", "eventTypeCode": "AWS_X", "personas": ["OPERATIONS", {"toString": 0}]}',
    );
    // Act
    const [event] = healthEventsFromJson(detail);
    // Assess
    expect(event?.personas).toEqual(['OPERATIONS']);
  });
});

describe('AWS Health reader properties', () => {
  it('reads any JSON to events or a HealthEventError, never another exception', () => {
    fc.assert(
      fc.property(healthishJson, fc.boolean(), (value, anySource) => {
        const input = asReceived(value);
        expectEventsOrRejection(() => healthEventsFromJson(input, { anySource }));
      }),
      { seed: seed(1511), numRuns: runs(3000) },
    );
  });

  it('turns any pushed aws.health detail into occurrences or a 4xx-class OpsradarError', () => {
    fc.assert(
      fc.property(healthishJson, (detail) => {
        const event = parseEventBridgeEvent(asReceived(envelope(detail)));
        try {
          eventBridgeOccurrences(event, catalog, { source: 'eventbridge', observedAt });
        } catch (error) {
          expect(error).toBeInstanceOf(OpsradarError);
        }
      }),
      { seed: seed(1512), numRuns: runs(800) },
    );
  });

  it.each(Object.keys(WRAPPERS))('reads a valid event wrapped as %s to the same event', (wrapper) => {
    const wrap = WRAPPERS[wrapper] as (detail: Detail) => unknown;
    fc.assert(
      fc.property(validDetail, (detail) => {
        const events = healthEventsFromJson(asReceived(wrap(detail)));
        expect(events).toHaveLength(1);
        const [event] = events as [HealthEvent];
        expect({
          arn: event.arn,
          code: event.eventTypeCode,
          account: event.accountId,
          start: event.startTime,
          status: event.statusCode,
          description: event.description ?? '',
          entities: event.entities.map((e) => [e.value, e.status]),
        }).toEqual({
          arn: detail.eventArn,
          code: detail.eventTypeCode,
          account: detail.affectedAccount,
          start: new Date(detail.startTime).toISOString(),
          status: detail.statusCode,
          description: detail.eventDescription[0]?.latestDescription ?? '',
          entities: detail.affectedEntities.map((e) => [e.entityValue, e.status]),
        });
      }),
      { seed: seed(1513), numRuns: runs(60) },
    );
  });
});
