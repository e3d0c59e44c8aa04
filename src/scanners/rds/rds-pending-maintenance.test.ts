import { deniedCase } from '../../../test/support/scanner-fixtures.js';
import { oneAccountWorld, TEST_ACCOUNT, testScanner } from '../../../test/support/scanner-tester.js';
import { rdsPendingMaintenance } from './rds-pending-maintenance.js';

/** A one-account world with this RDS data in us-east-1. */
const rds = (data: Record<string, unknown>) => oneAccountWorld({ rds: data });

const db = (id: string) => `arn:aws:rds:us-east-1:${TEST_ACCOUNT}:db:${id}`;
const cluster = (id: string) => `arn:aws:rds:us-east-1:${TEST_ACCOUNT}:cluster:${id}`;

testScanner(rdsPendingMaintenance, {
  now: '2026-03-01T00:00:00.000Z',
  horizonDays: { 'rds-pending-maintenance': 60 },
  quiet: [
    { name: 'databases without pending actions', scenario: rds({ dbInstances: [{ id: 'calm' }] }) },
    {
      name: 'an optional upgrade with no date, and a forced apply after the horizon',
      scenario: rds({
        dbInstances: [
          {
            id: 'optional',
            pendingMaintenance: [{ action: 'db-upgrade', description: 'Upgrade to 8.0.41' }],
          },
          {
            id: 'later',
            pendingMaintenance: [{ action: 'os-upgrade', forcedApply: '2026-06-01T00:00:00Z' }],
          },
        ],
      }),
    },
    {
      name: 'DocumentDB and Neptune actions, which the RDS endpoint also lists, are left to engine-maintenance',
      scenario: rds({
        dbClusters: [
          {
            id: 'docs',
            engine: 'docdb',
            engineVersion: '5.0.0',
            pendingMaintenance: [{ action: 'system-update', forcedApply: '2026-03-05T00:00:00Z' }],
          },
          {
            id: 'graph',
            engine: 'neptune',
            engineVersion: '1.3.2.0',
            pendingMaintenance: [{ action: 'db-upgrade', autoAppliedAfter: '2026-03-06T00:00:00Z' }],
          },
        ],
      }),
    },
    deniedCase('access denied is coverage, never "nothing pending"', 'rds', {
      rds: {
        dbInstances: [
          {
            id: 'hidden',
            pendingMaintenance: [{ action: 'system-update', forcedApply: '2026-03-05T00:00:00Z' }],
          },
        ],
      },
    }),
  ],
  found: [
    {
      name: 'an Aurora Limitless cluster, which has no DB instance (a DB shard group serves it)',
      scenario: rds({
        dbClusters: [
          {
            id: 'ledger',
            engine: 'aurora-postgresql',
            engineVersion: '16.6-limitless',
            pendingMaintenance: [{ action: 'system-update', forcedApply: '2026-03-15T00:00:00Z' }],
          },
        ],
      }),
      expected: [
        {
          resource: cluster('ledger'),
          eventDate: '2026-03-15T00:00:00.000Z',
          title: 'RDS cluster ledger: system-update from 2026-03-15',
          evidence: {
            resourceType: 'cluster',
            resourceId: 'ledger',
            actions: [
              {
                action: 'system-update',
                description: null,
                optInStatus: null,
                currentApplyDate: null,
                autoAppliedAfterDate: null,
                forcedApplyDate: '2026-03-15T00:00:00.000Z',
                applyDate: '2026-03-15T00:00:00.000Z',
              },
            ],
          },
        },
      ],
    },
    {
      name: 'instance and cluster actions, dated by the earliest of current / auto / forced apply, across pages',
      scenario: rds({
        dbInstances: [
          ...Array.from({ length: 120 }, (_, n) => ({ id: `filler-${n}` })),
          {
            id: 'orders',
            pendingMaintenance: [
              {
                action: 'system-update',
                description: 'New Operating System update is available',
                autoAppliedAfter: '2026-03-20T00:00:00Z',
                forcedApply: '2026-04-15T00:00:00Z',
                currentApply: '2026-03-10T15:00:00Z',
                optInStatus: 'next-maintenance',
              },
              { action: 'db-upgrade', description: 'Upgrade to 8.0.41' },
            ],
          },
        ],
        dbClusters: [
          {
            id: 'aurora-main',
            pendingMaintenance: [
              { action: 'ca-certificate-rotation', forcedApply: '2026-04-20T00:00:00Z' },
              { action: 'hardware-maintenance', autoAppliedAfter: '2026-03-25T00:00:00Z' },
            ],
          },
          // 130 more resources with an action, so the list needs two pages of 100.
          ...Array.from({ length: 130 }, (_, n) => ({
            id: `c${n}`,
            pendingMaintenance: [{ action: 'db-upgrade' }],
          })),
        ],
      }),
      expected: [
        {
          resource: cluster('aurora-main'),
          eventDate: '2026-03-25T00:00:00.000Z',
          title: 'RDS cluster aurora-main: ca-certificate-rotation, hardware-maintenance from 2026-03-25',
          evidence: {
            resourceType: 'cluster',
            resourceId: 'aurora-main',
            actions: [
              {
                action: 'hardware-maintenance',
                description: null,
                optInStatus: null,
                currentApplyDate: null,
                autoAppliedAfterDate: '2026-03-25T00:00:00.000Z',
                forcedApplyDate: null,
                applyDate: '2026-03-25T00:00:00.000Z',
              },
              {
                action: 'ca-certificate-rotation',
                description: null,
                optInStatus: null,
                currentApplyDate: null,
                autoAppliedAfterDate: null,
                forcedApplyDate: '2026-04-20T00:00:00.000Z',
                applyDate: '2026-04-20T00:00:00.000Z',
              },
            ],
          },
        },
        {
          resource: db('orders'),
          eventDate: '2026-03-10T15:00:00.000Z',
          title: 'RDS db orders: system-update, db-upgrade from 2026-03-10',
          evidence: {
            resourceType: 'instance',
            resourceId: 'orders',
            actions: [
              {
                action: 'system-update',
                description: 'New Operating System update is available',
                optInStatus: 'next-maintenance',
                currentApplyDate: '2026-03-10T15:00:00.000Z',
                autoAppliedAfterDate: '2026-03-20T00:00:00.000Z',
                forcedApplyDate: '2026-04-15T00:00:00.000Z',
                applyDate: '2026-03-10T15:00:00.000Z',
              },
              {
                action: 'db-upgrade',
                description: 'Upgrade to 8.0.41',
                optInStatus: null,
                currentApplyDate: null,
                autoAppliedAfterDate: null,
                forcedApplyDate: null,
                applyDate: null,
              },
            ],
          },
        },
      ],
    },
  ],
});
