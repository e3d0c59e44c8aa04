/** A token bucket: `rate` tokens per second, at most `burst` saved up. */
export interface Rate {
  rate: number;
  burst: number;
}

/**
 * Request rates AWS publishes per account and region (`rateLimit: aws`), by sandbox service and
 * operation. EC2: "Request throttling for the Amazon EC2 API" (non-mutating actions: bucket 100,
 * refill 20/s). ACM: "Quotas - AWS Certificate Manager", API rate quotas (per operation, requests
 * per second). STS: 600 requests/s per account and region. Services that publish no figure use
 * `fallback`, a conservative assumption (10/s, burst 20).
 */
const AWS_RATES: Record<string, { default?: Rate; ops?: Record<string, Rate> }> = {
  ec2: { default: { rate: 20, burst: 100 } },
  acm: {
    default: { rate: 10, burst: 10 },
    ops: { ListCertificates: { rate: 1, burst: 1 }, DescribeCertificate: { rate: 10, burst: 10 } },
  },
  sts: { default: { rate: 600, burst: 600 } },
};

const fallback: Rate = { rate: 10, burst: 20 };

export function awsRate(service: string, operation: string): Rate {
  const entry = AWS_RATES[service];
  return entry?.ops?.[operation] ?? entry?.default ?? fallback;
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
