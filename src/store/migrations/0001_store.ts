import type { Dialect, MigrationDb } from './types.js';

/** Occurrences, scan runs with their coverage, and source cursors. */
export async function up(db: MigrationDb, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('occurrences')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('event_date', 'text')
    .addColumn('event_end_date', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_ref', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('source_status', 'text')
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('verified', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('observed_at', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addColumn('last_scan_run_id', 'text')
    .execute();
  // The identity of a sighting: ingesting the same input twice must update this row, not add one.
  await db.schema
    .createIndex('occurrences_identity')
    .on('occurrences')
    .columns(['source_ref', 'account_id', 'region', 'resource'])
    .unique()
    .execute();
  await db.schema.createIndex('occurrences_kind').on('occurrences').columns(['kind', 'account_id']).execute();
  await db.schema.createIndex('occurrences_scan_run').on('occurrences').column('last_scan_run_id').execute();

  await db.schema
    .createTable('scan_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('parameters', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .execute();
  await db.schema
    .createIndex('scan_runs_kind_started')
    .on('scan_runs')
    .columns(['kind', 'started_at'])
    .execute();

  await db.schema
    .createTable('scan_coverage')
    .addColumn('scan_run_id', 'text', (c) => c.notNull().references('scan_runs.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('scanner', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('calls', 'integer')
    .addPrimaryKeyConstraint('scan_coverage_pk', ['scan_run_id', 'account_id', 'region', 'scanner'])
    .execute();

  await db.schema
    .createTable('cursors')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
