import { z } from 'zod';
import { DAY_MS } from '../core/time.js';

/**
 * An error a handler throws to answer with an AWS error: serialized in the protocol's real
 * shape (json `__type`, query `<ErrorResponse>`, ec2 `<Response><Errors>`).
 */
export class AwsError extends Error {
  readonly status: number;
  /** `Sender` (the caller's fault) or `Receiver` (AWS's), as query errors say it. */
  readonly fault: 'Sender' | 'Receiver';
  constructor(
    readonly code: string,
    message: string,
    options: { status?: number; fault?: 'Sender' | 'Receiver' } = {},
  ) {
    super(message);
    this.name = 'AwsError';
    this.status = options.status ?? 400;
    this.fault = options.fault ?? (this.status >= 500 ? 'Receiver' : 'Sender');
  }
}

const RELATIVE = /^(-?\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/;
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: DAY_MS, w: 604_800_000 };

/** True when `value` is a relative offset (`12d`, `-3d`, `6h`, `30m`, `2w`) or an ISO-8601 date. */
export function isDateSpec(value: string): boolean {
  return RELATIVE.test(value.trim()) || !Number.isNaN(Date.parse(value));
}

/**
 * Resolves a scenario date against the sandbox clock: `12d` = 12 days after `now`, `-3d` = 3 days
 * before; an ISO-8601 date is taken as is. Relative dates keep the demo from going stale.
 */
export function resolveDate(value: string | Date, now: Date): Date {
  if (value instanceof Date) return value;
  const match = RELATIVE.exec(value.trim());
  if (match) {
    const amount = Number(match[1]);
    const unit = UNIT_MS[match[2] as string] as number;
    return new Date(now.getTime() + amount * unit);
  }
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw new Error(`not a date: ${value}`);
  return new Date(parsed);
}

/** Zod schema of a scenario date: `12d`, `-3d`, `6h`, or an ISO-8601 date (YAML dates are accepted too). */
export const dateSpec = z.union([
  z.date().transform((d) => d.toISOString()),
  z
    .string()
    .refine(isDateSpec, { message: 'expected a relative date like 12d, -3d, 6h, or an ISO-8601 date' }),
]);

/** `arn:aws:<service>:<region>:<account>:<resource>`; region/account may be '' (global resources). */
export function arn(service: string, region: string, accountId: string, resource: string): string {
  return `arn:aws:${service}:${region}:${accountId}:${resource}`;
}

/** A stable pseudo-random hex id derived from a seed (resource ids that do not change between runs). */
export function stableId(seed: string, length = 17): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  let out = '';
  while (out.length < length) {
    for (let i = 0; i < seed.length; i++) {
      const c = seed.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ (c + out.length), 0x5bd1e995) >>> 0;
    }
    out += ((h1 ^ h2) >>> 0).toString(16).padStart(8, '0');
    h1 = (h1 + 0x9e3779b9) >>> 0;
  }
  return out.slice(0, length);
}

/** A stable UUID-shaped id derived from a seed. */
export function stableUuid(seed: string): string {
  const hex = stableId(seed, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
