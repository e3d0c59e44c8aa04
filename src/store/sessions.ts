import type { Kysely } from 'kysely';
import { revokeRow } from './rows.js';
import type { Database } from './schema.js';

/** A browser session as stored: the hash of its id, never the id. */
export interface Session {
  idHash: string;
  /** The API token it was opened with; null for the one-time login URL. */
  tokenId: string | null;
  role: string;
  actor: string;
  createdAt: string;
  expiresAt: string;
}

export interface SessionsRepository {
  create(session: Session): Promise<void>;
  /** A live session: not revoked, not expired, and its token (if any) not revoked. */
  find(idHash: string, now: Date): Promise<Session | undefined>;
  /** True when a live session was revoked. */
  revoke(idHash: string, now: Date): Promise<boolean>;
}

export function sessionsRepository(db: Kysely<Database>): SessionsRepository {
  return {
    async create(session) {
      await db
        .insertInto('sessions')
        .values({
          id_hash: session.idHash,
          token_id: session.tokenId,
          role: session.role,
          actor: session.actor,
          created_at: session.createdAt,
          expires_at: session.expiresAt,
          revoked_at: null,
        })
        .execute();
    },
    async find(idHash, now) {
      const row = await db
        .selectFrom('sessions')
        .leftJoin('api_tokens', 'api_tokens.id', 'sessions.token_id')
        .selectAll('sessions')
        .select('api_tokens.revoked_at as token_revoked_at')
        .where('sessions.id_hash', '=', idHash)
        .where('sessions.revoked_at', 'is', null)
        .where('sessions.expires_at', '>', now.toISOString())
        .executeTakeFirst();
      if (!row || (row.token_id !== null && row.token_revoked_at !== null)) return undefined;
      return {
        idHash: row.id_hash,
        tokenId: row.token_id,
        role: row.role,
        actor: row.actor,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
      };
    },
    revoke: (idHash, now) => revokeRow(db, 'sessions', { id_hash: idHash }, now),
  };
}
