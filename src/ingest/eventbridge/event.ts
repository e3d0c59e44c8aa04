import { z } from 'zod';
import { OpsradarError } from '../../core/errors.js';
import { DAY_MS } from '../../core/time.js';
import type { JsonObject, Occurrence, OccurrenceSource } from '../../core/types.js';
import { type CatalogMatcher, healthOccurrences } from '../health/classify.js';
import { toIsoDate } from '../health/dates.js';
import { healthEventFromEventBridgeDetail } from '../health/event.js';

export class EventBridgeEventError extends OpsradarError {
  constructor(message: string) {
    super(message, 'EVENTBRIDGE_EVENT_INVALID', 2);
  }
}

/** The EventBridge envelope every AWS service event shares. */
export const eventBridgeEventSchema = z
  .object({
    version: z.string().optional(),
    id: z.string().min(1),
    'detail-type': z.string().min(1),
    source: z.string().min(1),
    account: z.string().optional(),
    time: z.string().optional(),
    region: z.string().optional(),
    resources: z.array(z.string()).optional(),
    detail: z.unknown(),
  })
  .loose();
export type EventBridgeEvent = z.infer<typeof eventBridgeEventSchema>;

/** Validates one EventBridge event (already JSON-parsed); says which field is wrong. */
export function parseEventBridgeEvent(input: unknown, where = 'EventBridge event'): EventBridgeEvent {
  const result = eventBridgeEventSchema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new EventBridgeEventError(`${where}: not an EventBridge event (${issues})`);
  }
  return result.data;
}

export function isHealthEvent(event: EventBridgeEvent): boolean {
  return event.source === 'aws.health';
}

function detailObject(detail: unknown): JsonObject {
  return typeof detail === 'object' && detail !== null && !Array.isArray(detail)
    ? (detail as JsonObject)
    : {};
}

/**
 * The date a non-Health AWS event points at: ACM's approaching-expiration event gives DaysToExpiry
 * counted from the event time; others carry an expiry / deadline field.
 */
export function eventBridgeEventDate(event: EventBridgeEvent): string | null {
  const detail = detailObject(event.detail);
  const days = detail.DaysToExpiry ?? detail.daysToExpiry;
  const time = toIsoDate(event.time);
  if (typeof days === 'number' && time) {
    return new Date(Date.parse(time) + days * DAY_MS).toISOString();
  }
  for (const [key, value] of Object.entries(detail)) {
    if (!/(expir|notafter|deadline|date|end)/iu.test(key)) continue;
    const iso = typeof value === 'string' || typeof value === 'number' ? toIsoDate(value) : null;
    if (iso) return iso;
  }
  return null;
}

/**
 * The most occurrences one event becomes. A real event is at most 256 KB, a few thousand resource ARNs;
 * past this, the rest are cut and the first occurrence says how many (`resourcesCut`).
 */
export const MAX_RESOURCES_PER_EVENT = 1000;
/** What every occurrence but the first keeps of a Health event's description. */
const DESCRIPTION_EXCERPT = 280;

/**
 * One event's bulky text (a non-Health `detail`, a Health `description`) is stored once, in its first
 * occurrence; the others name that occurrence's resource in `detailIn` (same source reference). The
 * fan-out is capped at MAX_RESOURCES_PER_EVENT.
 */
function storeDetailOnce(event: EventBridgeEvent, occurrences: Occurrence[]): Occurrence[] {
  const kept = occurrences.slice(0, MAX_RESOURCES_PER_EVENT);
  const [first, ...rest] = kept;
  if (!first) return kept;
  const cut = occurrences.length - kept.length;
  if (cut > 0) {
    first.evidence = { ...first.evidence, resourcesTotal: occurrences.length, resourcesCut: cut };
  }
  for (const occurrence of rest) {
    const { detail: _detail, description, ...evidence } = occurrence.evidence;
    if (typeof description === 'string') evidence.description = description.slice(0, DESCRIPTION_EXCERPT);
    evidence.detailIn = { eventBridgeId: event.id, resource: first.resource };
    occurrence.evidence = evidence;
  }
  return kept;
}

/**
 * Turns one EventBridge event into occurrences. AWS Health events become one occurrence per affected
 * resource keyed by the event ARN; other AWS events the catalog names (ACM expiry...) one per resource
 * keyed by source and detail type, so daily re-sends update the same row. Events no catalog entry
 * matches are kept unmapped (kind null) rather than dropped. See storeDetailOnce for the fan-out.
 */
export function eventBridgeOccurrences(
  event: EventBridgeEvent,
  catalog: CatalogMatcher,
  options: { source: OccurrenceSource; observedAt: string },
): Occurrence[] {
  return storeDetailOnce(event, allOccurrences(event, catalog, options));
}

function allOccurrences(
  event: EventBridgeEvent,
  catalog: CatalogMatcher,
  options: { source: OccurrenceSource; observedAt: string },
): Occurrence[] {
  if (isHealthEvent(event)) {
    const health = healthEventFromEventBridgeDetail(event.detail, {
      account: event.account,
      region: event.region,
      id: event.id,
      resources: event.resources,
    });
    return healthOccurrences(health, catalog, options);
  }
  const match = catalog.matchEventBridge({
    source: event.source,
    detailType: event['detail-type'],
    detail: event.detail,
  });
  const evidence: JsonObject = {
    eventBridgeId: event.id,
    source: event.source,
    detailType: event['detail-type'],
    time: event.time ?? null,
    detail: detailObject(event.detail),
  };
  if (match) evidence.matchedBy = match.matchedBy;
  const resources = event.resources && event.resources.length > 0 ? event.resources : [''];
  const eventDate = eventBridgeEventDate(event);
  return resources.map((resource) => ({
    kind: match?.kind.id ?? null,
    accountId: event.account ?? '',
    region: event.region ?? '',
    resource,
    eventDate,
    source: options.source,
    sourceRef: `eventbridge:${event.source}:${event['detail-type']}`,
    title: event['detail-type'],
    sourceStatus: null,
    evidence,
    verified: true,
    observedAt: options.observedAt,
  }));
}
