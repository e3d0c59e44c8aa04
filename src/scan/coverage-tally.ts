import type { CoverageCounts, CoverageEntry, CoverageSummary } from './types.js';

export function zeroCounts(): CoverageCounts {
  return { ok: 0, denied: 0, failed: 0, skipped: 0, unsupported: 0 };
}

export function countCoverage(coverage: readonly CoverageEntry[]): CoverageCounts {
  const counts = zeroCounts();
  for (const entry of coverage) counts[entry.status]++;
  return counts;
}

/** Counts one entry into a scan's summary; only denied and failed entries are kept whole. */
export function tally(summary: CoverageSummary, entry: CoverageEntry): void {
  summary.counts[entry.status]++;
  summary.byScanner[entry.scanner] ??= zeroCounts();
  (summary.byScanner[entry.scanner] as CoverageCounts)[entry.status]++;
  if (entry.status === 'denied' || entry.status === 'failed') summary.problems.push(entry);
}
