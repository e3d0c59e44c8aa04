import { type ScenarioInput, TEST_ACCOUNT, testScanner } from '../../../test/support/scanner-tester.js';
import { rdsEngineEndOfSupport } from './rds-engine-end-of-support.js';

/** A one-account world with this RDS data in us-east-1. */
function rds(data: Record<string, unknown>, health: Record<string, unknown> = {}): ScenarioInput {
  return {
    accounts: [{ id: TEST_ACCOUNT, regions: { 'us-east-1': { rds: data } }, global: { health } }],
  } as ScenarioInput;
}

/** AWS Health's version catalog moving MySQL 8.0's end of standard support (service RDS). */
const CATALOG = [
  {
    service: 'RDS',
    version: 'mysql 8.0',
    title: 'Amazon RDS for MySQL 8.0',
    lifecycleEvents: [
      {
        lifecycleEventType: 'END_OF_STANDARD_SUPPORT',
        date: '2026-09-30T00:00:00Z',
        impactRisks: ['BILLING'],
      },
      {
        lifecycleEventType: 'END_OF_EXTENDED_SUPPORT',
        date: '2029-09-30T00:00:00Z',
        impactRisks: ['END_OF_SUPPORT'],
      },
    ],
  },
];

const lifecycles = (standardEnd: string, extendedEnd: string) => [
  { name: 'open-source-rds-standard-support', start: '2020-01-01T00:00:00Z', end: standardEnd },
  { name: 'open-source-rds-extended-support', start: standardEnd, end: extendedEnd },
];

/** Lifecycles in the shape DescribeDBMajorEngineVersions publishes them. */
const MAJORS = [
  {
    engine: 'mysql',
    majorVersion: '8.0',
    lifecycles: lifecycles('2026-07-31T23:59:59Z', '2029-07-31T23:59:59Z'),
  },
  {
    engine: 'mysql',
    majorVersion: '8.4',
    lifecycles: lifecycles('2029-07-31T23:59:59Z', '2032-07-31T23:59:59Z'),
  },
  {
    engine: 'postgres',
    majorVersion: '12',
    lifecycles: lifecycles('2025-02-28T23:59:59Z', '2027-02-28T23:59:59Z'),
  },
  {
    engine: 'postgres',
    majorVersion: '16',
    lifecycles: lifecycles('2029-02-28T23:59:59Z', '2032-02-29T23:59:59Z'),
  },
  {
    engine: 'aurora-mysql',
    majorVersion: '8.0',
    lifecycles: lifecycles('2028-04-30T23:59:59Z', '2031-04-30T23:59:59Z'),
  },
];

const arn = (kind: string, id: string) => `arn:aws:rds:us-east-1:${TEST_ACCOUNT}:${kind}:${id}`;

/** The `shop` instance (MySQL 8.0.40) as the evidence names it. */
const SHOP = {
  resourceType: 'instance',
  resourceId: 'shop',
  engine: 'mysql',
  engineVersion: '8.0.40',
  majorEngineVersion: '8.0',
};

testScanner(rdsEngineEndOfSupport, {
  now: '2026-03-01T00:00:00.000Z',
  horizonDays: { 'rds-engine-end-of-support': 365 },
  quiet: [
    { name: 'no databases', scenario: rds({ majorEngineVersions: MAJORS }) },
    {
      name: 'current versions, an Aurora cluster beyond the horizon, and an engine with no published lifecycle',
      scenario: rds({
        majorEngineVersions: MAJORS,
        dbInstances: [
          { id: 'new-mysql', engine: 'mysql', engineVersion: '8.4.5' },
          { id: 'pg16', engine: 'postgres', engineVersion: '16.6' },
          { id: 'ora', engine: 'oracle-ee', engineVersion: '19.0.0.0.ru-2025-01.rur-2025-01.r1' },
          {
            id: 'aurora-1',
            engine: 'aurora-mysql',
            engineVersion: '8.0.mysql_aurora.3.08.0',
            clusterId: 'au',
          },
        ],
        dbClusters: [{ id: 'au', engine: 'aurora-mysql', engineVersion: '8.0.mysql_aurora.3.08.0' }],
      }),
    },
  ],
  found: [
    {
      name: 'MySQL 8.0 ending within the horizon and PostgreSQL 12 already on Extended Support',
      scenario: rds({
        majorEngineVersions: MAJORS,
        dbInstances: [
          { id: 'shop', engine: 'mysql', engineVersion: '8.0.40' },
          {
            id: 'legacy-pg',
            engine: 'postgres',
            engineVersion: '12.22',
            engineLifecycleSupport: 'open-source-rds-extended-support',
            dateSource: 'rds-api',
          },
        ],
      }),
      expected: [
        {
          resource: arn('db', 'legacy-pg'),
          eventDate: '2025-02-28T23:59:59.000Z',
          title: 'RDS legacy-pg: postgres 12 standard support ended 2025-02-28',
          evidence: {
            resourceType: 'instance',
            resourceId: 'legacy-pg',
            engine: 'postgres',
            engineVersion: '12.22',
            majorEngineVersion: '12',
            standardSupportEnd: '2025-02-28T23:59:59.000Z',
            extendedSupportEnd: '2027-02-28T23:59:59.000Z',
            inExtendedSupport: true,
            engineLifecycleSupport: 'open-source-rds-extended-support',
            dateSource: 'rds-api',
          },
        },
        {
          resource: arn('db', 'shop'),
          eventDate: '2026-07-31T23:59:59.000Z',
          title: 'RDS shop: mysql 8.0 standard support ends 2026-07-31',
          evidence: {
            ...SHOP,
            standardSupportEnd: '2026-07-31T23:59:59.000Z',
            extendedSupportEnd: '2029-07-31T23:59:59.000Z',
            inExtendedSupport: false,
            engineLifecycleSupport: null,
            dateSource: 'rds-api',
          },
        },
      ],
    },
    {
      name: 'an Aurora MySQL cluster is reported once, as the cluster',
      settings: {},
      scenario: rds({
        majorEngineVersions: [
          {
            engine: 'aurora-mysql',
            majorVersion: '8.0',
            lifecycles: lifecycles('2026-10-31T23:59:59Z', '2029-10-31T23:59:59Z'),
          },
        ],
        dbInstances: [
          { id: 'w', engine: 'aurora-mysql', engineVersion: '8.0.mysql_aurora.3.05.2', clusterId: 'orders' },
          { id: 'r', engine: 'aurora-mysql', engineVersion: '8.0.mysql_aurora.3.05.2', clusterId: 'orders' },
        ],
        dbClusters: [{ id: 'orders', engine: 'aurora-mysql', engineVersion: '8.0.mysql_aurora.3.05.2' }],
      }),
      expected: [
        {
          resource: arn('cluster', 'orders'),
          eventDate: '2026-10-31T23:59:59.000Z',
          evidence: {
            resourceType: 'cluster',
            resourceId: 'orders',
            engine: 'aurora-mysql',
            engineVersion: '8.0.mysql_aurora.3.05.2',
            majorEngineVersion: '8.0',
            standardSupportEnd: '2026-10-31T23:59:59.000Z',
            extendedSupportEnd: '2029-10-31T23:59:59.000Z',
            inExtendedSupport: false,
            engineLifecycleSupport: null,
            dateSource: 'rds-api',
          },
        },
      ],
    },
    {
      name: 'with a support plan the version catalog dates win over the RDS API',
      scenario: rds(
        {
          majorEngineVersions: MAJORS,
          dbInstances: [{ id: 'shop', engine: 'mysql', engineVersion: '8.0.40' }],
        },
        { supportPlan: 'enterprise', serviceLifecycles: CATALOG },
      ),
      expected: [
        {
          resource: arn('db', 'shop'),
          eventDate: '2026-09-30T00:00:00.000Z',
          evidence: {
            ...SHOP,
            standardSupportEnd: '2026-09-30T00:00:00.000Z',
            extendedSupportEnd: '2029-09-30T00:00:00.000Z',
            inExtendedSupport: false,
            engineLifecycleSupport: null,
            dateSource: 'version-catalog',
          },
        },
      ],
    },
  ],
});
