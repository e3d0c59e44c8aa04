import { z } from 'zod';
import { reservation, reservationFacts } from './reservation.js';
import { arn, defineService } from './types.js';

/** Amazon ElastiCache: reserved cache nodes. */
export const elasticache = defineService({
  name: 'elasticache',
  model: 'elasticache-2015-02-02',
  scope: 'regional',
  scenario: z.object({ reservedCacheNodes: z.array(reservation).default([]) }),
  handlers: {
    DescribeReservedCacheNodes: ({ data, accountId, region, date, now, input }) => ({
      ReservedCacheNodes: data.reservedCacheNodes
        .map((r, index) => ({
          r,
          f: reservationFacts(r, `${accountId}/${region}/elasticache/${index}`, date, now),
        }))
        .filter(({ f }) => !input.ReservedCacheNodeId || input.ReservedCacheNodeId === f.id)
        .map(({ r, f }) => ({
          ReservedCacheNodeId: f.id,
          ReservedCacheNodesOfferingId: f.offeringId,
          CacheNodeType: r.type,
          StartTime: f.start,
          Duration: f.duration,
          FixedPrice: 0,
          UsagePrice: 0,
          CacheNodeCount: r.count,
          ProductDescription: r.productDescription ?? 'redis',
          OfferingType: r.offeringType,
          State: f.state,
          RecurringCharges: [{ RecurringChargeAmount: 0.1, RecurringChargeFrequency: 'Hourly' }],
          ReservationARN: arn('elasticache', region, accountId, `reserved-instance:${f.id}`),
        })),
    }),
  },
});
