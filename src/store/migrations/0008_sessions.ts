import { sql } from 'kysely';
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
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    // The token signed in with; null for the one-time login URL printed by `serve`.
    .addColumn('token_id', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createTable('sns_deliveries')
    .addColumn('message_id', 'text', (c) => c.primaryKey())
    .addColumn('topic_arn', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sns_deliveries_received').on('sns_deliveries').column('received_at').execute();
}
