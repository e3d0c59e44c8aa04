import { addIndex, belongsTo, optionalInteger, optionalText, text, textKey } from './columns.js';
import type { Dialect, MigrationDb } from './types.js';

/** Occurrences, scan runs with their coverage, and source cursors. */
export async function up(db: MigrationDb, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('occurrences')
    .$call(textKey('id'))
    .$call(optionalText('kind'))
    .$call(text('account_id', 'region', 'resource'))
    .$call(optionalText('event_date', 'event_end_date'))
    .$call(text('source', 'source_ref'))
    .$call(optionalText('title', 'source_status'))
    .$call(text('evidence'))
    .addColumn('verified', 'integer', (c) => c.notNull().defaultTo(1))
    .$call(text('observed_at', 'first_seen_at', 'last_seen_at', 'changed_at'))
    .$call(optionalText('last_scan_run_id'))
    .execute();
  // The identity of a sighting: ingesting the same input twice must update this row, not add one.
  await addIndex(
    db,
    'occurrences',
    'occurrences_identity',
    ['source_ref', 'account_id', 'region', 'resource'],
    {
      unique: true,
    },
  );
  await addIndex(db, 'occurrences', 'occurrences_kind', ['kind', 'account_id']);
  await addIndex(db, 'occurrences', 'occurrences_scan_run', ['last_scan_run_id']);

  await db.schema
    .createTable('scan_runs')
    .$call(textKey('id'))
    .$call(text('kind', 'status', 'started_at'))
    .$call(optionalText('finished_at'))
    .$call(text('parameters'))
    .$call(optionalText('summary'))
    .execute();
  await addIndex(db, 'scan_runs', 'scan_runs_kind_started', ['kind', 'started_at']);

  await db.schema
    .createTable('scan_coverage')
    .$call(belongsTo('scan_run_id', 'text', 'scan_runs.id'))
    .$call(text('account_id', 'region', 'scanner', 'status'))
    .$call(optionalText('reason'))
    .$call(optionalInteger('calls'))
    .addPrimaryKeyConstraint('scan_coverage_pk', ['scan_run_id', 'account_id', 'region', 'scanner'])
    .execute();

  await db.schema.createTable('cursors').$call(textKey('name')).$call(text('value', 'updated_at')).execute();
}
