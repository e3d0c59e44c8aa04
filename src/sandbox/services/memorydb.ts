import { z } from 'zod';
import { reservation, reservationFacts } from './reservation.js';
import { arn, defineService } from './types.js';

/**
 * Amazon MemoryDB: reserved nodes. Scenario data lives under `regions.<region>.memorydb`; other
 * MemoryDB operations (clusters, service updates) can be added to this file with their own keys.
 */
export const memorydb = defineService({
  name: 'memorydb',
  model: 'memorydb-2021-01-01',
  scope: 'regional',
  scenario: z.object({ reservedNodes: z.array(reservation).default([]) }),
  handlers: {
    DescribeReservedNodes: ({ data, accountId, region, date, now, input }) => ({
      ReservedNodes: data.reservedNodes
        .map((r, index) => ({
          r,
          f: reservationFacts(r, `${accountId}/${region}/memorydb/${index}`, date, now),
        }))
        .filter(({ f }) => !input.ReservationId || input.ReservationId === f.id)
        .filter(({ r }) => !input.NodeType || input.NodeType === r.type)
        .map(({ r, f }) => ({
          ReservationId: f.id,
          ReservedNodesOfferingId: f.offeringId,
          NodeType: r.type,
          StartTime: f.start,
          Duration: f.duration,
          FixedPrice: 0,
          NodeCount: r.count,
          OfferingType: r.offeringType,
          State: f.state,
          RecurringCharges: [{ RecurringChargeAmount: 0.2, RecurringChargeFrequency: 'Hourly' }],
          ARN: arn('memorydb', region, accountId, `reservednode/${f.id}`),
        })),
    }),
  },
});
