import { describe, expect, it } from 'vitest';
import { iamPolicyOutput } from '../src/cli/iam-policy.js';
import { loadScenarioSource } from '../src/sandbox/scenario.js';
import { eksVersionEndOfSupport } from '../src/scanners/eks/eks-version-end-of-support.js';
import { beanstalkPlatformUpdate } from '../src/scanners/elasticbeanstalk/beanstalk-platform-update.js';
import { lambdaRuntimeDeprecation } from '../src/scanners/lambda/lambda-runtime-deprecation.js';
import { rdsCaCertificateExpiry } from '../src/scanners/rds/rds-ca-certificate-expiry.js';
import { rdsEngineEndOfSupport } from '../src/scanners/rds/rds-engine-end-of-support.js';
import { rdsPendingMaintenance } from '../src/scanners/rds/rds-pending-maintenance.js';
import { sesEnforcement } from '../src/scanners/ses/ses-enforcement.js';
import { shieldDdosDetected } from '../src/scanners/shield/shield-ddos-detected.js';
import type { Scanner } from '../src/scanners/types.js';
import { runCase } from './support/scanner-tester.js';

/**
 * The demo scenario (data/scenarios/demo/) scanned like `opsradar demo` does: the whole
 * organization, its regions, today's clock and the catalog's horizons. Every demo finding of these
 * scanners is found, and none of the healthy resources next to them is.
 */
const PROD = '222222222222';
const STG = '333333333333';
const TOKYO = 'ap-northeast-1';
const VIRGINIA = 'us-east-1';
const rds = (account: string, region: string, kind: string, id: string) =>
  `arn:aws:rds:${region}:${account}:${kind}:${id}`;
const fn = (account: string, region: string, name: string) =>
  `arn:aws:lambda:${region}:${account}:function:${name}`;

const expected: Array<[Scanner, Array<[string, string, string]>]> = [
  [
    rdsPendingMaintenance,
    [
      [PROD, TOKYO, rds(PROD, TOKYO, 'db', 'orders-db')],
      [STG, VIRGINIA, rds(STG, VIRGINIA, 'cluster', 'stg-aurora')],
    ],
  ],
  [rdsCaCertificateExpiry, [[PROD, TOKYO, rds(PROD, TOKYO, 'db', 'legacy-pg')]]],
  [
    rdsEngineEndOfSupport,
    [
      [PROD, TOKYO, rds(PROD, TOKYO, 'db', 'legacy-pg')],
      [PROD, TOKYO, rds(PROD, TOKYO, 'db', 'orders-db')],
    ],
  ],
  [
    lambdaRuntimeDeprecation,
    [
      [PROD, TOKYO, fn(PROD, TOKYO, 'daily-report')],
      [PROD, TOKYO, fn(PROD, TOKYO, 'order-notifier')],
      [STG, VIRGINIA, fn(STG, VIRGINIA, 'stg-webhook')],
    ],
  ],
  [
    beanstalkPlatformUpdate,
    [
      [PROD, TOKYO, `arn:aws:elasticbeanstalk:${TOKYO}:${PROD}:environment/batch/legacy-batch`],
      [PROD, TOKYO, `arn:aws:elasticbeanstalk:${TOKYO}:${PROD}:environment/shop/shop-admin-prod`],
    ],
  ],
  [eksVersionEndOfSupport, [[PROD, TOKYO, `arn:aws:eks:${TOKYO}:${PROD}:cluster/prod-legacy`]]],
  [sesEnforcement, [[PROD, TOKYO, PROD]]],
  [
    shieldDdosDetected,
    [
      [PROD, 'global', `arn:aws:cloudfront::${PROD}:distribution/E2QWRUHEXAMPLE`],
      [
        PROD,
        'global',
        `arn:aws:elasticloadbalancing:${TOKYO}:${PROD}:loadbalancer/app/shop-prod/50dc6c495c0c9188`,
      ],
    ],
  ],
];

describe('issue 4 scanners over the demo scenario', () => {
  const demo = loadScenarioSource('demo').input;
  const called = new Set<string>();

  it.each(expected.map(([scanner, found]) => [scanner.id, scanner, found] as const))(
    '%s finds every demo finding and no healthy resource',
    async (_id, scanner, found) => {
      // Prepare
      const spec = { now: new Date().toISOString() };
      // Act
      const run = await runCase(scanner, spec, {
        name: 'demo',
        scenario: demo,
        org: true,
        regions: ['ap-northeast-1', 'ap-northeast-3', 'us-east-1'],
      });
      // Assess
      const seen = run.occurrences.map((o) => [o.accountId, o.region, o.resource]);
      expect(seen).toEqual([...found].sort((a, b) => a.join('/').localeCompare(b.join('/'))));
      expect(run.occurrences.every((o) => o.kind === scanner.eventKinds[0])).toBe(true);
      // The demo's denied region and closed / role-less accounts are coverage, never a scanner failure.
      expect(run.coverage.filter((c) => c.status === 'failed')).toEqual([]);
      const undeclared = run.actions.filter((a) => !scanner.permissions.includes(a));
      expect(undeclared).toEqual([]);
      for (const action of run.actions) called.add(action);
    },
  );

  // Runs after the scans above (vitest runs a file's tests in order).
  it('opsradar iam-policy grants every action these scans called', () => {
    // Prepare
    const ids = expected.map(([scanner]) => scanner.id).join(',');
    // Act
    const policy = JSON.parse(iamPolicyOutput({ format: 'json', org: true, scanners: ids })) as {
      Statement: Array<{ Action: string | string[] }>;
    };
    // Assess
    const allowed = new Set(policy.Statement.flatMap((s) => s.Action));
    // The demo exercises every action these scanners declare.
    expect([...called].sort()).toEqual(
      [...new Set(expected.flatMap(([scanner]) => scanner.permissions))].sort(),
    );
    expect([...called].filter((a) => !allowed.has(a))).toEqual([]);
  });
});
