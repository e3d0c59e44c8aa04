import { type ScenarioInput, TEST_ACCOUNT, testScanner } from '../../../test/support/scanner-tester.js';
import { sesEnforcement } from './ses-enforcement.js';

/** A one-account world: SES account state and its reputation metrics in `region`. */
function ses(
  account: Record<string, unknown>,
  rates: { bounce?: number; complaint?: number } = {},
  region = 'us-east-1',
): ScenarioInput {
  const metrics = [
    ...(rates.bounce === undefined
      ? []
      : [{ namespace: 'AWS/SES', name: 'Reputation.BounceRate', value: rates.bounce }]),
    ...(rates.complaint === undefined
      ? []
      : [{ namespace: 'AWS/SES', name: 'Reputation.ComplaintRate', value: rates.complaint }]),
  ];
  return {
    accounts: [
      {
        id: TEST_ACCOUNT,
        optInRegions: { 'ap-southeast-7': 'ENABLED' },
        regions: { [region]: { sesv2: account, cloudwatch: { metrics } } },
      },
    ],
  } as ScenarioInput;
}

const THRESHOLDS = { bounceReview: 0.05, bouncePause: 0.1, complaintReview: 0.001, complaintPause: 0.005 };

testScanner(sesEnforcement, {
  now: '2026-03-01T00:00:00.000Z',
  quiet: [
    { name: 'an account that never used SES', scenario: ses({}) },
    {
      name: 'a production account with rates under the review levels',
      scenario: ses(
        { productionAccessEnabled: true, max24HourSend: 50000 },
        { bounce: 0.012, complaint: 0.0004 },
      ),
    },
    {
      name: 'a Region without SES is unsupported coverage, not an error',
      regions: ['ap-southeast-7'],
      scenario: ses({}, {}, 'ap-southeast-7'),
      coverage: [{ accountId: TEST_ACCOUNT, region: 'ap-southeast-7', status: 'unsupported' }],
    },
  ],
  found: [
    {
      name: 'an account under review whose bounce rate passed the review level',
      scenario: ses(
        { enforcementStatus: 'PROBATION', productionAccessEnabled: true },
        { bounce: 0.073, complaint: 0.0002 },
      ),
      expected: [
        {
          resource: TEST_ACCOUNT,
          eventDate: null,
          title: 'SES us-east-1: account under review (bounce 7.30%, complaint 0.02%)',
          evidence: {
            enforcementStatus: 'PROBATION',
            sendingEnabled: true,
            productionAccessEnabled: true,
            reviewStatus: null,
            reviewCaseId: null,
            bounceRate: 0.073,
            complaintRate: 0.0002,
            thresholds: THRESHOLDS,
            reasons: ['status-probation', 'bounce-rate-review-level'],
          },
        },
      ],
    },
    {
      name: 'a healthy account whose complaint rate reached the pause level, and a paused one',
      regions: ['us-east-1', 'ap-northeast-1'],
      scenario: {
        accounts: [
          {
            id: TEST_ACCOUNT,
            regions: {
              'us-east-1': {
                sesv2: { productionAccessEnabled: true },
                cloudwatch: {
                  metrics: [
                    { namespace: 'AWS/SES', name: 'Reputation.BounceRate', value: 0.01 },
                    { namespace: 'AWS/SES', name: 'Reputation.ComplaintRate', value: 0.006 },
                  ],
                },
              },
              'ap-northeast-1': {
                sesv2: {
                  enforcementStatus: 'SHUTDOWN',
                  sendingEnabled: false,
                  productionAccessEnabled: true,
                  review: { status: 'GRANTED', caseId: '170000000000001' },
                },
              },
            },
          },
        ],
      } as ScenarioInput,
      expected: [
        {
          region: 'ap-northeast-1',
          resource: TEST_ACCOUNT,
          eventDate: null,
          title: 'SES ap-northeast-1: account sending paused (bounce n/a, complaint n/a)',
          evidence: {
            enforcementStatus: 'SHUTDOWN',
            sendingEnabled: false,
            productionAccessEnabled: true,
            reviewStatus: 'GRANTED',
            reviewCaseId: '170000000000001',
            bounceRate: null,
            complaintRate: null,
            thresholds: THRESHOLDS,
            reasons: ['status-shutdown'],
          },
        },
        {
          region: 'us-east-1',
          resource: TEST_ACCOUNT,
          eventDate: null,
          title: 'SES us-east-1: bounce 1.00%, complaint 0.60% at AWS review level',
          evidence: {
            enforcementStatus: 'HEALTHY',
            sendingEnabled: true,
            productionAccessEnabled: true,
            reviewStatus: null,
            reviewCaseId: null,
            bounceRate: 0.01,
            complaintRate: 0.006,
            thresholds: THRESHOLDS,
            reasons: ['complaint-rate-pause-level'],
          },
        },
      ],
    },
  ],
});
