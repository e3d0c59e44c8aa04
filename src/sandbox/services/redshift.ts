import { z } from 'zod';
import { reservation, reservationFacts } from './reservation.js';
import { defineService } from './types.js';

/** Amazon Redshift: reserved nodes (state `pending-payment` before activation). */
export const redshift = defineService({
  name: 'redshift',
  model: 'redshift-2012-12-01',
  scope: 'regional',
  scenario: z.object({ reservedNodes: z.array(reservation).default([]) }),
  handlers: {
    DescribeReservedNodes: ({ data, accountId, region, date, now, input }) => ({
      ReservedNodes: data.reservedNodes
        .map((r, index) => ({
          r,
          f: reservationFacts(r, `${accountId}/${region}/redshift/${index}`, date, now),
        }))
        .filter(({ f }) => !input.ReservedNodeId || input.ReservedNodeId === f.id)
        .map(({ r, f }) => ({
          ReservedNodeId: f.id,
          ReservedNodeOfferingId: f.offeringId,
          NodeType: r.type,
          StartTime: f.start,
          Duration: f.duration,
          FixedPrice: 0,
          UsagePrice: 0,
          CurrencyCode: 'USD',
          NodeCount: r.count,
          State: f.state,
          OfferingType: r.offeringType,
          RecurringCharges: [{ RecurringChargeAmount: 0.25, RecurringChargeFrequency: 'Hourly' }],
          ReservedNodeOfferingType: 'Regular',
        })),
    }),
  },
});
