import type { AttemptHooks, CallInfo } from '../aws/clients.js';
import { isThrottlingError } from '../aws/errors.js';
import { Aimd, LatencyLimit, type Limiter } from './adaptive.js';
import { bucketFor, type Rate, TokenBucket } from './limits.js';
import type { ScanStats } from './types.js';

/** Calls in flight never go below this, whatever the latency says. */
const MIN_IN_FLIGHT = 8;

/**
 * How fast one scan talks to AWS: a token bucket per account-region-service under AWS's rates,
 * tasks per account-region halved when AWS throttles it (AIMD), tasks across the scan sized to
 * the latency (up to `concurrency`), and the call counts.
 */
export class ScanPacing {
  readonly hooks: AttemptHooks;
  private readonly latency: LatencyLimit;
  private readonly buckets = new Map<string, Map<string, TokenBucket>>();
  private readonly regions = new Map<string, Aimd>();
  private readonly started = new WeakMap<CallInfo, number>();

  constructor(
    private readonly stats: ScanStats,
    concurrency: number,
    private readonly regionConcurrency: number,
    private readonly rates: Readonly<Record<string, Rate>> | undefined,
  ) {
    this.latency = new LatencyLimit(Math.min(MIN_IN_FLIGHT, concurrency), concurrency);
    this.hooks = {
      // Not async: most calls find a token free and go on without a promise.
      before: (call) => {
        const bucket = this.rates ? this.bucket(call) : undefined;
        if (bucket && !bucket.tryTake())
          return bucket.take().then(() => {
            this.started.set(call, performance.now());
          });
        this.started.set(call, performance.now());
      },
      after: (call, error) => this.after(call, error),
    };
  }

  /** Tasks in flight across the scan. */
  get global(): Limiter {
    return this.latency.limiter;
  }

  /** Tasks in flight in one account-region. */
  region(accountId: string, region: string): Limiter {
    return this.aimd(accountId, region).limiter;
  }

  /** Drops an account's buckets and limits once it is done. */
  forget(accountId: string): void {
    this.buckets.delete(accountId);
    for (const key of this.regions.keys()) if (key.startsWith(`${accountId}/`)) this.regions.delete(key);
  }

  private aimd(accountId: string, region: string): Aimd {
    const key = `${accountId}/${region}`;
    let aimd = this.regions.get(key);
    if (!aimd) {
      aimd = new Aimd(this.regionConcurrency);
      this.regions.set(key, aimd);
    }
    return aimd;
  }

  private bucket(call: CallInfo): TokenBucket {
    let perAccount = this.buckets.get(call.accountId);
    if (!perAccount) {
      perAccount = new Map();
      this.buckets.set(call.accountId, perAccount);
    }
    const { key: name, rate } = bucketFor(this.rates as Record<string, Rate>, call.service, call.action);
    const key = `${call.region}/${name}`;
    let bucket = perAccount.get(key);
    if (!bucket) {
      bucket = new TokenBucket(rate);
      perAccount.set(key, bucket);
    }
    return bucket;
  }

  private after(call: CallInfo, error: unknown): void {
    this.stats.calls++;
    const start = this.started.get(call);
    if (start !== undefined) this.latency.sample(performance.now() - start);
    const aimd = this.regions.get(`${call.accountId}/${call.region}`);
    if (error && isThrottlingError(error)) {
      this.stats.throttled++;
      aimd?.onThrottled();
    } else aimd?.onSuccess();
  }
}
