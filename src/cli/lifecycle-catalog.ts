/**
 * `opsradar lifecycle show`: the version-catalog rows (AWS Health DescribeServiceLifecycle) that
 * scans cached in the store (migration 0006), next to the dated tables.
 */
import { existsSync } from 'node:fs';
import { VERSION_CATALOG_SOURCE } from '../core/version-catalog.js';
import { openStore, resolveStoreTarget } from '../store/index.js';

export const VERSION_CATALOG_TABLE = 'version-catalog';

export interface CatalogRow {
  service: string;
  version: string;
  title: string | null;
  recommendedVersion: string | null;
  events: Array<{ type: string; date: string; regions: string[] }>;
  source: 'DescribeServiceLifecycle';
  sourceUrl: string;
  accountId: string;
  retrievedAt: string;
}

/** Every cached row, by service and version; nothing (and no new database file) when there is no store yet. */
export async function cachedCatalogRows(db: string | undefined): Promise<CatalogRow[]> {
  const target = resolveStoreTarget(db);
  if (target.dialect === 'sqlite' && target.location !== ':memory:' && !existsSync(target.location))
    return [];
  const store = await openStore(db);
  try {
    const cached = await store.versionCatalog.list();
    return cached
      .flatMap((c) =>
        c.entries.map(
          (e): CatalogRow => ({
            service: e.service || c.service,
            version: e.version,
            title: e.title ?? null,
            recommendedVersion: e.recommendedVersion ?? null,
            events: e.events.map((ev) => ({ type: ev.type, date: ev.date, regions: ev.regions })),
            source: 'DescribeServiceLifecycle',
            sourceUrl: VERSION_CATALOG_SOURCE,
            accountId: c.accountId,
            retrievedAt: c.retrievedAt,
          }),
        ),
      )
      .sort((a, b) =>
        `${a.service}/${a.version}/${a.accountId}`.localeCompare(`${b.service}/${b.version}/${b.accountId}`),
      );
  } finally {
    await store.close();
  }
}

/** One line per row for the table format: table, row, dates, source, read on. */
export function catalogLines(rows: readonly CatalogRow[]): string[][] {
  return rows.map((r) => [
    VERSION_CATALOG_TABLE,
    `${r.service}/${r.version}`,
    r.events.map((e) => `${e.type}=${e.date.slice(0, 10)}`).join(' '),
    `${r.source} (account ${r.accountId})`,
    r.retrievedAt,
  ]);
}
