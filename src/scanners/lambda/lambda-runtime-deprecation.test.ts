import { userLifecycleTable, VERSION_CATALOG_URL } from '../../../test/support/scanner-fixtures.js';
import { oneAccountWorld, TEST_ACCOUNT, testScanner } from '../../../test/support/scanner-tester.js';
import { lambdaRuntimeDeprecation } from './lambda-runtime-deprecation.js';

/** A one-account world with these functions in us-east-1 and this Health data. */
const functions = (list: unknown[], health: Record<string, unknown> = {}) =>
  oneAccountWorld({ lambda: { functions: list } }, health);

/** AWS's version catalog with Node.js 20 dates that differ from the table's, one of them only in eu-west-1. */
const catalog = [
  {
    service: 'LAMBDA',
    version: 'nodejs20.x',
    title: 'Node.js 20',
    recommendedVersion: 'nodejs24.x',
    lifecycleEvents: [
      { lifecycleEventType: 'END_OF_SUPPORT', date: '2026-05-15T00:00:00Z', impactRisks: ['END_OF_SUPPORT'] },
      { lifecycleEventType: 'BLOCK_RESOURCE_CREATE', date: '2027-04-01T00:00:00Z', regions: ['all'] },
      { lifecycleEventType: 'BLOCK_RESOURCE_UPDATE', date: '2027-05-03T00:00:00Z', regions: ['eu-west-1'] },
    ],
  },
];
const orders = { name: 'orders', runtime: 'nodejs20.x', lastModified: '2025-06-01T00:00:00Z' };

const arn = (name: string, region = 'us-east-1') =>
  `arn:aws:lambda:${region}:${TEST_ACCOUNT}:function:${name}`;

// A user's override table (OPSRADAR_LIFECYCLE_DIR): its rows come before the built-in ones.
userLifecycleTable('lambda-runtimes', [
  'table: lambda-runtimes',
  "asOf: '2026-01-10'",
  'sources:',
  '  - { title: Our platform policy, url: https://wiki.example.com/lambda, checkedOn: 2026-01-10 }',
  'rows:',
  "  - { runtime: ruby3.3, name: Ruby 3.3 (retired early by policy), os: Amazon Linux 2023, deprecation: '2026-02-01', blockCreate: null, blockUpdate: null, source: 'https://wiki.example.com/lambda', readOn: '2026-01-10' }",
]);

// Dates below are the rows of data/lifecycle/lambda-runtimes.yaml (nodejs20.x, python3.9).
const ENDOFLIFE_COPY =
  'https://github.com/vuls-saas/endoflife.date/blob/2f7086f56e099e9db4c71230da3766252f4d1b19/products/aws-lambda.md';
const NODEJS20_NOTE =
  "Block update moved 2026-07-01 → 2027-03-03 (AWS page quoted in cfn-lint issue 4531, 2026-06-02) → 2027-08-31 (this row's source). Block create was 2027-02-01 on 2026-06-02; its current day is not in our sources.";
/** What is reported for `orders` (Node.js 20) when the built-in table dates it. */
const ordersFromTable = (architectures: string[]) => ({
  resource: arn('orders'),
  eventDate: '2026-04-30T00:00:00.000Z',
  title: 'Lambda orders: Node.js 20 deprecated on 2026-04-30',
  evidence: {
    functionName: 'orders',
    runtime: 'nodejs20.x',
    runtimeName: 'Node.js 20',
    runtimeOs: 'Amazon Linux 2023',
    deprecated: false,
    deprecationDate: '2026-04-30T00:00:00.000Z',
    blockCreateDate: null,
    blockUpdateDate: '2027-08-31T00:00:00.000Z',
    recommendedVersion: null,
    lastModified: '2025-06-01T00:00:00.000Z',
    architectures,
    note: NODEJS20_NOTE,
    dateSource: 'lifecycle-table',
    dateSourceUrl: ENDOFLIFE_COPY,
    datesReadOn: '2026-12-02',
  },
});

testScanner(lambdaRuntimeDeprecation, {
  now: '2026-01-15T00:00:00.000Z',
  horizonDays: { 'lambda-runtime-deprecation': 180 },
  quiet: [
    {
      name: 'current runtimes, a container image and a runtime the table does not know',
      scenario: functions([
        { name: 'api', runtime: 'nodejs22.x' },
        { name: 'worker', runtime: 'python3.13' },
        { name: 'image', packageType: 'Image' },
        { name: 'custom', runtime: 'nodejs99.x' },
      ]),
    },
  ],
  found: [
    {
      name: 'a runtime deprecated within the horizon, one already deprecated, one the user table retires early, found on the third page',
      scenario: functions([
        ...Array.from({ length: 110 }, (_, n) => ({ name: `ok-${n}`, runtime: 'python3.12' })),
        {
          name: 'orders',
          runtime: 'nodejs20.x',
          lastModified: '2025-06-01T00:00:00Z',
          architectures: ['arm64'],
        },
        { name: 'old-report', runtime: 'python3.9', lastModified: '2024-01-01T00:00:00Z' },
        { name: 'ruby-job', runtime: 'ruby3.3', lastModified: '2025-12-01T00:00:00Z' },
      ]),
      expected: [
        {
          resource: arn('ruby-job'),
          eventDate: '2026-02-01T00:00:00.000Z',
          title: 'Lambda ruby-job: Ruby 3.3 (retired early by policy) deprecated on 2026-02-01',
          evidence: {
            functionName: 'ruby-job',
            runtime: 'ruby3.3',
            runtimeName: 'Ruby 3.3 (retired early by policy)',
            runtimeOs: 'Amazon Linux 2023',
            deprecated: false,
            deprecationDate: '2026-02-01T00:00:00.000Z',
            blockCreateDate: null,
            blockUpdateDate: null,
            recommendedVersion: null,
            lastModified: '2025-12-01T00:00:00.000Z',
            architectures: ['x86_64'],
            note: null,
            dateSource: 'lifecycle-table',
            dateSourceUrl: 'https://wiki.example.com/lambda',
            datesReadOn: '2026-01-10',
          },
        },
        {
          resource: arn('old-report'),
          eventDate: '2025-12-15T00:00:00.000Z',
          title: 'Lambda old-report: Python 3.9 deprecated since 2025-12-15',
          evidence: {
            functionName: 'old-report',
            runtime: 'python3.9',
            runtimeName: 'Python 3.9',
            runtimeOs: 'Amazon Linux 2',
            deprecated: true,
            deprecationDate: '2025-12-15T00:00:00.000Z',
            blockCreateDate: null,
            blockUpdateDate: '2027-08-31T00:00:00.000Z',
            recommendedVersion: null,
            lastModified: '2024-01-01T00:00:00.000Z',
            architectures: ['x86_64'],
            note: 'AWS moved the deprecation date from 2025-10-31 to 2025-12-15 (Nov 2025); block update moved from 2026-09-30 to 2027-08-31.',
            dateSource: 'lifecycle-table',
            dateSourceUrl: ENDOFLIFE_COPY,
            datesReadOn: '2026-12-02',
          },
        },
        ordersFromTable(['arm64']),
      ],
    },
    {
      name: 'with a support plan: dates from the version catalog, Region-specific events only where they apply',
      scenario: functions([orders], { supportPlan: 'business', serviceLifecycles: catalog }),
      expected: [
        {
          ...ordersFromTable(['x86_64']),
          eventDate: '2026-05-15T00:00:00.000Z',
          title: 'Lambda orders: Node.js 20 deprecated on 2026-05-15',
          evidence: {
            ...ordersFromTable(['x86_64']).evidence,
            deprecationDate: '2026-05-15T00:00:00.000Z',
            blockCreateDate: '2027-04-01T00:00:00.000Z',
            // The catalog's update block applies to eu-west-1 only.
            blockUpdateDate: null,
            recommendedVersion: 'nodejs24.x',
            note: null,
            dateSource: 'version-catalog',
            dateSourceUrl: VERSION_CATALOG_URL,
            datesReadOn: '2026-01-15',
          },
        },
      ],
    },
    {
      name: 'without a support plan (SubscriptionRequiredException): dates from the table, the scan still complete',
      scenario: functions([orders], { supportPlan: 'basic', serviceLifecycles: catalog }),
      expected: [ordersFromTable(['x86_64'])],
    },
  ],
});
