import { z } from 'zod';
import { DAY_MS } from '../../core/time.js';
import { dateSpec, stableId } from './types.js';

/**
 * A reservation in a scenario (RDS, ElastiCache, Redshift, OpenSearch): the APIs report StartTime +
 * Duration, so `end` decides the start (`years` before it) unless `start` is given.
 */
export const reservation = z.object({
  id: z.string().optional(),
  /** Instance class / node type (`db.r6g.large`, `cache.r6g.large`, `ra3.xlplus`, `r6g.large.search`). */
  type: z.string(),
  count: z.number().int().positive().default(1),
  end: dateSpec,
  start: dateSpec.optional(),
  years: z.union([z.literal(1), z.literal(3)]).default(1),
  /** Default: `active` while `end` is ahead, else `retired`. */
  state: z.string().optional(),
  offeringType: z.string().default('No Upfront'),
  productDescription: z.string().optional(),
  multiAZ: z.boolean().default(false),
  name: z.string().optional(),
});

export type SandboxReservation = z.output<typeof reservation>;

export interface ReservationFacts {
  id: string;
  offeringId: string;
  start: Date;
  /** Whole seconds, as the APIs report Duration. */
  duration: number;
  state: string;
}

export function reservationFacts(
  r: SandboxReservation,
  seed: string,
  date: (value: string) => Date,
  now: Date,
  states: { active: string; retired: string } = { active: 'active', retired: 'retired' },
): ReservationFacts {
  const end = date(r.end);
  const start = r.start ? date(r.start) : new Date(end.getTime() - r.years * 365 * DAY_MS);
  return {
    id: r.id ?? stableId(seed, 16),
    offeringId: `${stableId(`${seed}/offering`, 8)}-${stableId(`${seed}/o2`, 4)}-${stableId(`${seed}/o3`, 4)}`,
    start,
    duration: Math.round((end.getTime() - start.getTime()) / 1000),
    state: r.state ?? (end.getTime() > now.getTime() ? states.active : states.retired),
  };
}
