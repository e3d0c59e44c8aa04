import { expect } from 'vitest';
import { deniedCase } from '../../../test/support/scanner-fixtures.js';
import { oneAccountWorld, TEST_ACCOUNT, testScanner } from '../../../test/support/scanner-tester.js';
import { mskKafkaVersionEndOfSupport } from './msk-kafka-version-end-of-support.js';

/** A one-account world with these MSK clusters (and Kafka versions) in us-east-1. */
const world = (data: Record<string, unknown>, knobs?: Record<string, unknown>) =>
  oneAccountWorld({ kafka: data }, {}, knobs);

const resource = (name: string) =>
  expect.stringMatching(new RegExp(`^arn:aws:kafka:us-east-1:${TEST_ACCOUNT}:cluster/${name}/`));
const MSK_URL = 'https://docs.aws.amazon.com/msk/latest/developerguide/supported-kafka-versions.html';

const table = (name: string, version: string, end: string | null, note: string | null = null) => ({
  service: 'kafka',
  clusterName: name,
  kafkaVersion: version,
  versionStatus: 'DEPRECATED',
  standardSupportEnd: end,
  extendedSupportEnd: null,
  pastStandardSupport: end !== null && Date.parse(end) <= Date.parse('2026-03-01T00:00:00Z'),
  recommendedVersion: null,
  dateSource: 'lifecycle-table',
  dateSourceUrl: MSK_URL,
  datesReadOn: '2026-12-02',
  note,
});

testScanner(mskKafkaVersionEndOfSupport, {
  now: '2026-03-01T00:00:00.000Z',
  horizonDays: { 'engine-end-of-support': 180 },
  quiet: [
    {
      name: 'a supported version and a serverless cluster',
      scenario: world({ clusters: [{ name: 'events' }, { name: 'serverless', type: 'SERVERLESS' }] }),
    },
    deniedCase('access denied is coverage', 'kafka', {
      kafka: { clusters: [{ name: 'old', kafkaVersion: '2.8.1' }] },
    }),
  ],
  found: [
    {
      name: 'past, coming and undated deprecated versions',
      scenario: world({
        clusters: [
          { name: 'old', kafkaVersion: '2.8.1' },
          { name: 'soon', kafkaVersion: '3.6.0' },
          { name: 'odd', kafkaVersion: '3.7.x' },
        ],
        versions: [
          { version: '2.8.1', status: 'DEPRECATED' },
          { version: '3.6.0', status: 'DEPRECATED' },
          { version: '3.7.x', status: 'DEPRECATED' },
        ],
      }),
      expected: [
        {
          resource: resource('odd'),
          eventDate: null,
          // Deprecated by the API with no date anywhere: past support, as far as anyone knows.
          evidence: {
            ...table('odd', '3.7.x', null),
            pastStandardSupport: true,
            dateSource: 'kafka-api',
            dateSourceUrl: null,
            datesReadOn: null,
            note: 'ListKafkaVersions marks this version DEPRECATED; no end-of-support date is known.',
          },
        },
        {
          resource: resource('old'),
          eventDate: '2024-09-11T00:00:00.000Z',
          evidence: table('old', '2.8.1', '2024-09-11T00:00:00.000Z'),
        },
        {
          resource: resource('soon'),
          eventDate: '2026-06-01T00:00:00.000Z',
          evidence: table(
            'soon',
            '3.6.0',
            '2026-06-01T00:00:00.000Z',
            'Date from the page as mirrored on docs.amazonaws.cn (en_us); the older global copy showed no date yet.',
          ),
        },
      ],
    },
    {
      name: 'ListKafkaVersions refused: dated versions are still reported',
      scenario: world(
        { clusters: [{ name: 'old', kafkaVersion: '2.8.1' }] },
        { services: { kafka: { deny: ['ListKafkaVersions'] } } },
      ),
      expected: [
        {
          resource: resource('old'),
          eventDate: '2024-09-11T00:00:00.000Z',
          evidence: { ...table('old', '2.8.1', '2024-09-11T00:00:00.000Z'), versionStatus: null },
        },
      ],
    },
  ],
});
