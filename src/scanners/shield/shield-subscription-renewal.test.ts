import { globalWorld } from '../../../test/support/scanner-fixtures.js';
import { TEST_ACCOUNT, testScanner } from '../../../test/support/scanner-tester.js';
import { shieldSubscriptionRenewal } from './shield-subscription-renewal.js';

const KIND = 'shield-subscription-renewal';
const ARN = `arn:aws:shield::${TEST_ACCOUNT}:subscription/6f2f0a1b9c3d`;

/** A one-account world with this Shield state. */
const shield = (data: Record<string, unknown>) => globalWorld({ shield: data });

testScanner(shieldSubscriptionRenewal, {
  now: '2026-03-01T00:00:00.000Z',
  horizonDays: { [KIND]: 60 },
  quiet: [
    { name: 'no Shield Advanced subscription (its terms are not even asked for)', scenario: shield({}) },
    {
      name: 'a subscription whose term ends after the horizon',
      scenario: shield({
        subscription: 'ACTIVE',
        terms: { start: '2025-10-01T00:00:00Z', autoRenew: 'DISABLED', arn: ARN },
      }),
    },
  ],
  found: [
    {
      name: 'a subscription ending within the horizon with auto-renew off',
      scenario: shield({
        subscription: 'ACTIVE',
        terms: {
          start: '2025-04-01T00:00:00Z',
          end: '2026-04-01T00:00:00Z',
          autoRenew: 'DISABLED',
          proactiveEngagement: 'ENABLED',
          arn: ARN,
        },
      }),
      expected: [
        {
          resource: ARN,
          eventDate: '2026-04-01T00:00:00.000Z',
          title: 'Shield Advanced subscription ends (auto-renew off) on 2026-04-01',
          evidence: {
            autoRenew: 'DISABLED',
            start: '2025-04-01T00:00:00.000Z',
            end: '2026-04-01T00:00:00.000Z',
            endTimeGiven: true,
            timeCommitmentInSeconds: 31536000,
            proactiveEngagementStatus: 'ENABLED',
          },
        },
      ],
    },
    {
      name: 'a subscription renewing automatically whose EndTime is absent (start + one-year commitment)',
      scenario: shield({
        subscription: 'ACTIVE',
        terms: { start: '2025-03-20T00:00:00Z', omitEnd: true, autoRenew: 'ENABLED', arn: ARN },
      }),
      expected: [
        {
          resource: ARN,
          eventDate: '2026-03-20T00:00:00.000Z',
          title: 'Shield Advanced subscription renews automatically on 2026-03-20',
          evidence: {
            autoRenew: 'ENABLED',
            start: '2025-03-20T00:00:00.000Z',
            end: '2026-03-20T00:00:00.000Z',
            endTimeGiven: false,
            timeCommitmentInSeconds: 31536000,
            proactiveEngagementStatus: null,
          },
        },
      ],
    },
  ],
});
