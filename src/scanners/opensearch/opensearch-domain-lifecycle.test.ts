import { deniedCase, VERSION_CATALOG_URL } from '../../../test/support/scanner-fixtures.js';
import { oneAccountWorld, TEST_ACCOUNT, testScanner } from '../../../test/support/scanner-tester.js';
import { opensearchDomainLifecycle } from './opensearch-domain-lifecycle.js';

/** A one-account world with these OpenSearch domains in us-east-1 and this Health data. */
const world = (domains: unknown[], health: Record<string, unknown> = {}) =>
  oneAccountWorld({ opensearch: { domains } }, health);

const arn = (name: string) => `arn:aws:es:us-east-1:${TEST_ACCOUNT}:domain/${name}`;
const TABLE_URL = 'https://endoflife.date/api/v1/products/amazon-elasticsearch/';

const required = {
  current: 'OpenSearch_2_11_R20240502',
  new: 'OpenSearch_2_11_R20250630',
  updateAvailable: true,
  automatedUpdate: '2026-10-20T00:00:00Z',
  optionalDeployment: false,
  status: 'ELIGIBLE',
  description: 'A newer release is available. This update will be automatically deployed after 2026-10-20.',
};

/** AWS's catalog for ES with an OpenSearch 2.11 date the table does not have. */
const catalog = [
  {
    service: 'ES',
    version: 'OpenSearch_2.11',
    recommendedVersion: 'OpenSearch_2.19',
    lifecycleEvents: [
      {
        lifecycleEventType: 'END_OF_STANDARD_SUPPORT',
        date: '2027-03-31T00:00:00Z',
        impactRisks: ['BILLING'],
      },
      {
        lifecycleEventType: 'END_OF_EXTENDED_SUPPORT',
        date: '2029-03-31T00:00:00Z',
        impactRisks: ['END_OF_SUPPORT'],
      },
    ],
  },
];

testScanner(opensearchDomainLifecycle, {
  now: '2026-10-01T00:00:00.000Z',
  horizonDays: { 'engine-maintenance': 60, 'engine-end-of-support': 365 },
  quiet: [
    {
      name: 'current software and a supported version; an optional update without a date',
      scenario: world([
        { name: 'calm' },
        {
          name: 'optional',
          software: {
            current: 'a',
            new: 'b',
            updateAvailable: true,
            optionalDeployment: true,
            status: 'ELIGIBLE',
          },
        },
      ]),
    },
    deniedCase('access denied is coverage, never "nothing to update"', 'opensearch', {
      opensearch: { domains: [{ name: 'hidden', software: required }] },
    }),
  ],
  found: [
    {
      name: 'a required update with an automated date, and Elasticsearch 7.8 past standard support (table), 7 domains in two DescribeDomains calls',
      scenario: world([
        ...Array.from({ length: 5 }, (_, n) => ({ name: `calm-${n}` })),
        { name: 'search', engineVersion: 'OpenSearch_2.11', software: required },
        { name: 'legacy-logs', engineVersion: 'Elasticsearch_7.8' },
      ]),
      expected: [
        {
          kind: 'engine-maintenance',
          resource: arn('search'),
          eventDate: '2026-10-20T00:00:00.000Z',
          title:
            'OpenSearch search: service software OpenSearch_2_11_R20250630 applied automatically from 2026-10-20',
          evidence: {
            service: 'opensearch',
            domainName: 'search',
            engineVersion: 'OpenSearch_2.11',
            currentVersion: required.current,
            newVersion: required.new,
            updateStatus: 'ELIGIBLE',
            optionalDeployment: false,
            automatedUpdateDate: '2026-10-20T00:00:00.000Z',
            description: required.description,
          },
        },
        {
          kind: 'engine-end-of-support',
          resource: arn('legacy-logs'),
          eventDate: '2025-11-07T00:00:00.000Z',
          title: 'OpenSearch legacy-logs: Elasticsearch 7.8 standard support ended 2025-11-07',
          evidence: {
            service: 'opensearch',
            domainName: 'legacy-logs',
            engine: 'Elasticsearch',
            engineVersion: 'Elasticsearch_7.8',
            standardSupportEnd: '2025-11-07T00:00:00.000Z',
            extendedSupportEnd: '2027-11-07T00:00:00.000Z',
            pastStandardSupport: true,
            recommendedVersion: null,
            dateSource: 'lifecycle-table',
            dateSourceUrl: TABLE_URL,
            datesReadOn: '2026-12-02',
            note: 'From endoflife.date, which copies the OpenSearch Service version page; the AWS page itself was not read. Elasticsearch 1.5–7.7 are on the same page with the same standard end but were not checked row by row.',
          },
        },
      ],
    },
    {
      name: 'with a support plan the version catalog dates OpenSearch 2.11',
      scenario: world([{ name: 'search', engineVersion: 'OpenSearch_2.11' }], {
        supportPlan: 'business',
        serviceLifecycles: catalog,
      }),
      expected: [
        {
          kind: 'engine-end-of-support',
          resource: arn('search'),
          eventDate: '2027-03-31T00:00:00.000Z',
          evidence: {
            service: 'opensearch',
            domainName: 'search',
            engine: 'OpenSearch',
            engineVersion: 'OpenSearch_2.11',
            standardSupportEnd: '2027-03-31T00:00:00.000Z',
            extendedSupportEnd: '2029-03-31T00:00:00.000Z',
            pastStandardSupport: false,
            recommendedVersion: 'OpenSearch_2.19',
            dateSource: 'version-catalog',
            dateSourceUrl: VERSION_CATALOG_URL,
            datesReadOn: '2026-10-01',
            note: null,
          },
        },
      ],
    },
  ],
});
