import { z } from 'zod';
import { DAY_MS } from '../../core/time.js';
import { dateSpec, defineService, stableUuid } from './types.js';

const savingsPlan = z.object({
  id: z.string().optional(),
  type: z.enum(['Compute', 'EC2Instance', 'SageMaker', 'Database']).default('Compute'),
  end: dateSpec,
  years: z.union([z.literal(1), z.literal(3)]).default(1),
  /** Default: `active` while `end` is ahead, else `retired`. */
  state: z
    .enum([
      'payment-pending',
      'payment-failed',
      'active',
      'retired',
      'queued',
      'queued-deleted',
      'pending-return',
      'returned',
    ])
    .optional(),
  paymentOption: z.enum(['All Upfront', 'Partial Upfront', 'No Upfront']).default('No Upfront'),
  /** Hourly commitment in USD. */
  commitment: z.string().default('1.0'),
  /** EC2 Instance Savings Plans: family and region. */
  ec2InstanceFamily: z.string().optional(),
  region: z.string().optional(),
});

/** Savings Plans (global, us-east-1 endpoint): DescribeSavingsPlans with nextToken / maxResults. */
export const savingsplans = defineService({
  name: 'savingsplans',
  model: 'savingsplans-2019-06-28',
  scope: 'global',
  regions: ['us-east-1'],
  scenario: z.object({ savingsPlans: z.array(savingsPlan).default([]) }),
  defaultPageSize: { DescribeSavingsPlans: 100 },
  // The v2 model ships no paginator for it; the API pages with nextToken / maxResults.
  paginators: {
    DescribeSavingsPlans: {
      inputToken: 'nextToken',
      outputToken: 'nextToken',
      limitKey: 'maxResults',
      resultKey: 'savingsPlans',
    },
  },
  handlers: {
    DescribeSavingsPlans: ({ data, accountId, date, now, input }) => {
      const states = (input.states as string[] | undefined) ?? [];
      const ids = (input.savingsPlanIds as string[] | undefined) ?? [];
      const plans = data.savingsPlans.map((sp, index) => {
        const end = date(sp.end);
        const start = new Date(end.getTime() - sp.years * 365 * DAY_MS);
        const id = sp.id ?? stableUuid(`${accountId}/savingsplans/${index}`);
        const seconds = sp.years * 365 * 86_400;
        return {
          offeringId: stableUuid(`${sp.type}/${sp.years}/${sp.paymentOption}`),
          savingsPlanId: id,
          savingsPlanArn: `arn:aws:savingsplans::${accountId}:savingsplan/${id}`,
          description: `${sp.years} year ${sp.paymentOption} ${sp.type} Savings Plan`,
          start: start.toISOString(),
          end: end.toISOString(),
          state: sp.state ?? (end.getTime() > now.getTime() ? 'active' : 'retired'),
          region: sp.type === 'EC2Instance' ? sp.region : undefined,
          ec2InstanceFamily: sp.type === 'EC2Instance' ? (sp.ec2InstanceFamily ?? 'm5') : undefined,
          savingsPlanType: sp.type,
          paymentOption: sp.paymentOption,
          productTypes:
            sp.type === 'Compute'
              ? ['EC2', 'Fargate', 'Lambda']
              : sp.type === 'EC2Instance'
                ? ['EC2']
                : [sp.type],
          currency: 'USD',
          commitment: sp.commitment,
          upfrontPaymentAmount:
            sp.paymentOption === 'No Upfront' ? '0.0' : String(Number(sp.commitment) * 24 * 365 * sp.years),
          recurringPaymentAmount: sp.paymentOption === 'All Upfront' ? '0.0' : sp.commitment,
          termDurationInSeconds: seconds,
        };
      });
      return {
        savingsPlans: plans.filter(
          (p) =>
            (states.length === 0 || states.includes(p.state)) &&
            (ids.length === 0 || ids.includes(p.savingsPlanId)),
        ),
      };
    },
  },
});
