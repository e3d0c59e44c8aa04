import type { Category, JsonObject, Occurrence, OccurrenceSource } from '../../core/types.js';
import { dateInDescription, dateInMetadata } from './dates.js';
import { type HealthEntity, type HealthEvent, NO_RESOURCE_ENTITY_VALUES } from './event.js';

/** What ingestion needs of the catalog (`defaultCatalog()` satisfies it). */
export interface CatalogMatcher {
  matchHealth(input: { eventTypeCode: string; service?: string; category?: string }): MatchResult | null;
  matchEventBridge(input: { source: string; detailType: string; detail?: unknown }): MatchResult | null;
  /** The catalog's content rules over free text (a Health description). */
  matchText(input: { text: string; service?: string; label: string }): MatchResult | null;
}
export interface MatchResult {
  kind: { id: string; category: Category };
  confidence: number;
  matchedBy: string;
  score?: number;
  phrases?: string[];
}

/** Codes AWS uses for many different notices: only the description says what the work is. */
const GENERIC_CODE = /_(?:OPERATIONAL_NOTIFICATION|SECURITY_NOTIFICATION|PLANNED_LIFECYCLE_EVENT)$/;

/**
 * The catalog entry of an event: its code when the catalog knows it (a specific code always wins),
 * else, for a generic code, what its description says, read with the same content rules as mail.
 */
export function matchHealthEvent(event: HealthEvent, catalog: CatalogMatcher): MatchResult | null {
  const byCode = catalog.matchHealth({
    eventTypeCode: event.eventTypeCode,
    service: event.service,
    category: event.eventTypeCategory,
  });
  if (byCode || !GENERIC_CODE.test(event.eventTypeCode) || !event.description) return byCode;
  const byText = catalog.matchText({
    text: event.description,
    service: event.service,
    label: `health.description of ${event.eventTypeCode}`,
  });
  return byText;
}

/** How one Health event reads after classification: the JSON `opsradar classify health` prints. */
export interface HealthClassification {
  kind: string | null;
  category: Category | null;
  matchedBy: string | null;
  /** For a generic code decided by its description: the score and the phrases found. */
  score: number | null;
  phrases: string[];
  eventArn: string;
  eventTypeCode: string;
  service: string;
  eventTypeCategory: string;
  accountId: string;
  region: string;
  resources: string[];
  eventDate: string | null;
  eventEndDate: string | null;
  status: string | null;
  dateSource: DateSource;
}

export type DateSource = 'metadata' | 'startTime' | 'description' | 'none';

/**
 * The date that matters: a deadline AWS puts in the metadata wins; a scheduled change happens at its
 * start; otherwise the date the description announces (retirement, end of support), else the start.
 */
export function healthEventDate(event: HealthEvent): { date: string | null; source: DateSource } {
  const fromMetadata = dateInMetadata(event.metadata);
  if (fromMetadata) return { date: fromMetadata, source: 'metadata' };
  if (event.eventTypeCategory === 'scheduledChange' && event.startTime) {
    return { date: event.startTime, source: 'startTime' };
  }
  const fromDescription = dateInDescription(event.description);
  if (fromDescription) return { date: fromDescription, source: 'description' };
  if (event.startTime) return { date: event.startTime, source: 'startTime' };
  return { date: null, source: 'none' };
}

/** Entities that name a resource; AWS's placeholders ('UNKNOWN', 'AWS_ACCOUNT') name none. */
export function resourceEntities(event: HealthEvent): HealthEntity[] {
  return event.entities.filter((e) => !NO_RESOURCE_ENTITY_VALUES.has(e.value));
}

export function classifyHealthEvent(event: HealthEvent, catalog: CatalogMatcher): HealthClassification {
  const match = matchHealthEvent(event, catalog);
  const { date, source } = healthEventDate(event);
  const accounts = new Set(event.entities.map((e) => e.accountId).filter((a): a is string => !!a));
  return {
    kind: match?.kind.id ?? null,
    category: match?.kind.category ?? null,
    matchedBy: match?.matchedBy ?? null,
    score: match?.score ?? null,
    phrases: match?.phrases ?? [],
    eventArn: event.arn,
    eventTypeCode: event.eventTypeCode,
    service: event.service,
    eventTypeCategory: event.eventTypeCategory,
    accountId: event.accountId || (accounts.size === 1 ? ([...accounts][0] ?? '') : ''),
    region: event.region,
    resources: resourceEntities(event).map((e) => e.value),
    eventDate: date,
    eventEndDate: event.endTime,
    status: event.statusCode,
    dateSource: source,
  };
}

function firstSentence(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const line = text.replace(/\s+/gu, ' ').trim();
  const end = line.search(/[.。](\s|$)/u);
  const sentence = end > 0 ? line.slice(0, end + 1) : line;
  return sentence.length > 200 ? `${sentence.slice(0, 197)}...` : sentence;
}

/** Descriptions can be long; evidence keeps enough to act on without bloating every row. */
const MAX_DESCRIPTION = 8000;

/**
 * One occurrence per affected resource (or one per affected account when AWS names no resource).
 * `sourceRef` is the event ARN on every route, so the API, EventBridge and SNS deliveries of one event
 * update the same rows.
 */
export function healthOccurrences(
  event: HealthEvent,
  catalog: CatalogMatcher,
  options: { source: OccurrenceSource; observedAt: string },
): Occurrence[] {
  const classification = classifyHealthEvent(event, catalog);
  const base: JsonObject = {
    eventArn: event.arn,
    service: event.service,
    eventTypeCode: event.eventTypeCode,
    eventTypeCategory: event.eventTypeCategory,
    statusCode: event.statusCode,
    dateSource: classification.dateSource,
    startTime: event.startTime,
    endTime: event.endTime,
    lastUpdatedTime: event.lastUpdatedTime,
  };
  if (event.eventScopeCode) base.eventScopeCode = event.eventScopeCode;
  if (event.availabilityZone) base.availabilityZone = event.availabilityZone;
  if (event.communicationId) base.communicationId = event.communicationId;
  if (event.actionability) base.actionability = event.actionability;
  if (event.personas) base.personas = event.personas;
  if (Object.keys(event.metadata).length > 0) base.eventMetadata = event.metadata;
  if (event.description) base.description = event.description.slice(0, MAX_DESCRIPTION);
  if (classification.matchedBy) base.matchedBy = classification.matchedBy;
  // People read the description; the event type code stays in the evidence.
  const title = firstSentence(event.description) || event.eventTypeCode;

  const make = (accountId: string, entity: HealthEntity | null): Occurrence => {
    const evidence: JsonObject = { ...base };
    if (entity) {
      evidence.entityValue = entity.value;
      if (entity.status) evidence.entityStatus = entity.status;
      if (entity.url) evidence.entityUrl = entity.url;
      if (entity.tags) evidence.tags = entity.tags;
      if (entity.lastUpdatedTime) evidence.entityLastUpdatedTime = entity.lastUpdatedTime;
    }
    return {
      kind: classification.kind,
      accountId,
      region: event.region,
      // Account-wide events (abuse reports, notices) concern the account itself; public events with no
      // account concern no resource, and the event ARN stands in for it.
      resource:
        entity && !NO_RESOURCE_ENTITY_VALUES.has(entity.value) ? entity.value : accountId || event.arn,
      eventDate: classification.eventDate,
      eventEndDate: event.endTime,
      source: options.source,
      sourceRef: event.arn,
      title,
      sourceStatus: event.statusCode,
      evidence,
      verified: true,
      observedAt: options.observedAt,
    };
  };

  const named = resourceEntities(event);
  if (named.length > 0) return named.map((e) => make(e.accountId || event.accountId, e));
  // No resource: one occurrence per affected account (the placeholder entity, if any, keeps its status).
  const accounts = new Set(event.entities.map((e) => e.accountId || event.accountId));
  if (accounts.size === 0) accounts.add(event.accountId);
  return [...accounts].map((account) =>
    make(account, event.entities.find((e) => (e.accountId || event.accountId) === account) ?? null),
  );
}
