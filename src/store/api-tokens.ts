import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { isRole, isTokenKind, ROLES, type Role, TOKEN_KINDS, type TokenKind } from '../core/access.js';
import { StoreError } from './errors.js';
import { findRow, revokeRow } from './rows.js';
import type { ApiTokensTable, Database } from './schema.js';

/** A stored API token: its hash only, never the token. */
export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  kind: TokenKind;
  tokenHash: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ApiTokensRepository {
  /** `tokenHash`: the caller hashes the token (hex SHA-256); the token itself is never stored. */
  create(input: {
    name: string;
    role: Role;
    kind?: TokenKind;
    tokenHash: string;
    now?: Date;
  }): Promise<ApiToken>;
  /** A live (not revoked) token by hash, or undefined. */
  findByHash(tokenHash: string): Promise<ApiToken | undefined>;
  list(): Promise<ApiToken[]>;
  /** True when a live token was revoked. */
  revoke(id: string, now?: Date): Promise<boolean>;
  touch(id: string, now?: Date): Promise<void>;
}

function tokenFromRow(row: Selectable<ApiTokensTable>): ApiToken {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    kind: row.kind === 'feed' ? 'feed' : 'api',
    tokenHash: row.token_hash,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export function apiTokensRepository(db: Kysely<Database>): ApiTokensRepository {
  return {
    async create(input) {
      if (!isRole(input.role)) {
        throw new StoreError(`token role must be one of ${ROLES.join(', ')}`, 'TOKEN_ROLE_INVALID');
      }
      if (!input.name.trim()) throw new StoreError('a token needs a name', 'TOKEN_NAME_REQUIRED');
      if (!/^[0-9a-f]{64}$/.test(input.tokenHash)) {
        throw new StoreError('tokenHash must be a hex SHA-256', 'TOKEN_HASH_INVALID');
      }
      const kind = input.kind ?? 'api';
      if (!isTokenKind(kind)) {
        throw new StoreError(`token kind must be one of ${TOKEN_KINDS.join(', ')}`, 'TOKEN_KIND_INVALID');
      }
      const row = {
        id: randomUUID(),
        name: input.name.trim(),
        role: input.role,
        kind,
        token_hash: input.tokenHash,
        created_at: (input.now ?? new Date()).toISOString(),
        last_used_at: null,
        revoked_at: null,
      };
      await db.insertInto('api_tokens').values(row).execute();
      return tokenFromRow(row);
    },
    async findByHash(tokenHash) {
      const row = await findRow(db, 'api_tokens', { token_hash: tokenHash, revoked_at: null });
      return row && tokenFromRow(row);
    },
    async list() {
      const rows = await db
        .selectFrom('api_tokens')
        .selectAll()
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(tokenFromRow);
    },
    revoke: (id, now = new Date()) => revokeRow(db, 'api_tokens', { id }, now),
    async touch(id, now = new Date()) {
      await db
        .updateTable('api_tokens')
        .set({ last_used_at: now.toISOString() })
        .where('id', '=', id)
        .execute();
    },
  };
}
