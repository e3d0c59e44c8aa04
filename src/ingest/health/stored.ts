import type { SourceEvidence, Store } from '../../store/index.js';

/** `evidence.lastUpdatedTime` of a Health event (as pulled or pushed) in epoch ms; NaN when absent. */
export function lastUpdatedTime(evidence: unknown): number {
  const value = (evidence as { lastUpdatedTime?: unknown } | null)?.lastUpdatedTime;
  return typeof value === 'string' ? Date.parse(value) : Number.NaN;
}

/**
 * The newest lastUpdatedTime already stored for these Health event references, by `keyOf` of the
 * stored occurrence (the event ARN alone, or the ARN with the affected resource).
 */
export async function storedUpdateTimes(
  store: Pick<Store, 'occurrences'>,
  sourceRefs: readonly string[],
  keyOf: (stored: SourceEvidence) => string,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const stored of await store.occurrences.evidenceBySourceRef(sourceRefs)) {
    const time = lastUpdatedTime(stored.evidence);
    if (Number.isNaN(time)) continue;
    const key = keyOf(stored);
    out.set(key, Math.max(out.get(key) ?? time, time));
  }
  return out;
}
