/**
 * End-of-support dates of managed engine versions (ElastiCache, MemoryDB, OpenSearch, MSK, Amazon
 * MQ, DocumentDB, Neptune) for the scanners of `engine-end-of-support`: AWS Health's version
 * catalog first, `data/lifecycle/engine-versions.yaml` second.
 */
import {
  eventDate,
  findVersion,
  VERSION_CATALOG_SOURCE,
  type VersionCatalogAnswer,
} from '../core/version-catalog.js';
import { type EngineVersionRow, engineVersionTable, loadLifecycleTable } from './lifecycle.js';
import { withinHorizon } from './support.js';
import type { Finding, ScanContext } from './types.js';

export const ENGINE_EOS_KIND = 'engine-end-of-support';

export interface EngineSupport {
  standardEnd: string;
  extendedEnd: string | null;
  recommendedVersion: string | null;
  dateSource: 'version-catalog' | 'lifecycle-table';
  /** The page or API the dates come from, and the day they were read (catalog: retrieval time). */
  source: string;
  readOn: string;
  note: string | null;
}

export interface EngineLookup {
  /** Spellings of the version as the catalog may name it (`redis 6.2`, `Redis OSS 6`...), most specific first. */
  spellings: string[];
  /** Table product (`amazon-elasticache-redis`) and the engine version as the service API reports it. */
  product: string;
  version: string;
  region: string;
}

const midnight = (day: string) => `${day}T00:00:00.000Z`;

/** The table row of `version`: exact, else the longest row version that is a dotted prefix of it. */
export function tableRow(rows: readonly EngineVersionRow[], product: string, version: string) {
  return rows
    .filter(
      (r) =>
        r.product === product &&
        r.endOfStandardSupport !== null &&
        (r.version === version || version.startsWith(`${r.version}.`)),
    )
    .sort((a, b) => b.version.length - a.version.length)[0];
}

/** The built-in table plus the user's rows (theirs first). */
export function engineTableRows(): readonly EngineVersionRow[] {
  return loadLifecycleTable('engine-versions', engineVersionTable).rows;
}

/** The support dates of one engine version, or null when neither the catalog nor the table knows it. */
export function engineSupport(
  catalog: VersionCatalogAnswer,
  lookup: EngineLookup,
  rows: readonly EngineVersionRow[] = engineTableRows(),
): EngineSupport | null {
  const entry = catalog.available ? findVersion(catalog.entries, ...lookup.spellings) : undefined;
  const standard = entry
    ? eventDate(entry, ['END_OF_STANDARD_SUPPORT', 'END_OF_SUPPORT'], lookup.region)
    : null;
  if (catalog.available && entry && standard !== null) {
    return {
      standardEnd: standard,
      extendedEnd: eventDate(entry, ['END_OF_EXTENDED_SUPPORT'], lookup.region),
      recommendedVersion: entry.recommendedVersion ?? null,
      dateSource: 'version-catalog',
      source: VERSION_CATALOG_SOURCE,
      readOn: catalog.retrievedAt,
      note: null,
    };
  }
  const row = tableRow(rows, lookup.product, lookup.version);
  if (!row?.endOfStandardSupport) return null;
  return {
    standardEnd: midnight(row.endOfStandardSupport),
    extendedEnd: row.endOfExtendedSupport ? midnight(row.endOfExtendedSupport) : null,
    recommendedVersion: null,
    dateSource: 'lifecycle-table',
    source: row.source,
    readOn: row.readOn,
    note: row.note ?? null,
  };
}

/** Evidence fields every engine-end-of-support finding carries. */
export function supportEvidence(support: EngineSupport, now: Date) {
  return {
    standardSupportEnd: support.standardEnd,
    extendedSupportEnd: support.extendedEnd,
    pastStandardSupport: Date.parse(support.standardEnd) <= now.getTime(),
    recommendedVersion: support.recommendedVersion,
    dateSource: support.dateSource,
    dateSourceUrl: support.source,
    datesReadOn: support.readOn.slice(0, 10),
    note: support.note,
  };
}

/**
 * The engine-end-of-support finding of one resource, dated by its end of standard support, or null
 * when no date is known or it lies beyond the horizon. `title` gets whether the date has passed.
 */
export function engineEosFinding(
  ctx: Pick<ScanContext, 'now' | 'horizonDays'>,
  support: EngineSupport | null,
  finding: {
    resource: string;
    title: (ended: boolean, day: string) => string;
    evidence: Finding['evidence'];
  },
): Finding | null {
  if (!support || !withinHorizon(ctx, ENGINE_EOS_KIND, support.standardEnd)) return null;
  const ended = Date.parse(support.standardEnd) <= ctx.now.getTime();
  return {
    kind: ENGINE_EOS_KIND,
    resource: finding.resource,
    eventDate: support.standardEnd,
    eventEndDate: support.extendedEnd,
    title: finding.title(ended, support.standardEnd.slice(0, 10)),
    evidence: { ...finding.evidence, ...supportEvidence(support, ctx.now) },
  };
}

/** One resource on a managed engine version: where to look its version up, and what to report. */
export interface EngineResource {
  /** Spellings, table product and version as in `EngineLookup`; the region is the scan's. */
  lookup: Omit<EngineLookup, 'region'>;
  resource: string;
  /** The finding's title, told whether the date has passed and the day (YYYY-MM-DD). */
  title: (ended: boolean, day: string) => string;
  evidence: Finding['evidence'];
}

/**
 * The engine-end-of-support findings of one service's resources: reads AWS Health's version catalog
 * for `service` once, looks each resource's version up (catalog, else table) and yields those whose
 * end of standard support is within the horizon. `describe` returns null for a resource without a
 * version to look up.
 *
 * @example
 * yield* engineEosFindings(ctx, 'MEMORYDB', clusters, (c) => c.EngineVersion ? { lookup, resource, title, evidence } : null);
 */
export async function* engineEosFindings<T>(
  ctx: ScanContext,
  service: string,
  items: Iterable<T>,
  describe: (item: T) => EngineResource | null,
): AsyncGenerator<Finding, void, undefined> {
  const catalog = await ctx.versionCatalog(service);
  for (const item of items) {
    const target = describe(item);
    if (!target) continue;
    const support = engineSupport(catalog, { ...target.lookup, region: ctx.region });
    const finding = engineEosFinding(ctx, support, target);
    if (finding) yield finding;
  }
}
