import { z } from 'zod';
import { reservation, reservationFacts } from './reservation.js';
import { defineService, stableId } from './types.js';

/** Amazon OpenSearch Service: reserved instances (signs as `es`; IAM actions are `es:*`). */
export const opensearch = defineService({
  name: 'opensearch',
  model: 'opensearch-2021-01-01',
  scope: 'regional',
  scenario: z.object({ reservedInstances: z.array(reservation).default([]) }),
  handlers: {
    DescribeReservedInstances: ({ data, accountId, region, date, now, input }) => ({
      ReservedInstances: data.reservedInstances
        .map((r, index) => {
          const seed = `${accountId}/${region}/opensearch/${index}`;
          const f = reservationFacts(r, seed, date, now);
          const hex = stableId(`${seed}/uuid`, 32);
          const id =
            r.id ??
            `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
          return { r, f: { ...f, id } };
        })
        .filter(({ f }) => !input.ReservedInstanceId || input.ReservedInstanceId === f.id)
        .map(({ r, f }) => ({
          ReservationName: r.name ?? `reservation-${f.id.slice(0, 8)}`,
          ReservedInstanceId: f.id,
          BillingSubscriptionId: Number.parseInt(f.offeringId.slice(0, 8), 16),
          ReservedInstanceOfferingId: f.offeringId,
          InstanceType: r.type,
          StartTime: f.start,
          Duration: f.duration,
          FixedPrice: 0,
          UsagePrice: 0,
          CurrencyCode: 'USD',
          InstanceCount: r.count,
          State: f.state,
          PaymentOption:
            r.offeringType === 'All Upfront'
              ? 'ALL_UPFRONT'
              : r.offeringType === 'Partial Upfront'
                ? 'PARTIAL_UPFRONT'
                : 'NO_UPFRONT',
          RecurringCharges: [{ RecurringChargeAmount: 0.2, RecurringChargeFrequency: 'Hourly' }],
        })),
    }),
  },
});
