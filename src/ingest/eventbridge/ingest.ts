import type { Occurrence, OccurrenceSource } from '../../core/types.js';
import type { Store } from '../../store/index.js';
import type { CatalogMatcher } from '../health/classify.js';
import { type EventBridgeEvent, eventBridgeOccurrences } from './event.js';

export interface IngestSummary {
  events: number;
  occurrences: number;
  created: number;
  updated: number;
  unchanged: number;
  unmapped: number;
}

export function emptySummary(): IngestSummary {
  return { events: 0, occurrences: 0, created: 0, updated: 0, unchanged: 0, unmapped: 0 };
}

/** Records occurrences and counts what changed; the store's upsert makes re-deliveries no-ops. */
export async function recordOccurrences(
  store: Pick<Store, 'occurrences'>,
  occurrences: Occurrence[],
  summary: IngestSummary,
  options: { scanRunId?: string } = {},
): Promise<void> {
  if (occurrences.length === 0) return;
  const results = await store.occurrences.record(occurrences, options);
  summary.occurrences += occurrences.length;
  summary.unmapped += occurrences.filter((o) => o.kind === null).length;
  for (const r of results) {
    if (r.created) summary.created += 1;
    else if (r.changed) summary.updated += 1;
    else summary.unchanged += 1;
  }
}

/** Ingests EventBridge events (already validated) from a push route or a saved file. */
export async function ingestEventBridgeEvents(
  store: Pick<Store, 'occurrences'>,
  catalog: CatalogMatcher,
  events: readonly EventBridgeEvent[],
  options: { source: OccurrenceSource; now: Date },
): Promise<IngestSummary> {
  const summary = emptySummary();
  const observedAt = options.now.toISOString();
  const occurrences: Occurrence[] = [];
  for (const event of events) {
    summary.events += 1;
    occurrences.push(...eventBridgeOccurrences(event, catalog, { source: options.source, observedAt }));
  }
  await recordOccurrences(store, occurrences, summary);
  return summary;
}
