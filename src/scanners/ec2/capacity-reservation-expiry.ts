import { EC2Client, paginateDescribeCapacityReservations } from '@aws-sdk/client-ec2';
import { endFinding, fieldsOf, isoOrNull } from '../support.js';
import type { Scanner } from '../types.js';

const KIND = 'capacity-reservation-expiry';

/** States in which a reservation still holds (or will hold) capacity that its end takes away. */
const LIVE_STATES = ['active', 'scheduled', 'payment-pending'];

/**
 * EC2 On-Demand Capacity Reservations with an end date (EndDateType `limited`) and Capacity Blocks
 * for ML (ReservationType `capacity-block`) that end within the horizon. Capacity Blocks appear in
 * DescribeCapacityReservations as reservations, so one paginated call covers both.
 *
 * Asked in every region, instances or not (unlike Reserved Instances, which only discount what runs):
 * a reservation holds capacity for instances not launched yet (disaster recovery, a planned
 * event), and a future-dated reservation or a Capacity Block before its start has none by nature.
 */
export const capacityReservationExpiry: Scanner = {
  id: 'capacity-reservation-expiry',
  eventKinds: [KIND],
  scope: 'regional',
  permissions: ['ec2:DescribeCapacityReservations'],
  summary: {
    ja: '終了日のある EC2 キャパシティ予約と ML 用キャパシティブロックの終了',
    en: 'EC2 Capacity Reservations with an end date and Capacity Blocks for ML that end soon',
  },
  async *scan(ctx) {
    const pages = paginateDescribeCapacityReservations(
      { client: ctx.client(EC2Client), pageSize: 1000 },
      { Filters: [{ Name: 'state', Values: LIVE_STATES }] },
    );
    for await (const page of pages) {
      for (const cr of page.CapacityReservations ?? []) {
        const id = cr.CapacityReservationId;
        const end = isoOrNull(cr.EndDate);
        const block = cr.ReservationType === 'capacity-block';
        // Filters are a request; an endpoint that ignores them must not make expired ones findings.
        if (!id || !LIVE_STATES.includes(cr.State ?? '')) continue;
        if (!block && cr.EndDateType !== 'limited') continue;
        const what = block ? 'Capacity Block' : 'Capacity Reservation';
        const f = endFinding(ctx, KIND, {
          resource: cr.CapacityReservationArn ?? id,
          subject: `EC2 ${what} ${id} (${cr.InstanceType ?? '?'} x${cr.TotalInstanceCount ?? '?'})`,
          end,
          evidence: {
            id,
            reservationType: cr.ReservationType ?? 'default',
            ...fieldsOf(cr, {
              capacityBlockId: 'CapacityBlockId',
              instanceType: 'InstanceType',
              instancePlatform: 'InstancePlatform',
              availabilityZone: 'AvailabilityZone',
              availabilityZoneId: 'AvailabilityZoneId',
              totalInstanceCount: 'TotalInstanceCount',
              availableInstanceCount: 'AvailableInstanceCount',
              state: 'State',
              endDateType: 'EndDateType',
              start: 'StartDate',
            }),
          },
        });
        if (f) yield f;
      }
    }
  },
};
