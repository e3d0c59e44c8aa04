import {
  addIndex,
  createdUpdated,
  integer,
  optionalInteger,
  optionalText,
  text,
  textKey,
} from './columns.js';
import type { Dialect, MigrationDb } from './types.js';

/**
 * The notification outbox: every announcement, reminder, digest and escalation is written here
 * before it is sent, keyed by its idempotency key (item + reminder/digest + channel), so a crash
 * never loses a due message and a second pass never sends it again.
 */
export async function up(db: MigrationDb, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('notify_outbox')
    .$call(textKey('id'))
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    // purpose: announce | reminder | digest | escalation | test
    .$call(text('channel', 'purpose'))
    .$call(optionalInteger('work_item_id'))
    // status: pending | sending | sent | dead
    .$call(text('payload', 'status'))
    .$call(integer('attempts'))
    .$call(text('not_before'))
    // lease_until: while sending, the claim expires here, after which another pass may take the message over.
    .$call(optionalText('lease_until', 'last_error'))
    // parts_done: JSON array of parts already delivered (e-mail: one message per recipient language).
    .$call(text('parts_done'))
    .$call(createdUpdated)
    .$call(optionalText('sent_at'))
    .execute();
  await addIndex(db, 'notify_outbox', 'notify_outbox_due', ['status', 'not_before']);
  await addIndex(db, 'notify_outbox', 'notify_outbox_channel', ['channel', 'purpose', 'created_at']);
}
