import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { OpsradarError } from '../core/errors.js';
import type { Database } from '../store/schema.js';

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** True when `role` may do what `needed` allows (admin ⊃ operator ⊃ viewer). */
export function roleAllows(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export class TokenError extends OpsradarError {
  constructor(message: string, code = 'TOKEN_INVALID') {
    super(message, code);
  }
}

/** Tokens are 32 random bytes; only their SHA-256 is stored, so a leaked database leaks no token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

function toApiToken(row: Database['api_tokens']): ApiToken {
  return {
    id: row.id,
    name: row.name,
    role: isRole(row.role) ? row.role : 'viewer',
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export interface TokenStore {
  /** Creates a token and returns it in clear: the only moment it exists outside the caller. */
  create(input: { name: string; role: Role; now?: Date }): Promise<{ token: string; record: ApiToken }>;
  /** The active (not revoked) token with this secret, or undefined. */
  verify(token: string, now?: Date): Promise<ApiToken | undefined>;
  list(): Promise<ApiToken[]>;
  revoke(id: string, now?: Date): Promise<boolean>;
  /** Whether any active token exists (a server open to the network with none lets nobody in). */
  any(): Promise<boolean>;
}

export function tokenStore(db: Kysely<Database>): TokenStore {
  return {
    async create({ name, role, now = new Date() }) {
      if (!isRole(role)) throw new TokenError(`unknown role: ${role}`, 'TOKEN_BAD_ROLE');
      const trimmed = name.trim();
      if (!trimmed) throw new TokenError('a token needs a name (--name)', 'TOKEN_BAD_NAME');
      // The prefix tells a person (and secret scanners) what the string is.
      const token = `opsr_${randomBytes(32).toString('base64url')}`;
      const row = {
        id: randomUUID(),
        name: trimmed,
        role,
        token_hash: hashToken(token),
        created_at: now.toISOString(),
        last_used_at: null,
        revoked_at: null,
      };
      await db.insertInto('api_tokens').values(row).execute();
      return { token, record: toApiToken(row) };
    },
    async verify(token, now = new Date()) {
      if (!token) return undefined;
      const row = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('token_hash', '=', hashToken(token))
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (!row) return undefined;
      // Record use at most once a minute, so a busy dashboard does not write on every request.
      const last = row.last_used_at ? Date.parse(row.last_used_at) : 0;
      if (now.getTime() - last > 60_000) {
        await db
          .updateTable('api_tokens')
          .set({ last_used_at: now.toISOString() })
          .where('id', '=', row.id)
          .execute();
      }
      return toApiToken(row);
    },
    async list() {
      const rows = await db.selectFrom('api_tokens').selectAll().orderBy('created_at').execute();
      return rows.map(toApiToken);
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
    async any() {
      const row = await db
        .selectFrom('api_tokens')
        .select('id')
        .where('revoked_at', 'is', null)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
