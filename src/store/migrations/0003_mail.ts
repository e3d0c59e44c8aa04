import type { Dialect, MigrationDb } from './types.js';

/**
 * Mail that could not become occurrences, kept whole with the reason, so nothing is lost and
 * `opsradar mail quarantine retry` can classify it again after the catalog grows.
 * The IMAP position (UIDVALIDITY, last UID) lives in `cursors`.
 */
export async function up(db: MigrationDb, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('mail_quarantine')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // SHA-256 of the raw bytes: the same bad message read twice is one row.
    .addColumn('content_sha256', 'text', (c) => c.notNull().unique())
    .addColumn('message_id', 'text')
    .addColumn('subject', 'text')
    .addColumn('from_address', 'text')
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('reason_code', 'text', (c) => c.notNull())
    .addColumn('reason_detail', 'text', (c) => c.notNull())
    .addColumn('raw', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('quarantined_at', 'text', (c) => c.notNull())
    .addColumn('last_attempt_at', 'text', (c) => c.notNull())
    .addColumn('released_at', 'text')
    .addColumn('released_kind', 'text')
    .execute();
  await db.schema
    .createIndex('mail_quarantine_status')
    .on('mail_quarantine')
    .columns(['status', 'quarantined_at'])
    .execute();
}
