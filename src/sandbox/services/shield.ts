import { z } from 'zod';
import { AwsError, dateSpec, defineService, stableUuid } from './types.js';

const attack = z.object({
  /** Default: a stable id from the resource and start. */
  id: z.string().optional(),
  resourceArn: z.string(),
  start: dateSpec,
  /** Absent while the attack is ongoing. */
  end: dateSpec.optional(),
  vectors: z.array(z.string()).default(['SYN_FLOOD']),
  mitigations: z.array(z.string()).default([]),
});

type Attack = z.output<typeof attack>;

/** The terms of an ACTIVE subscription (DescribeSubscription). */
const terms = z.object({
  start: dateSpec.default('-200d'),
  /** Default: one year after `start`. AWS may leave it out; `omitEnd` does the same. */
  end: dateSpec.optional(),
  omitEnd: z.boolean().default(false),
  autoRenew: z.enum(['ENABLED', 'DISABLED']).default('ENABLED'),
  proactiveEngagement: z.enum(['ENABLED', 'DISABLED', 'PENDING']).optional(),
  /** Default: a stable ARN from the account. */
  arn: z.string().optional(),
});

const YEAR_SECONDS = 365 * 86_400;

const SUBSCRIPTION_LIMITS = {
  ProtectionLimits: { ProtectedResourceTypeLimits: [] },
  ProtectionGroupLimits: {
    MaxProtectionGroups: 100,
    PatternTypeLimits: { ArbitraryPatternLimits: { MaxMembers: 10000 } },
  },
};

const attackId = (accountId: string, a: Attack) =>
  a.id ?? stableUuid(`${accountId}/shield/${a.resourceArn}/${a.start}`);

interface TimeRange {
  FromInclusive?: Date;
  ToExclusive?: Date;
}
const inRange = (at: Date | undefined, range: TimeRange | undefined) =>
  !range ||
  (at !== undefined &&
    (!range.FromInclusive || at >= range.FromInclusive) &&
    (!range.ToExclusive || at < range.ToExclusive));

/**
 * AWS Shield (Advanced): subscription state and terms, attacks (global, answered in us-east-1).
 * Without a subscription, DescribeSubscription / ListAttacks / DescribeAttack answer
 * ResourceNotFoundException.
 */
export const shield = defineService({
  name: 'shield',
  model: 'shield-2016-06-02',
  scope: 'global',
  regions: ['us-east-1'],
  scenario: z.object({
    subscription: z.enum(['ACTIVE', 'INACTIVE']).default('INACTIVE'),
    terms: terms.default({ start: '-200d', omitEnd: false, autoRenew: 'ENABLED' }),
    attacks: z.array(attack).default([]),
  }),
  defaultPageSize: { ListAttacks: 20 },
  handlers: {
    GetSubscriptionState: ({ data }) => ({ SubscriptionState: data.subscription }),
    DescribeSubscription: ({ data, accountId, date }) => {
      if (data.subscription !== 'ACTIVE') {
        throw new AwsError('ResourceNotFoundException', 'The subscription does not exist.');
      }
      const start = date(data.terms.start);
      const end = data.terms.end ? date(data.terms.end) : new Date(start.getTime() + YEAR_SECONDS * 1000);
      return {
        Subscription: {
          StartTime: start,
          EndTime: data.terms.omitEnd ? undefined : end,
          TimeCommitmentInSeconds: YEAR_SECONDS,
          AutoRenew: data.terms.autoRenew,
          Limits: [],
          ProactiveEngagementStatus: data.terms.proactiveEngagement,
          SubscriptionLimits: SUBSCRIPTION_LIMITS,
          SubscriptionArn:
            data.terms.arn ??
            `arn:aws:shield::${accountId}:subscription/${stableUuid(`${accountId}/shield`).slice(0, 12)}`,
        },
      };
    },
    ListAttacks: ({ data, input, accountId, date }) => {
      if (data.subscription !== 'ACTIVE') {
        throw new AwsError('ResourceNotFoundException', 'The subscription does not exist.');
      }
      const arns = (input.ResourceArns as string[] | undefined) ?? [];
      return {
        AttackSummaries: data.attacks
          .filter((a) => arns.length === 0 || arns.includes(a.resourceArn))
          .filter((a) => inRange(date(a.start), input.StartTime as TimeRange | undefined))
          .filter(
            (a) => !input.EndTime || inRange(a.end ? date(a.end) : undefined, input.EndTime as TimeRange),
          )
          .map((a) => ({
            AttackId: attackId(accountId, a),
            ResourceArn: a.resourceArn,
            StartTime: date(a.start),
            EndTime: a.end ? date(a.end) : undefined,
            AttackVectors: a.vectors.map((v) => ({ VectorType: v })),
          })),
      };
    },
    DescribeAttack: ({ data, input, accountId, date }) => {
      const a =
        data.subscription === 'ACTIVE'
          ? data.attacks.find((x) => attackId(accountId, x) === input.AttackId)
          : undefined;
      if (!a) throw new AwsError('ResourceNotFoundException', `Attack ${String(input.AttackId)} not found.`);
      return {
        Attack: {
          AttackId: attackId(accountId, a),
          ResourceArn: a.resourceArn,
          SubResources: [],
          StartTime: date(a.start),
          EndTime: a.end ? date(a.end) : undefined,
          AttackCounters: [],
          AttackProperties: a.vectors.map((v) => ({
            AttackLayer: v.startsWith('REQUEST') || v === 'HTTP_REFLECTION' ? 'LAYER_7' : 'NETWORK',
            AttackPropertyIdentifier: 'SOURCE_IP_ADDRESS',
            TopContributors: [{ Name: '203.0.113.10', Value: 1200 }],
            Unit: 'PACKETS',
            Total: 3400,
          })),
          Mitigations: a.mitigations.map((m) => ({ MitigationName: m })),
        },
      };
    },
  },
});
