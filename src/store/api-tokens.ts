import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { StoreError } from './errors.js';
import type { ApiTokensTable, Database } from './schema.js';

export const TOKEN_ROLES = ['viewer', 'operator', 'admin'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];
/** `api`: the API and dashboard; `feed`: only the calendar feed, whose URL calendar providers store. */
export const TOKEN_KINDS = ['api', 'feed'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/** A stored API token: its hash only, never the token. */
export interface ApiToken {
  id: string;
  name: string;
  role: TokenRole;
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
    role: TokenRole;
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
    role: row.role as TokenRole,
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
      if (!TOKEN_ROLES.includes(input.role)) {
        throw new StoreError(`token role must be one of ${TOKEN_ROLES.join(', ')}`, 'TOKEN_ROLE_INVALID');
      }
      if (!input.name.trim()) throw new StoreError('a token needs a name', 'TOKEN_NAME_REQUIRED');
      if (!/^[0-9a-f]{64}$/.test(input.tokenHash)) {
        throw new StoreError('tokenHash must be a hex SHA-256', 'TOKEN_HASH_INVALID');
      }
      const kind = input.kind ?? 'api';
      if (!TOKEN_KINDS.includes(kind)) {
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
      const row = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return row ? tokenFromRow(row) : undefined;
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
    async revoke(id, now = new Date()) {
      const result = await db
        .updateTable('api_tokens')
        .set({ revoked_at: now.toISOString() })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async touch(id, now = new Date()) {
      await db
        .updateTable('api_tokens')
        .set({ last_used_at: now.toISOString() })
        .where('id', '=', id)
        .execute();
    },
  };
}
