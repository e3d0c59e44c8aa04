import { publishedRates } from '../aws/published-rates.js';

/** A token bucket: `rate` tokens per second, at most `burst` saved up. */
export interface Rate {
  rate: number;
  burst: number;
}

/**
 * Request rates AWS publishes per account and region (`rateLimit: aws`), by sandbox service (IAM
 * prefix) and operation: data/aws-rates.yaml, with their sources. Services that publish no figure
 * use its `fallback`, a conservative assumption.
 */
export function awsRate(service: string, operation: string): Rate {
  const data = publishedRates();
  const entry = data.services[service];
  return entry?.operations[operation] ?? entry?.default ?? data.fallback;
}

/** Token buckets keyed by account/region/service/operation, refilled lazily on use. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** Takes one token; false when the bucket is empty (the call is throttled). */
  take(key: string, rate: Rate, nowMs: number): boolean {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: rate.burst, at: nowMs };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(rate.burst, bucket.tokens + ((nowMs - bucket.at) / 1000) * rate.rate);
      bucket.at = nowMs;
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  clear(): void {
    this.buckets.clear();
  }
}
