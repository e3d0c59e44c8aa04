import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what survived the last full GC, in percent.
 *
 * A scan's live heap is small and flat (SDK clients and models, the account in flight), but its
 * in-flight requests live past two young-generation collections, so their garbage is promoted.
 * Left to itself, V8 lets the old generation grow to 2–4× the live heap before collecting it, and
 * RSS follows. 50 % keeps the peak within about 1.5× the live heap for a few more full GCs
 * (measured on bench/scan.ts: 20 accounts × 17 regions, peak RSS 350 → 296 MB, client CPU the same
 * within noise).
 */
export const SCAN_HEAP_GROWING_PERCENT = 50;

/**
 * The V8 flag a scan sets: none when `--heap-growing-percent` is given on the command line or in
 * NODE_OPTIONS (the person's choice wins).
 */
export function heapGrowthFlag(execArgv: readonly string[], nodeOptions: string): string | undefined {
  const given = [...execArgv, nodeOptions].some((arg) => /--heap[-_]growing[-_]percent/.test(arg));
  return given ? undefined : `--heap-growing-percent=${SCAN_HEAP_GROWING_PERCENT}`;
}

let applied = false;

/** Bounds the heap's growth for the rest of the process (a scan dominates what it allocates); once. */
export function boundHeapGrowth(): void {
  if (applied) return;
  applied = true;
  const flag = heapGrowthFlag(process.execArgv, process.env.NODE_OPTIONS ?? '');
  if (flag) setFlagsFromString(flag);
}
