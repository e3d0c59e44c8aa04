import { addIndex, bytesType, integer, optionalText, text, textKey } from './columns.js';
import type { Dialect, MigrationDb } from './types.js';

/**
 * Mail that could not become occurrences, kept whole with the reason, so nothing is lost and
 * `opsradar mail quarantine retry` can classify it again after the catalog grows.
 * The IMAP position (UIDVALIDITY, last UID) lives in `cursors`.
 */
export async function up(db: MigrationDb, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('mail_quarantine')
    .$call(textKey('id'))
    // SHA-256 of the raw bytes: the same bad message read twice is one row.
    .addColumn('content_sha256', 'text', (c) => c.notNull().unique())
    .$call(optionalText('message_id', 'subject', 'from_address'))
    .$call(text('origin', 'reason_code', 'reason_detail'))
    .addColumn('raw', bytesType(dialect), (c) => c.notNull())
    .$call(integer('size'))
    .$call(text('status'))
    .$call(integer('attempts'))
    .$call(text('quarantined_at', 'last_attempt_at'))
    .$call(optionalText('released_at', 'released_kind'))
    .execute();
  await addIndex(db, 'mail_quarantine', 'mail_quarantine_status', ['status', 'quarantined_at']);
}
