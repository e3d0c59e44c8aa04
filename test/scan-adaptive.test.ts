import { describe, expect, it } from 'vitest';
import { Aimd, LatencyLimit, Limiter } from '../src/scan/adaptive.js';

/** Runs `n` holders that wait until released; returns how many got in and the release function. */
function hold(limiter: Limiter, n: number) {
  const gates: Array<() => void> = [];
  let entered = 0;
  for (let i = 0; i < n; i++)
    void limiter.run(async () => {
      entered++;
      await new Promise<void>((resolve) => gates.push(resolve));
    });
  return { entered: () => entered, releaseOne: () => gates.shift()?.() };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Limiter', () => {
  it('lets in more holders when it grows and none new when it shrinks', async () => {
    const limiter = new Limiter(2);
    const h = hold(limiter, 5);
    await tick();
    expect(h.entered()).toBe(2);
    limiter.resize(4);
    await tick();
    expect(h.entered()).toBe(4);
    limiter.resize(1);
    h.releaseOne();
    await tick();
    // 3 still inside, above the new size of 1: nobody else enters.
    expect(h.entered()).toBe(4);
  });
});

describe('Aimd (tasks per account-region)', () => {
  it('halves once per burst of throttles, then grows back by one per limit successes', () => {
    let now = 0;
    const aimd = new Aimd(8, 1000, () => now);
    aimd.onThrottled();
    aimd.onThrottled();
    aimd.onThrottled();
    expect(aimd.limiter.limit).toBe(4);
    now = 1500;
    aimd.onThrottled();
    expect(aimd.limiter.limit).toBe(2);
    for (let i = 0; i < 3; i++) aimd.onSuccess();
    expect(Math.floor(aimd.limiter.limit)).toBe(3);
    for (let i = 0; i < 100; i++) aimd.onSuccess();
    expect(aimd.limiter.limit).toBe(8);
  });

  it('never goes below one task', () => {
    let now = 0;
    const aimd = new Aimd(2, 10, () => now);
    for (let i = 0; i < 10; i++) {
      now += 100;
      aimd.onThrottled();
    }
    expect(aimd.limiter.limit).toBe(1);
  });
});

describe('LatencyLimit (calls in flight across the scan)', () => {
  it('grows while the latency stays at its floor, up to the maximum', () => {
    const limit = new LatencyLimit(8, 512, 32);
    for (let i = 0; i < 5000; i++) limit.sample(100);
    expect(limit.limiter.limit).toBe(512);
  });

  it('shrinks when calls start queueing (latency well above its floor), never below the minimum', () => {
    const limit = new LatencyLimit(8, 512, 256);
    for (let i = 0; i < 300; i++) limit.sample(100);
    const before = limit.limiter.limit;
    for (let i = 0; i < 3000; i++) limit.sample(400);
    expect(limit.limiter.limit).toBeLessThan(before / 2);
    for (let i = 0; i < 20000; i++) limit.sample(2000);
    expect(limit.limiter.limit).toBeGreaterThanOrEqual(8);
  });
});
