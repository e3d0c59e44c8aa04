/**
 * Coverage: what one scanner could see in one account and region during one run. Only 'ok' is an
 * all-clear; "could not look" (denied, failed, skipped, unsupported) is never "nothing found".
 */

export const COVERAGE_STATUSES = ['ok', 'denied', 'failed', 'skipped', 'unsupported'] as const;
export type CoverageStatus = (typeof COVERAGE_STATUSES)[number];

export interface CoverageEntry {
  accountId: string;
  region: string;
  scanner: string;
  status: CoverageStatus;
  reason?: string;
  calls?: number;
  /** What the scanner could not add although its required calls succeeded (optional enrichment refused, dates from tables). */
  notes?: string[];
}

/** The scan's verdict for one account+region+scanner; a global resource may be recorded under another region. */
export function coverageFor(
  coverage: readonly CoverageEntry[],
  accountId: string,
  region: string,
  scanner: string,
): 'ok' | 'not-ok' {
  const exact = coverage.find(
    (c) => c.accountId === accountId && c.region === region && c.scanner === scanner,
  );
  if (exact) return exact.status === 'ok' ? 'ok' : 'not-ok';
  const same = coverage.filter((c) => c.accountId === accountId && c.scanner === scanner);
  // A region where AWS does not offer the service cannot hide a global resource.
  const looked = same.filter((c) => c.status !== 'unsupported');
  return looked.length > 0 && looked.every((c) => c.status === 'ok') && (region === 'global' || region === '')
    ? 'ok'
    : 'not-ok';
}
