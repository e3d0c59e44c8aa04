import { z } from 'zod';
import { databaseHandlers, databaseScenario } from './rds-databases.js';
import { reservation, reservationFacts } from './reservation.js';
import { arn, defineService } from './types.js';

/** Amazon RDS: reserved DB instances; DB instances, clusters and their lifecycles (rds-databases.ts). */
export const rds = defineService({
  name: 'rds',
  model: 'rds-2014-10-31',
  scope: 'regional',
  scenario: z.object({ reservedDBInstances: z.array(reservation).default([]), ...databaseScenario }),
  handlers: {
    ...databaseHandlers,
    DescribeReservedDBInstances: ({ data, accountId, region, date, now, input }) => ({
      ReservedDBInstances: data.reservedDBInstances
        .map((r, index) => ({ r, f: reservationFacts(r, `${accountId}/${region}/rds/${index}`, date, now) }))
        .filter(({ f }) => !input.ReservedDBInstanceId || input.ReservedDBInstanceId === f.id)
        .map(({ r, f }) => ({
          ReservedDBInstanceId: f.id,
          ReservedDBInstancesOfferingId: f.offeringId,
          DBInstanceClass: r.type,
          StartTime: f.start,
          Duration: f.duration,
          FixedPrice: 0,
          UsagePrice: 0,
          CurrencyCode: 'USD',
          DBInstanceCount: r.count,
          ProductDescription: r.productDescription ?? 'mysql',
          OfferingType: r.offeringType,
          MultiAZ: r.multiAZ,
          State: f.state,
          RecurringCharges: [{ RecurringChargeAmount: 0.1, RecurringChargeFrequency: 'Hourly' }],
          ReservedDBInstanceArn: arn('rds', region, accountId, `ri:${f.id}`),
          LeaseId: f.offeringId,
        })),
    }),
  },
});
