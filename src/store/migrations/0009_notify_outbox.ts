import type { Dialect, MigrationDb } from './types.js';

/**
 * The notification outbox: every announcement, reminder, digest and escalation is written here
 * before it is sent, keyed by its idempotency key (item + reminder/digest + channel), so a crash
 * never loses a due message and a second pass never sends it again.
 */
export async function up(db: MigrationDb, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('notify_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('channel', 'text', (c) => c.notNull())
    // announce | reminder | digest | escalation | test
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('work_item_id', 'integer')
    .addColumn('payload', 'text', (c) => c.notNull())
    // pending | sending | sent | dead
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('not_before', 'text', (c) => c.notNull())
    // While sending: the claim expires here, after which another pass may take the message over.
    .addColumn('lease_until', 'text')
    .addColumn('last_error', 'text')
    // JSON array of parts already delivered (e-mail: one message per recipient language).
    .addColumn('parts_done', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema
    .createIndex('notify_outbox_due')
    .on('notify_outbox')
    .columns(['status', 'not_before'])
    .execute();
  await db.schema
    .createIndex('notify_outbox_channel')
    .on('notify_outbox')
    .columns(['channel', 'purpose', 'created_at'])
    .execute();
}
