import { describe, expect, it } from 'vitest';
import { heapGrowthFlag, SCAN_HEAP_GROWING_PERCENT } from '../src/scan/heap.js';

describe("a scan bounds V8's heap growth", () => {
  it('asks V8 for 50 % heap growth when nobody chose a growth', () => {
    // Act
    const flag = heapGrowthFlag(['--enable-source-maps'], '--max-old-space-size=4096');

    // Assess
    expect(flag).toBe(`--heap-growing-percent=${SCAN_HEAP_GROWING_PERCENT}`);
    expect(flag).toBe('--heap-growing-percent=50');
  });

  it.each([
    [['--heap-growing-percent=200'], ''],
    [[], '--max-old-space-size=4096 --heap_growing_percent=10'],
  ])('leaves a growth given on the command line or in NODE_OPTIONS alone (%j, %j)', (argv, env) => {
    expect(heapGrowthFlag(argv, env)).toBeUndefined();
  });
});
