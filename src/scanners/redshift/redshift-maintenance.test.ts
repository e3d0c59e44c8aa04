import { deniedCase } from '../../../test/support/scanner-fixtures.js';
import { oneAccountWorld, TEST_ACCOUNT, testScanner } from '../../../test/support/scanner-tester.js';
import { redshiftMaintenance } from './redshift-maintenance.js';

/** A one-account world with these Redshift clusters in us-east-1. */
const world = (clusters: unknown[], knobs?: Record<string, unknown>) =>
  oneAccountWorld({ redshift: { clusters } }, {}, knobs);

const arn = (id: string) => `arn:aws:redshift:us-east-1:${TEST_ACCOUNT}:cluster:${id}`;
const revision = {
  revision: '1.0.110000',
  description: 'Security and stability fixes',
  released: '2026-02-20T00:00:00Z',
};
const base = (id: string) => ({
  service: 'redshift',
  clusterIdentifier: id,
  clusterVersion: '1.0',
  maintenanceTrack: 'current',
  preferredMaintenanceWindow: 'sun:18:00-sun:18:30',
});

testScanner(redshiftMaintenance, {
  now: '2026-03-01T00:00:00.000Z',
  horizonDays: { 'engine-maintenance': 30 },
  quiet: [
    {
      name: 'nothing pending; a pending revision in a window beyond the horizon',
      scenario: world([
        { id: 'calm', nextMaintenance: '2026-03-08T18:00:00Z' },
        { id: 'later', nextMaintenance: '2026-05-01T18:00:00Z', revisionTargets: [revision] },
      ]),
    },
    deniedCase('access denied is coverage', 'redshift', {
      redshift: { clusters: [{ id: 'x', pendingVersion: '1.1', nextMaintenance: '3d' }] },
    }),
  ],
  found: [
    {
      name: 'a newer revision in the next window, and a pending version whose window is deferred',
      scenario: world([
        { id: 'analytics', nextMaintenance: '2026-03-08T18:00:00Z', revisionTargets: [revision] },
        {
          id: 'finance',
          nextMaintenance: '2026-03-08T18:00:00Z',
          pendingVersion: '1.1',
          deferred: { start: '2026-03-05T00:00:00Z', end: '2026-03-20T00:00:00Z' },
        },
      ]),
      expected: [
        {
          resource: arn('analytics'),
          eventDate: '2026-03-08T18:00:00.000Z',
          evidence: {
            ...base('analytics'),
            nextMaintenanceWindowStart: '2026-03-08T18:00:00.000Z',
            deferred: false,
            pendingClusterVersion: null,
            pendingActions: [],
            revisionTargets: [
              {
                revision: '1.0.110000',
                description: 'Security and stability fixes',
                releaseDate: '2026-02-20T00:00:00.000Z',
              },
            ],
            revisionsKnown: true,
          },
        },
        {
          resource: arn('finance'),
          eventDate: '2026-03-20T00:00:00.000Z',
          evidence: {
            ...base('finance'),
            nextMaintenanceWindowStart: '2026-03-08T18:00:00.000Z',
            deferred: true,
            pendingClusterVersion: '1.1',
            pendingActions: [],
            revisionTargets: [],
            revisionsKnown: true,
          },
        },
      ],
    },
    {
      name: 'DescribeClusterDbRevisions refused: a pending version is still reported',
      scenario: world([{ id: 'finance', nextMaintenance: '2026-03-08T18:00:00Z', pendingVersion: '1.1' }], {
        services: { redshift: { deny: ['DescribeClusterDbRevisions'] } },
      }),
      expected: [
        {
          resource: arn('finance'),
          eventDate: '2026-03-08T18:00:00.000Z',
          evidence: {
            ...base('finance'),
            nextMaintenanceWindowStart: '2026-03-08T18:00:00.000Z',
            deferred: false,
            pendingClusterVersion: '1.1',
            pendingActions: [],
            revisionTargets: [],
            revisionsKnown: false,
          },
        },
      ],
    },
  ],
});
