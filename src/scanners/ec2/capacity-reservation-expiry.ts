import { EC2Client, paginateDescribeCapacityReservations } from '@aws-sdk/client-ec2';
import { isoOrNull, withinHorizon } from '../support.js';
import type { Scanner } from '../types.js';

const KIND = 'capacity-reservation-expiry';

/** States in which a reservation still holds (or will hold) capacity that its end takes away. */
const LIVE_STATES = ['active', 'scheduled', 'payment-pending'];

/**
 * EC2 On-Demand Capacity Reservations with an end date (EndDateType `limited`) and Capacity Blocks
 * for ML (ReservationType `capacity-block`) that end within the horizon. Capacity Blocks appear in
 * DescribeCapacityReservations as reservations, so one paginated call covers both.
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
        if (end === null || (!block && cr.EndDateType !== 'limited')) continue;
        if (!withinHorizon(ctx, KIND, end)) continue;
        const what = block ? 'Capacity Block' : 'Capacity Reservation';
        yield {
          kind: KIND,
          resource: cr.CapacityReservationArn ?? id,
          eventDate: end,
          title: `EC2 ${what} ${id} (${cr.InstanceType ?? '?'} x${cr.TotalInstanceCount ?? '?'}) ${Date.parse(end) < ctx.now.getTime() ? 'ended on' : 'ends'} ${end.slice(0, 10)}`,
          evidence: {
            id,
            reservationType: cr.ReservationType ?? 'default',
            capacityBlockId: cr.CapacityBlockId ?? null,
            instanceType: cr.InstanceType ?? null,
            instancePlatform: cr.InstancePlatform ?? null,
            availabilityZone: cr.AvailabilityZone ?? null,
            availabilityZoneId: cr.AvailabilityZoneId ?? null,
            totalInstanceCount: cr.TotalInstanceCount ?? null,
            availableInstanceCount: cr.AvailableInstanceCount ?? null,
            state: cr.State ?? null,
            endDateType: cr.EndDateType ?? null,
            start: isoOrNull(cr.StartDate),
            end,
          },
        };
      }
    }
  },
};
