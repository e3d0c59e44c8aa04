/**
 * AWS Health's version catalog (DescribeServiceLifecycle), as the scan engine hands it to scanners.
 * Pure types and lookups: no I/O. Dates are UTC ISO-8601.
 */

export interface VersionCatalogEvent {
  /** END_OF_SUPPORT, BLOCK_RESOURCE_CREATE, BLOCK_RESOURCE_UPDATE, END_OF_EXTENDED_SUPPORT... */
  type: string;
  date: string;
  impactRisks: string[];
  /** Regions the event applies to; `all` for every Region. */
  regions: string[];
  description?: string;
}

export interface VersionCatalogEntry {
  service: string;
  version: string;
  title?: string;
  recommendedVersion?: string;
  events: VersionCatalogEvent[];
}

/** What a scanner gets when it asks for one service's versions. */
export type VersionCatalogAnswer =
  | {
      available: true;
      /** When the entries were retrieved from AWS (a cached answer keeps its original time). */
      retrievedAt: string;
      entries: readonly VersionCatalogEntry[];
    }
  | {
      available: false;
      /** Why not, e.g. `SubscriptionRequiredException` (no Business-class support plan). */
      reason: string;
    };

/** Where the catalog's facts are documented, for evidence and `lifecycle show`. */
export const VERSION_CATALOG_SOURCE =
  'https://docs.aws.amazon.com/health/latest/APIReference/API_DescribeServiceLifecycle.html';

/** Version names compared loosely: case, spaces, underscores and dashes do not matter (`MySQL 8.0` = `mysql-8.0`). */
export function normalizeVersion(version: string): string {
  return version
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-');
}

/** The catalog entry of `version` (any of the given spellings), or undefined. */
export function findVersion(
  entries: readonly VersionCatalogEntry[],
  ...spellings: string[]
): VersionCatalogEntry | undefined {
  const wanted = new Set(spellings.map(normalizeVersion));
  return entries.find((e) => wanted.has(normalizeVersion(e.version)));
}

/** The date of the first event of one of `types` that applies in `region`, or null. */
export function eventDate(
  entry: VersionCatalogEntry,
  types: readonly string[],
  region: string,
): string | null {
  for (const type of types) {
    const event = entry.events.find(
      (e) =>
        e.type === type &&
        (e.regions.length === 0 || e.regions.includes('all') || e.regions.includes(region)),
    );
    if (event) return event.date;
  }
  return null;
}
