import { globalWorld } from '../../../test/support/scanner-fixtures.js';
import { TEST_ACCOUNT, testScanner } from '../../../test/support/scanner-tester.js';
import { shieldDdosDetected } from './shield-ddos-detected.js';

/** A one-account world with this Shield state. */
const shield = (data: Record<string, unknown>) => globalWorld({ shield: data });

const ALB = `arn:aws:elasticloadbalancing:ap-northeast-1:${TEST_ACCOUNT}:loadbalancer/app/web/50dc6c495c0c9188`;
const CF = `arn:aws:cloudfront::${TEST_ACCOUNT}:distribution/E2QWRUHEXAMPLE`;

testScanner(shieldDdosDetected, {
  now: '2026-03-01T00:00:00.000Z',
  quiet: [
    { name: 'no Shield Advanced subscription (attacks are not even listed)', scenario: shield({}) },
    {
      name: 'a subscription with only attacks older than the lookback',
      scenario: shield({
        subscription: 'ACTIVE',
        attacks: [{ resourceArn: CF, start: '2026-01-10T00:00:00Z', end: '2026-01-10T02:00:00Z' }],
      }),
    },
  ],
  found: [
    {
      name: 'an ongoing attack and two recent ones on two resources; older attacks are outside the lookback',
      scenario: shield({
        subscription: 'ACTIVE',
        attacks: [
          {
            id: 'a-ongoing',
            resourceArn: ALB,
            start: '2026-02-28T22:00:00Z',
            vectors: ['REQUEST_FLOOD'],
            mitigations: ['WAF rate-based rule'],
          },
          {
            id: 'a-earlier',
            resourceArn: ALB,
            start: '2026-02-25T10:00:00Z',
            end: '2026-02-25T11:30:00Z',
            vectors: ['SYN_FLOOD'],
          },
          {
            id: 'c-1',
            resourceArn: CF,
            start: '2026-02-20T03:00:00Z',
            end: '2026-02-20T03:20:00Z',
            vectors: ['UDP_REFLECTION'],
          },
          ...Array.from({ length: 25 }, (_, n) => ({
            id: `c-old-${n}`,
            resourceArn: CF,
            start: '2026-01-01T00:00:00Z',
            end: '2026-01-01T01:00:00Z',
          })),
        ],
      }),
      expected: [
        {
          resource: CF,
          eventDate: '2026-02-20T03:00:00.000Z',
          title: 'Shield: DDoS attack on distribution/E2QWRUHEXAMPLE',
          evidence: {
            ongoing: false,
            attackCount: 1,
            lookbackDays: 14,
            attacks: [
              {
                attackId: 'c-1',
                startTime: '2026-02-20T03:00:00.000Z',
                endTime: '2026-02-20T03:20:00.000Z',
                ongoing: false,
                vectors: ['UDP_REFLECTION'],
                mitigations: [],
              },
            ],
          },
        },
        {
          resource: ALB,
          eventDate: '2026-02-28T22:00:00.000Z',
          title: 'Shield: ongoing DDoS attack on loadbalancer/app/web/50dc6c495c0c9188',
          evidence: {
            ongoing: true,
            attackCount: 2,
            lookbackDays: 14,
            attacks: [
              {
                attackId: 'a-ongoing',
                startTime: '2026-02-28T22:00:00.000Z',
                endTime: null,
                ongoing: true,
                vectors: ['REQUEST_FLOOD'],
                mitigations: ['WAF rate-based rule'],
              },
              {
                attackId: 'a-earlier',
                startTime: '2026-02-25T10:00:00.000Z',
                endTime: '2026-02-25T11:30:00.000Z',
                ongoing: false,
                vectors: ['SYN_FLOOD'],
                mitigations: [],
              },
            ],
          },
        },
      ],
    },
  ],
});
