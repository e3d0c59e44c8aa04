import { deniedCase, VERSION_CATALOG_URL } from '../../../test/support/scanner-fixtures.js';
import { oneAccountWorld, TEST_ACCOUNT, testScanner } from '../../../test/support/scanner-tester.js';
import { docdbNeptuneEngineLifecycle } from './docdb-neptune-engine-lifecycle.js';

/** A one-account world with this RDS-endpoint data (DocumentDB, Neptune, RDS) in us-east-1. */
const world = (data: Record<string, unknown>, health: Record<string, unknown> = {}) =>
  oneAccountWorld({ rds: data }, health);

const cluster = (id: string) => `arn:aws:rds:us-east-1:${TEST_ACCOUNT}:cluster:${id}`;
const db = (id: string) => `arn:aws:rds:us-east-1:${TEST_ACCOUNT}:db:${id}`;
const DOCDB_URL =
  'https://docs.aws.amazon.com/documentdb/latest/developerguide/docdb-version-support-dates.html';

const systemUpdate = {
  action: 'system-update',
  description: 'New Operating System update is available',
  autoAppliedAfter: '2026-03-20T00:00:00Z',
  forcedApply: '2026-04-01T00:00:00Z',
};

testScanner(docdbNeptuneEngineLifecycle, {
  now: '2026-03-01T00:00:00.000Z',
  horizonDays: { 'engine-maintenance': 60, 'engine-end-of-support': 365 },
  quiet: [
    {
      name: 'RDS and Aurora clusters with maintenance are not DocumentDB or Neptune; current engines; undated actions',
      scenario: world({
        dbClusters: [
          { id: 'aurora', pendingMaintenance: [systemUpdate] },
          {
            id: 'docs',
            engine: 'docdb',
            engineVersion: '5.0.0',
            pendingMaintenance: [{ action: 'db-upgrade' }],
          },
        ],
      }),
    },
    deniedCase('access denied is coverage', 'rds', {
      rds: { dbClusters: [{ id: 'docs', engine: 'docdb', engineVersion: '3.6.0' }] },
    }),
  ],
  found: [
    {
      name: 'DocumentDB 3.6 from the table, maintenance on a DocumentDB instance and a Neptune cluster',
      scenario: world({
        dbClusters: [
          { id: 'catalog-docs', engine: 'docdb', engineVersion: '3.6.0' },
          { id: 'graph', engine: 'neptune', engineVersion: '1.2.1.0', pendingMaintenance: [systemUpdate] },
        ],
        dbInstances: [
          {
            id: 'catalog-docs-1',
            engine: 'docdb',
            engineVersion: '3.6.0',
            clusterId: 'catalog-docs',
            pendingMaintenance: [
              { action: 'os-upgrade', currentApply: '2026-03-10T15:00:00Z', optInStatus: 'next-maintenance' },
            ],
          },
        ],
      }),
      expected: [
        {
          kind: 'engine-end-of-support',
          resource: cluster('catalog-docs'),
          eventDate: '2026-03-30T00:00:00.000Z',
          title: 'DocumentDB catalog-docs: engine 3.6.0 standard support on 2026-03-30',
          evidence: {
            service: 'docdb',
            clusterId: 'catalog-docs',
            engineVersion: '3.6.0',
            standardSupportEnd: '2026-03-30T00:00:00.000Z',
            extendedSupportEnd: '2029-03-30T00:00:00.000Z',
            pastStandardSupport: false,
            recommendedVersion: null,
            dateSource: 'lifecycle-table',
            dateSourceUrl: DOCDB_URL,
            datesReadOn: '2026-12-02',
            note: null,
          },
        },
        {
          kind: 'engine-maintenance',
          resource: cluster('graph'),
          eventDate: '2026-03-20T00:00:00.000Z',
          title: 'Neptune graph: system-update from 2026-03-20',
          evidence: {
            service: 'neptune',
            resourceType: 'cluster',
            resourceId: 'graph',
            clusterId: 'graph',
            actions: [
              {
                action: 'system-update',
                description: 'New Operating System update is available',
                optInStatus: null,
                currentApplyDate: null,
                autoAppliedAfterDate: '2026-03-20T00:00:00.000Z',
                forcedApplyDate: '2026-04-01T00:00:00.000Z',
                applyDate: '2026-03-20T00:00:00.000Z',
              },
            ],
          },
        },
        {
          kind: 'engine-end-of-support',
          resource: cluster('graph'),
          eventDate: '2026-03-06T00:00:00.000Z',
          title: 'Neptune graph: engine 1.2.1.0 end of life on 2026-03-06',
          evidence: {
            service: 'neptune',
            clusterId: 'graph',
            engineVersion: '1.2.1.0',
            standardSupportEnd: '2026-03-06T00:00:00.000Z',
            extendedSupportEnd: null,
            pastStandardSupport: false,
            recommendedVersion: null,
            dateSource: 'lifecycle-table',
            dateSourceUrl: 'https://docs.aws.amazon.com/neptune/latest/userguide/engine-releases.html',
            datesReadOn: '2026-12-02',
            note: 'End of life; Neptune has no extended support.',
          },
        },
        {
          kind: 'engine-maintenance',
          resource: db('catalog-docs-1'),
          eventDate: '2026-03-10T15:00:00.000Z',
          title: 'DocumentDB catalog-docs-1: os-upgrade from 2026-03-10',
          evidence: {
            service: 'docdb',
            resourceType: 'instance',
            resourceId: 'catalog-docs-1',
            clusterId: 'catalog-docs',
            actions: [
              {
                action: 'os-upgrade',
                description: null,
                optInStatus: 'next-maintenance',
                currentApplyDate: '2026-03-10T15:00:00.000Z',
                autoAppliedAfterDate: null,
                forcedApplyDate: null,
                applyDate: '2026-03-10T15:00:00.000Z',
              },
            ],
          },
        },
      ],
    },
    {
      name: 'with a support plan the catalog dates DocumentDB 3.6',
      scenario: world(
        { dbClusters: [{ id: 'docs', engine: 'docdb', engineVersion: '3.6.0' }] },
        {
          supportPlan: 'business',
          serviceLifecycles: [
            {
              service: 'DOCDB',
              version: '3.6',
              recommendedVersion: '8.0',
              lifecycleEvents: [
                {
                  lifecycleEventType: 'END_OF_STANDARD_SUPPORT',
                  date: '2026-04-15T00:00:00Z',
                  impactRisks: ['BILLING'],
                },
              ],
            },
          ],
        },
      ),
      expected: [
        {
          kind: 'engine-end-of-support',
          resource: cluster('docs'),
          eventDate: '2026-04-15T00:00:00.000Z',
          evidence: {
            service: 'docdb',
            clusterId: 'docs',
            engineVersion: '3.6.0',
            standardSupportEnd: '2026-04-15T00:00:00.000Z',
            extendedSupportEnd: null,
            pastStandardSupport: false,
            recommendedVersion: '8.0',
            dateSource: 'version-catalog',
            dateSourceUrl: VERSION_CATALOG_URL,
            datesReadOn: '2026-03-01',
            note: null,
          },
        },
      ],
    },
  ],
});
