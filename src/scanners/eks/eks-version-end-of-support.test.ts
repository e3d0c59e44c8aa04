import { oneAccountWorld, TEST_ACCOUNT, testScanner } from '../../../test/support/scanner-tester.js';
import { eksVersionEndOfSupport } from './eks-version-end-of-support.js';

/** A one-account world with this EKS data in us-east-1. */
const eks = (data: Record<string, unknown>, health: Record<string, unknown> = {}) =>
  oneAccountWorld({ eks: data }, health);

const arn = (name: string) => `arn:aws:eks:us-east-1:${TEST_ACCOUNT}:cluster/${name}`;

// The sandbox's default versions are AWS's published ones (1.29 … 1.35).
testScanner(eksVersionEndOfSupport, {
  now: '2026-03-01T00:00:00.000Z',
  horizonDays: { 'eks-version-end-of-support': 180 },
  quiet: [
    {
      name: 'clusters on versions supported beyond the horizon',
      scenario: eks({
        clusters: [
          { name: 'new', version: '1.35' },
          { name: 'recent', version: '1.34' },
        ],
      }),
    },
  ],
  found: [
    {
      name: 'a cluster ending standard support soon, one already on extended support, one past it',
      scenario: eks({
        clusters: [
          { name: 'web', version: '1.33', platformVersion: 'eks.9', supportType: 'STANDARD' },
          { name: 'batch', version: '1.30', supportType: 'EXTENDED' },
          { name: 'forgotten', version: '1.29' },
          { name: 'fine', version: '1.35' },
        ],
      }),
      expected: [
        {
          resource: arn('batch'),
          eventDate: '2025-07-23T00:00:00.000Z',
          title: 'EKS batch: Kubernetes 1.30 standard support ended 2025-07-23',
          evidence: {
            clusterName: 'batch',
            version: '1.30',
            platformVersion: 'eks.20',
            status: 'ACTIVE',
            supportType: 'EXTENDED',
            versionStatus: 'EXTENDED_SUPPORT',
            standardSupportEnd: '2025-07-23T00:00:00.000Z',
            extendedSupportEnd: '2026-07-23T00:00:00.000Z',
            autoUpgradeDate: '2026-07-23T00:00:00.000Z',
            newestVersion: '1.35',
            dateSource: 'eks-api',
          },
        },
        {
          resource: arn('forgotten'),
          eventDate: '2025-03-23T00:00:00.000Z',
          title: 'EKS forgotten: Kubernetes 1.29 standard support ended 2025-03-23',
          evidence: {
            clusterName: 'forgotten',
            version: '1.29',
            platformVersion: 'eks.20',
            status: 'ACTIVE',
            supportType: null,
            versionStatus: 'EXTENDED_SUPPORT',
            standardSupportEnd: '2025-03-23T00:00:00.000Z',
            extendedSupportEnd: '2026-03-23T00:00:00.000Z',
            autoUpgradeDate: '2026-03-23T00:00:00.000Z',
            newestVersion: '1.35',
            dateSource: 'eks-api',
          },
        },
        {
          resource: arn('web'),
          eventDate: '2026-07-29T00:00:00.000Z',
          title: 'EKS web: Kubernetes 1.33 standard support ends 2026-07-29',
          evidence: {
            clusterName: 'web',
            version: '1.33',
            platformVersion: 'eks.9',
            status: 'ACTIVE',
            supportType: 'STANDARD',
            versionStatus: 'STANDARD_SUPPORT',
            standardSupportEnd: '2026-07-29T00:00:00.000Z',
            extendedSupportEnd: '2027-07-29T00:00:00.000Z',
            autoUpgradeDate: '2026-07-29T00:00:00.000Z',
            newestVersion: '1.35',
            dateSource: 'eks-api',
          },
        },
      ],
    },
    {
      name: 'a version past extended support is still listed (includeAll)',
      scenario: eks({
        clusters: [{ name: 'ancient', version: '1.24', supportType: 'EXTENDED' }],
        clusterVersions: [
          {
            version: '1.24',
            releaseDate: '2022-11-15T00:00:00Z',
            endOfStandardSupport: '2024-01-31T00:00:00Z',
            endOfExtendedSupport: '2025-01-31T00:00:00Z',
          },
        ],
      }),
      expected: [
        {
          resource: arn('ancient'),
          eventDate: '2024-01-31T00:00:00.000Z',
          evidence: {
            clusterName: 'ancient',
            version: '1.24',
            platformVersion: 'eks.20',
            status: 'ACTIVE',
            supportType: 'EXTENDED',
            versionStatus: 'UNSUPPORTED',
            standardSupportEnd: '2024-01-31T00:00:00.000Z',
            extendedSupportEnd: '2025-01-31T00:00:00.000Z',
            autoUpgradeDate: '2025-01-31T00:00:00.000Z',
            newestVersion: '1.24',
            dateSource: 'eks-api',
          },
        },
      ],
    },
    {
      name: 'with a support plan the version catalog dates win over the EKS API',
      scenario: eks(
        { clusters: [{ name: 'web', version: '1.33', supportType: 'STANDARD' }] },
        {
          supportPlan: 'business',
          serviceLifecycles: [
            {
              service: 'EKS',
              version: '1.33',
              recommendedVersion: '1.35',
              lifecycleEvents: [
                { lifecycleEventType: 'END_OF_STANDARD_SUPPORT', date: '2026-08-01T00:00:00Z' },
                { lifecycleEventType: 'END_OF_EXTENDED_SUPPORT', date: '2027-08-01T00:00:00Z' },
              ],
            },
          ],
        },
      ),
      expected: [
        {
          resource: arn('web'),
          eventDate: '2026-08-01T00:00:00.000Z',
          evidence: {
            clusterName: 'web',
            version: '1.33',
            platformVersion: 'eks.20',
            status: 'ACTIVE',
            supportType: 'STANDARD',
            versionStatus: 'STANDARD_SUPPORT',
            standardSupportEnd: '2026-08-01T00:00:00.000Z',
            extendedSupportEnd: '2027-08-01T00:00:00.000Z',
            autoUpgradeDate: '2026-08-01T00:00:00.000Z',
            newestVersion: '1.35',
            dateSource: 'version-catalog',
          },
        },
      ],
    },
  ],
});
