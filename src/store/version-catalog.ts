import type { Kysely } from 'kysely';
import type { VersionCatalogEntry } from '../core/version-catalog.js';
import { findRow } from './rows.js';
import type { Database } from './schema.js';

export interface CachedVersionCatalog {
  accountId: string;
  service: string;
  /** When AWS answered, UTC ISO-8601. */
  retrievedAt: string;
  entries: VersionCatalogEntry[];
}

/** AWS Health's version catalog as last retrieved, per account and Health service name. */
export interface VersionCatalogRepository {
  get(accountId: string, service: string): Promise<CachedVersionCatalog | undefined>;
  /** Replaces what was kept for (account, service). */
  put(entry: CachedVersionCatalog): Promise<void>;
  /** Everything kept, newest retrieval first per service (for `opsradar lifecycle show`). */
  list(): Promise<CachedVersionCatalog[]>;
}

function fromRow(row: Database['version_catalog']): CachedVersionCatalog {
  return {
    accountId: row.account_id,
    service: row.service,
    retrievedAt: row.retrieved_at,
    entries: JSON.parse(row.entries) as VersionCatalogEntry[],
  };
}

export function versionCatalogRepository(db: Kysely<Database>): VersionCatalogRepository {
  return {
    async get(accountId, service) {
      const row = await findRow(db, 'version_catalog', { account_id: accountId, service });
      return row && fromRow(row);
    },
    async put(entry) {
      const values = {
        account_id: entry.accountId,
        service: entry.service,
        retrieved_at: entry.retrievedAt,
        entries: JSON.stringify(entry.entries),
      };
      await db
        .insertInto('version_catalog')
        .values(values)
        .onConflict((oc) =>
          oc
            .columns(['account_id', 'service'])
            .doUpdateSet({ retrieved_at: values.retrieved_at, entries: values.entries }),
        )
        .execute();
    },
    async list() {
      const rows = await db
        .selectFrom('version_catalog')
        .selectAll()
        .orderBy('service')
        .orderBy('retrieved_at', 'desc')
        .orderBy('account_id')
        .execute();
      return rows.map(fromRow);
    },
  };
}
