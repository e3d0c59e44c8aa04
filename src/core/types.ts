/** The four kinds of work from the source document (定期作業 / 申請作業 / 緊急作業 / 属人作業). */
export const CATEGORIES = ['scheduled', 'request', 'emergency', 'expert'] as const;
export type Category = (typeof CATEGORIES)[number];

export const LANGS = ['ja', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** Text a person reads, in both languages. */
export interface Localized {
  ja: string;
  en: string;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Where an occurrence was seen. Nothing downstream branches on this except for display. */
export const OCCURRENCE_SOURCES = ['scanner', 'health', 'eventbridge', 'sns', 'email', 'manual'] as const;
export type OccurrenceSource = (typeof OCCURRENCE_SOURCES)[number];

/**
 * One sighting of an event kind for one resource.
 * Every source (scanner, Health, EventBridge, SNS, email) produces these; the store keys them by
 * (source, sourceRef, resource) so that the same input ingested twice is one row.
 */
export interface Occurrence {
  /** Catalog id, or null when the input belongs to no catalog entry (kept as "unmapped"). */
  kind: string | null;
  /** 12-digit AWS account id; '' when the source did not say. */
  accountId: string;
  /** AWS region, 'global' for global services, '' when unknown. */
  region: string;
  /** ARN when one exists, else the resource id (instance id, domain name, connection id...). */
  resource: string;
  /** The date that matters (expiry, retirement, maintenance start, end of support), UTC ISO-8601, or null. */
  eventDate: string | null;
  /** Optional end of a window (maintenance end, not-after), UTC ISO-8601. */
  eventEndDate?: string | null;
  source: OccurrenceSource;
  /** Reference to the original: Health event ARN, Message-ID, `scanner:<scanner id>:<kind>` (see source-ref.ts), EventBridge event id... */
  sourceRef: string;
  /** Short human title of what was seen (as the source said it), not localized. */
  title?: string;
  /** The source's own status when it has one (Health: open / upcoming / closed). */
  sourceStatus?: string | null;
  /** Facts the source reported, JSON-serializable. Never secrets. */
  evidence: JsonObject;
  /** False when the source could not be authenticated (e.g. an email failing DKIM). */
  verified?: boolean;
  /** When the source observed it, UTC ISO-8601. */
  observedAt: string;
}

/** An occurrence as stored: the sighting plus when it was first and last seen. */
export interface StoredOccurrence extends Occurrence {
  id: string;
  firstSeenAt: string;
  lastSeenAt: string;
  /** When the content last changed (created, new date, new status, new evidence). */
  changedAt: string;
  lastScanRunId: string | null;
}
