import { sql } from 'kysely';
import { addIndex, optionalText, text, textKey } from './columns.js';
import type { Dialect, MigrationDb } from './types.js';

/**
 * Hardening (issue 15):
 * - `api_tokens.kind`: `api` tokens open the API and dashboard, `feed` tokens only the calendar feed
 *   (their URLs end up stored by calendar providers and proxies).
 * - `sessions`: a browser holds a random session id, never a token; signing out revokes it.
 * - `sns_deliveries`: SNS MessageIds already handled, so a redelivery within the replay window is
 *   acknowledged without being stored twice.
 */
export async function up(db: MigrationDb, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('api_tokens')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo(sql`'api'`))
    .execute();
  await db.schema
    .createTable('sessions')
    // SHA-256 of the id the cookie holds: a leaked database opens no session.
    .$call(textKey('id_hash'))
    // The token signed in with; null for the one-time login URL printed by `serve`.
    .$call(optionalText('token_id'))
    .$call(text('role', 'actor', 'created_at', 'expires_at'))
    .$call(optionalText('revoked_at'))
    .execute();
  await db.schema
    .createTable('sns_deliveries')
    .$call(textKey('message_id'))
    .$call(text('topic_arn', 'received_at'))
    .execute();
  await addIndex(db, 'sns_deliveries', 'sns_deliveries_received', ['received_at']);
}
