import { type PublishedRate, publishedRates } from '../aws/published-rates.js';

/** A counting semaphore: at most `size` holders at once, served in arrival order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`semaphore size must be ≥ 1, got ${size}`);
  }

  async acquire(): Promise<void> {
    if (this.active < this.size) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  get busy(): number {
    return this.active;
  }
}

/** Sustained requests per second and burst, the shape AWS uses to describe API throttling. */
export interface Rate {
  perSecond: number;
  burst: number;
}

/**
 * A token bucket: `burst` calls at once, then `perSecond`. Callers wait in arrival order, so one
 * busy account-region cannot starve the others of their own buckets.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly rate: Rate,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.tokens = rate.burst;
    this.last = clock();
  }

  /** Callers in the queue (taking or waiting). */
  private queued = 0;

  /** Takes a token now if one is free and nobody waits before us (no promise: most calls). */
  tryTake(): boolean {
    return this.queued === 0 && this.takeFree();
  }

  /** Resolves when a token is available and takes it. */
  take(): Promise<void> {
    this.queued++;
    const turn = this.queue.then(() => this.waitForToken()).finally(() => this.queued--);
    this.queue = turn;
    return turn;
  }

  private takeFree(): boolean {
    const now = this.clock();
    this.tokens = Math.min(this.rate.burst, this.tokens + ((now - this.last) / 1000) * this.rate.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private async waitForToken(): Promise<void> {
    for (;;) {
      if (this.takeFree()) return;
      const waitMs = ((1 - this.tokens) / this.rate.perSecond) * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.ceil(waitMs))));
    }
  }
}

/**
 * Client-side pacing per account and region, by `Service:Action` or `Service` (SDK client name
 * without `Client`): the rates AWS publishes (data/aws-rates.yaml, with their sources), and its
 * `fallback` under `*` where AWS publishes none, so throttling stays rare and the SDK's backoff
 * handles the rest.
 */
export const DEFAULT_RATES: Readonly<Record<string, Rate>> = ratesByClient();

function ratesByClient(): Record<string, Rate> {
  const data = publishedRates();
  const asRate = (r: PublishedRate): Rate => ({ perSecond: r.rate, burst: r.burst });
  const rates: Record<string, Rate> = { '*': asRate(data.fallback) };
  for (const service of Object.values(data.services)) {
    if (service.default) rates[service.client] = asRate(service.default);
    for (const [op, r] of Object.entries(service.operations)) rates[`${service.client}:${op}`] = asRate(r);
  }
  return rates;
}

/** The bucket a call takes its token from, and that bucket's rate. */
export function bucketFor(
  rates: Readonly<Record<string, Rate>>,
  service: string,
  action: string,
): { key: string; rate: Rate } {
  const op = `${service}:${action}`;
  const own = rates[op];
  if (own) return { key: op, rate: own };
  return { key: service, rate: rates[service] ?? rates['*'] ?? { perSecond: 10, burst: 20 } };
}
