import { text } from './columns.js';
import type { MigrationDb } from './types.js';

/**
 * AWS Health's version catalog (DescribeServiceLifecycle) as last read, per account and Health
 * service name, with the time it was retrieved, so scans reuse it within its freshness window and
 * `opsradar lifecycle show` can print it with its date. Coverage gains `notes`: what a scanner
 * could not add (an enrichment refused, dates taken from tables instead of the catalog) while
 * its required calls still succeeded.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('version_catalog')
    // entries: JSON array of ServiceLifecycle entries, dates as UTC ISO-8601.
    .$call(text('account_id', 'service', 'retrieved_at', 'entries'))
    .addPrimaryKeyConstraint('version_catalog_pk', ['account_id', 'service'])
    .execute();
  // JSON array of strings; null when the scanner had nothing to note.
  await db.schema.alterTable('scan_coverage').addColumn('notes', 'text').execute();
}
