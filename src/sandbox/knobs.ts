import { z } from 'zod';

/** An injected error: answered instead of the real handler, with the code and HTTP status given. */
const errorKnob = z.object({
  /** Operation name (`ListCertificates`); all operations when absent. */
  action: z.string().optional(),
  code: z.string(),
  message: z.string().default('Injected by the opsradar sandbox scenario'),
  status: z.number().int().min(400).max(599).default(400),
  /** 0..1; 1 = always. */
  probability: z.number().min(0).max(1).default(1),
});

const baseKnobs = z.object({
  /** Added latency per call: fixed ms, or `[min, max]` for uniform jitter. */
  latencyMs: z.union([z.number().min(0), z.tuple([z.number().min(0), z.number().min(0)])]).optional(),
  /** Probability (0..1) that a call is throttled regardless of rate. */
  throttle: z.number().min(0).max(1).optional(),
  /**
   * Token-bucket rate limit per account, region and service: requests per second (burst = 2×),
   * `{ rate, burst }`, or `aws` for the published per-service rates. Calls over it are throttled.
   */
  rateLimit: z
    .union([
      z.literal('aws'),
      z.number().positive(),
      z.object({ rate: z.number().positive(), burst: z.number().positive() }),
    ])
    .optional(),
  /** Deny (AccessDenied in the protocol's code): `true` for everything, or operation names. */
  deny: z.union([z.boolean(), z.array(z.string())]).optional(),
  errors: z.array(errorKnob).optional(),
});

export const knobsSchema = baseKnobs.extend({
  /** Per sandbox service name (`acm`, `ec2`...): knobs that apply to that service only. */
  services: z.record(z.string(), baseKnobs).optional(),
});

export type Knobs = z.input<typeof knobsSchema>;
export type ParsedKnobs = z.output<typeof knobsSchema>;
export type BaseKnobs = z.output<typeof baseKnobs>;
export type ErrorKnob = z.output<typeof errorKnob>;

/** The knobs that apply to one call: later layers override earlier ones field by field. */
export function mergeKnobs(layers: Array<ParsedKnobs | undefined>, service: string): BaseKnobs {
  const out: BaseKnobs = {};
  for (const layer of layers) {
    if (!layer) continue;
    apply(out, layer);
    const own = layer.services?.[service];
    if (own) apply(out, own);
  }
  return out;
}

function apply(out: BaseKnobs, layer: BaseKnobs): void {
  if (layer.latencyMs !== undefined) out.latencyMs = layer.latencyMs;
  if (layer.throttle !== undefined) out.throttle = layer.throttle;
  if (layer.rateLimit !== undefined) out.rateLimit = layer.rateLimit;
  if (layer.deny !== undefined) out.deny = layer.deny;
  if (layer.errors !== undefined) out.errors = [...(out.errors ?? []), ...layer.errors];
}
