/**
 * Limits that size themselves: a semaphore whose size can change, AIMD for an account-region that
 * AWS throttles, and a latency gradient for the calls in flight across the scan.
 */

/** A counting semaphore with a size that may change while holders are in; FIFO. */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private size: number) {}

  get limit(): number {
    return this.size;
  }

  get busy(): number {
    return this.active;
  }

  resize(size: number): void {
    this.size = size;
    this.drain();
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active < Math.floor(this.size)) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await fn();
    } finally {
      this.active--;
      this.drain();
    }
  }

  private drain(): void {
    while (this.waiting.length > 0 && this.active < Math.max(1, Math.floor(this.size))) {
      this.active++;
      (this.waiting.shift() as () => void)();
    }
  }
}

/**
 * Additive increase, multiplicative decrease: an account-region that AWS throttles gets half the
 * tasks in flight (at most once per `coolDownMs`, so one burst of throttles halves it once), and
 * one more per `limit` calls that pass, up to `max`.
 */
export class Aimd {
  readonly limiter: Limiter;
  private lastDecrease = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly max: number,
    private readonly coolDownMs = 1000,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.limiter = new Limiter(max);
  }

  onSuccess(): void {
    const limit = this.limiter.limit;
    if (limit < this.max) this.limiter.resize(Math.min(this.max, limit + 1 / limit));
  }

  onThrottled(): void {
    const now = this.clock();
    if (now - this.lastDecrease < this.coolDownMs) return;
    this.lastDecrease = now;
    this.limiter.resize(Math.max(1, this.limiter.limit / 2));
  }
}

/**
 * Calls in flight sized to the latency (a gradient limit, as in Netflix's concurrency-limits): the
 * fastest recent round trip is what the network costs; when the average grows well past it, calls
 * queue here (CPU, sockets), so the limit shrinks by that ratio; otherwise it grows by a quarter.
 * Between `min` and `max`; re-estimated every `limit` samples.
 */
export class LatencyLimit {
  readonly limiter: Limiter;
  private minRtt = Number.POSITIVE_INFINITY;
  private windowMin = Number.POSITIVE_INFINITY;
  private sum = 0;
  private samples = 0;

  constructor(
    private readonly min: number,
    private readonly max: number,
    initial = Math.min(max, Math.max(min, 64)),
  ) {
    this.limiter = new Limiter(initial);
  }

  /** One attempt's round trip, in ms (without the time spent waiting for a rate token). */
  sample(rttMs: number): void {
    this.sum += rttMs;
    this.windowMin = Math.min(this.windowMin, rttMs);
    this.samples++;
    const limit = this.limiter.limit;
    if (this.samples < Math.max(16, limit)) return;
    // The floor is never forgotten: a scan is too short for the network to change, and a floor
    // re-learnt under load would take queueing for latency.
    this.minRtt = Math.min(this.minRtt, this.windowMin);
    const ratio = this.sum / this.samples / this.minRtt;
    // Near the floor: grow by a quarter. Above it: shrink by the ratio, keeping √limit of queue.
    const next =
      ratio <= 1.15
        ? limit * 1.25
        : 0.5 * limit + 0.5 * (limit * Math.max(0.5, 1.1 / ratio) + Math.sqrt(limit));
    this.limiter.resize(Math.round(Math.max(this.min, Math.min(this.max, next))));
    this.sum = 0;
    this.samples = 0;
    this.windowMin = Number.POSITIVE_INFINITY;
  }
}
