import { describe, expect, it } from 'vitest';
import {
  runCase,
  type ScenarioInput,
  TEST_ACCOUNT,
  testScanner,
} from '../../../test/support/scanner-tester.js';
import { beanstalkPlatformUpdate } from './beanstalk-platform-update.js';

const NODE20 = 'Node.js 20 running on 64bit Amazon Linux 2023';
const PY38 = 'Python 3.8 running on 64bit Amazon Linux 2';
const PLATFORMS = [
  { branch: NODE20, version: '6.1.0' },
  { branch: NODE20, version: '6.2.1' },
  { branch: NODE20, version: '6.10.0' },
  { branch: PY38, version: '3.7.0', branchState: 'Retired' },
];

/**
 * A one-account world with these Elastic Beanstalk environments in `region` (the sandbox runs each
 * live one in an Auto Scaling group, as AWS does), and these other Auto Scaling groups.
 */
function beanstalk(environments: unknown[], region = 'us-east-1', groups: unknown[] = []): ScenarioInput {
  return {
    accounts: [
      {
        id: TEST_ACCOUNT,
        // An opt-in Region the account has enabled (ignored for standard Regions).
        optInRegions: { 'ap-southeast-7': 'ENABLED' },
        regions: {
          [region]: { elasticbeanstalk: { platforms: PLATFORMS, environments }, autoscaling: { groups } },
        },
      },
    ],
  } as ScenarioInput;
}

const envArn = (app: string, name: string) =>
  `arn:aws:elasticbeanstalk:us-east-1:${TEST_ACCOUNT}:environment/${app}/${name}`;
const platformArn = (branch: string, version: string) =>
  `arn:aws:elasticbeanstalk:us-east-1::platform/${branch}/${version}`;

testScanner(beanstalkPlatformUpdate, {
  now: '2026-03-01T00:00:00.000Z',
  quiet: [
    { name: 'no environments', scenario: beanstalk([]) },
    {
      name: 'an environment on the newest version of a supported branch (6.10.0 sorts after 6.2.1), and a terminated one',
      scenario: beanstalk([
        { name: 'web-prod', platform: `${NODE20}/6.10.0`, managedActionsEnabled: true },
        { name: 'old', platform: `${NODE20}/6.1.0`, status: 'Terminated' },
      ]),
    },
    {
      name: 'a Region where the sandbox has no Elastic Beanstalk endpoint is unsupported coverage, not an error',
      regions: ['ap-southeast-7'],
      // An Auto Scaling group there, so the scanner does ask Elastic Beanstalk.
      scenario: beanstalk([], 'ap-southeast-7', [{ name: 'batch' }]),
      coverage: [{ accountId: TEST_ACCOUNT, region: 'ap-southeast-7', status: 'unsupported' }],
    },
  ],
  found: [
    {
      name: 'an environment behind its branch, and one on a retired branch',
      scenario: beanstalk([
        { name: 'web-stg', application: 'shop', platform: `${NODE20}/6.2.1` },
        { name: 'legacy-api', application: 'shop', platform: `${PY38}/3.7.0`, managedActionsEnabled: true },
        { name: 'web-prod', application: 'shop', platform: `${NODE20}/6.10.0` },
      ]),
      expected: [
        {
          resource: envArn('shop', 'legacy-api'),
          eventDate: null,
          title: `Elastic Beanstalk legacy-api: platform branch Retired (${PY38})`,
          evidence: {
            environmentName: 'legacy-api',
            environmentId: expectId('legacy-api'),
            applicationName: 'shop',
            platformArn: platformArn(PY38, '3.7.0'),
            platformBranch: PY38,
            platformVersion: '3.7.0',
            branchLifecycleState: 'Retired',
            latestPlatformVersion: '3.7.0',
            latestPlatformArn: platformArn(PY38, '3.7.0'),
            reasons: ['branch-retired'],
            managedUpdatesEnabled: true,
          },
        },
        {
          resource: envArn('shop', 'web-stg'),
          eventDate: null,
          title: `Elastic Beanstalk web-stg: ${NODE20} 6.2.1 → 6.10.0`,
          evidence: {
            environmentName: 'web-stg',
            environmentId: expectId('web-stg'),
            applicationName: 'shop',
            platformArn: platformArn(NODE20, '6.2.1'),
            platformBranch: NODE20,
            platformVersion: '6.2.1',
            branchLifecycleState: 'Supported',
            latestPlatformVersion: '6.10.0',
            latestPlatformArn: platformArn(NODE20, '6.10.0'),
            reasons: ['not-latest'],
            managedUpdatesEnabled: false,
          },
        },
      ],
    },
  ],
});

/** The sandbox derives environment ids from the account, Region and name (`e-` + 10 characters). */
function expectId(_name: string): string {
  return expect.stringMatching(/^e-[0-9a-f]{10}$/) as unknown as string;
}

describe('beanstalk-platform-update: where Elastic Beanstalk is asked', () => {
  const ebCalls = async (scenario: ScenarioInput) => {
    const run = await runCase(
      beanstalkPlatformUpdate,
      { now: '2026-03-01T00:00:00.000Z' },
      { name: 'gate', scenario },
    );
    return run.callCounts['elasticbeanstalk:DescribeEnvironments'] ?? 0;
  };

  it('not in a region without any Auto Scaling group: no environment can run there', async () => {
    expect(await ebCalls(beanstalk([]))).toBe(0);
  });

  it('where an environment runs (its own Auto Scaling group) or any other group exists', async () => {
    expect(await ebCalls(beanstalk([{ name: 'web', platform: `${NODE20}/6.10.0` }]))).toBe(1);
    expect(await ebCalls(beanstalk([], 'us-east-1', [{ name: 'batch' }]))).toBe(1);
  });
});
