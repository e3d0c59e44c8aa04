import { z } from 'zod';
import type { ScenarioAccount } from '../scenario.js';
import { type ElasticLoadBalancingV2Data, loadBalancerArn } from './elasticloadbalancingv2.js';
import { AwsError, defineService } from './types.js';

/** What AWS does with a reservation request in this account and region. */
const capacityScenario = z.object({
  /** Above this many LCUs the request is refused (CapacityUnitsLimitExceeded). */
  maxCapacityUnits: z.number().int().positive().default(1500),
  /** Above this many LCUs a zone cannot be filled: its state ends `failed` (insufficient capacity). */
  insufficientAbove: z.number().int().positive().optional(),
  /** DescribeCapacityReservation calls answered `pending` before the zones are provisioned. */
  pendingPolls: z.number().int().min(0).default(1),
});

/** Decreases AWS allows per load balancer and day (the ELB user guides: two a day). */
const DECREASES_PER_DAY = 2;

interface Reservation {
  units: number;
  modifiedAt: Date;
  pendingPolls: number;
  failed: boolean;
  /** UTC day (YYYY-MM-DD) → decreases made that day. */
  decreases: Map<string, number>;
}

/**
 * Reservations live beside the scenario, never in it (scenario data is shared and read-only): one
 * map per account object, so two sandboxes never see each other's writes.
 */
const reservations = new WeakMap<ScenarioAccount, Map<string, Reservation>>();

function reservationsOf(account: ScenarioAccount): Map<string, Reservation> {
  let map = reservations.get(account);
  if (!map) {
    map = new Map();
    reservations.set(account, map);
  }
  return map;
}

/** The load balancer an ARN names in this account and region (ARNs as elasticloadbalancingv2.ts builds them). */
function findLoadBalancer(
  data: ElasticLoadBalancingV2Data,
  accountId: string,
  region: string,
  lbArn: string,
) {
  const lb = data.loadBalancers.find((x) => loadBalancerArn(x, accountId, region).arn === lbArn);
  if (lb) return lb;
  throw new AwsError('LoadBalancerNotFound', `Load balancer '${lbArn}' not found`);
}

function view(reservation: Reservation | undefined, region: string, now: Date, settle: boolean) {
  const zones = [`${region}a`, `${region}c`];
  const day = now.toISOString().slice(0, 10);
  const remaining = DECREASES_PER_DAY - (reservation?.decreases.get(day) ?? 0);
  if (!reservation || reservation.units === 0) {
    return { DecreaseRequestsRemaining: remaining, CapacityReservationState: [] };
  }
  if (settle && reservation.pendingPolls > 0) reservation.pendingPolls -= 1;
  const pending = reservation.pendingPolls > 0;
  return {
    LastModifiedTime: reservation.modifiedAt,
    DecreaseRequestsRemaining: remaining,
    MinimumLoadBalancerCapacity: { CapacityUnits: reservation.units },
    CapacityReservationState: zones.map((zone) => ({
      AvailabilityZone: zone,
      State: pending
        ? { Code: 'pending' }
        : reservation.failed
          ? { Code: 'failed', Reason: 'Insufficient capacity in the Availability Zone' }
          : { Code: 'provisioned' },
      EffectiveCapacityUnits: pending || reservation.failed ? 0 : reservation.units / zones.length,
    })),
  };
}

/** ELBv2 LCU reservation: ModifyCapacityReservation (a write) and DescribeCapacityReservation. */
export const elbcapacity = defineService({
  name: 'elbcapacity',
  model: 'elasticloadbalancingv2-2015-12-01',
  scope: 'regional',
  scenario: capacityScenario,
  handlers: {
    ModifyCapacityReservation: ({ data, dataOf, account, accountId, region, input, now }) => {
      const lbArn = String(input.LoadBalancerArn ?? '');
      const lb = findLoadBalancer(
        dataOf('elasticloadbalancingv2') as ElasticLoadBalancingV2Data,
        accountId,
        region,
        lbArn,
      );
      if (lb.type === 'gateway')
        throw new AwsError(
          'OperationNotPermitted',
          'Capacity reservation is not supported for Gateway Load Balancers',
        );
      const reset = input.ResetCapacityReservation === true;
      const minimum = input.MinimumLoadBalancerCapacity as { CapacityUnits?: number } | undefined;
      if (!reset && minimum?.CapacityUnits === undefined)
        throw new AwsError(
          'ValidationError',
          'Specify MinimumLoadBalancerCapacity or ResetCapacityReservation',
        );
      const units = reset ? 0 : Number(minimum?.CapacityUnits);
      if (units > data.maxCapacityUnits)
        throw new AwsError(
          'CapacityUnitsLimitExceeded',
          `You've exceeded the capacity units limit (${data.maxCapacityUnits})`,
        );
      const map = reservationsOf(account);
      const current = map.get(lbArn);
      if (current && current.pendingPolls > 0)
        throw new AwsError('CapacityReservationPending', 'There is a pending capacity reservation');
      const day = now.toISOString().slice(0, 10);
      const decreases = current?.decreases ?? new Map<string, number>();
      if (current && units < current.units) {
        const used = decreases.get(day) ?? 0;
        if (used >= DECREASES_PER_DAY)
          throw new AwsError(
            'CapacityDecreaseRequestLimitExceeded',
            "You've exceeded the daily capacity decrease limit for this reservation",
          );
        decreases.set(day, used + 1);
      }
      const next: Reservation = {
        units,
        modifiedAt: now,
        pendingPolls: units === 0 ? 0 : data.pendingPolls,
        failed: data.insufficientAbove !== undefined && units > data.insufficientAbove,
        decreases,
      };
      map.set(lbArn, next);
      return view(next, region, now, false);
    },
    DescribeCapacityReservation: ({ dataOf, account, accountId, region, input, now }) => {
      const lbArn = String(input.LoadBalancerArn ?? '');
      findLoadBalancer(
        dataOf('elasticloadbalancingv2') as ElasticLoadBalancingV2Data,
        accountId,
        region,
        lbArn,
      );
      return view(reservationsOf(account).get(lbArn), region, now, true);
    },
  },
});
