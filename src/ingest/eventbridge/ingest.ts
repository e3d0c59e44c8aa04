import type { Occurrence, OccurrenceSource } from '../../core/types.js';
import type { Store } from '../../store/index.js';
import type { CatalogMatcher } from '../health/classify.js';
import { lastUpdatedTime, storedUpdateTimes } from '../health/stored.js';
import { type EventBridgeEvent, eventBridgeOccurrences } from './event.js';

export interface IngestSummary {
  events: number;
  occurrences: number;
  created: number;
  updated: number;
  unchanged: number;
  unmapped: number;
  /** Resources left out of events listing more than MAX_RESOURCES_PER_EVENT (omitted when none). */
  resourcesCut?: number;
}

export function emptySummary(): IngestSummary {
  return { events: 0, occurrences: 0, created: 0, updated: 0, unchanged: 0, unmapped: 0 };
}

const key = (o: { sourceRef: string; accountId: string; region: string; resource: string }) =>
  `${o.sourceRef}\u0000${o.accountId}\u0000${o.region}\u0000${o.resource}`;

/**
 * Drops deliveries older than what is stored: EventBridge is at-least-once and unordered, and a late
 * copy of an event's earlier version (still "open") must not undo its newer one ("closed").
 */
export async function withoutStale(
  store: Pick<Store, 'occurrences'>,
  occurrences: Occurrence[],
): Promise<Occurrence[]> {
  const refs = [
    ...new Set(occurrences.filter((o) => !Number.isNaN(lastUpdatedTime(o.evidence))).map((o) => o.sourceRef)),
  ];
  if (refs.length === 0) return occurrences;
  const stored = await storedUpdateTimes(store, refs, key);
  return occurrences.filter((o) => {
    const before = stored.get(key(o));
    const incoming = lastUpdatedTime(o.evidence);
    return before === undefined || Number.isNaN(before) || Number.isNaN(incoming) || incoming >= before;
  });
}

/** Records occurrences and counts what changed; the store's upsert makes re-deliveries no-ops. */
export async function recordOccurrences(
  store: Pick<Store, 'occurrences'>,
  all: Occurrence[],
  summary: IngestSummary,
  options: { scanRunId?: string } = {},
): Promise<void> {
  if (all.length === 0) return;
  const occurrences = await withoutStale(store, all);
  summary.occurrences += all.length;
  summary.unmapped += all.filter((o) => o.kind === null).length;
  summary.unchanged += all.length - occurrences.length;
  if (occurrences.length === 0) return;
  const results = await store.occurrences.record(occurrences, options);
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
    const fromEvent = eventBridgeOccurrences(event, catalog, { source: options.source, observedAt });
    const cut = fromEvent[0]?.evidence.resourcesCut;
    if (typeof cut === 'number') summary.resourcesCut = (summary.resourcesCut ?? 0) + cut;
    occurrences.push(...fromEvent);
  }
  await recordOccurrences(store, occurrences, summary);
  return summary;
}
