import { createHash, randomBytes } from 'node:crypto';
import { isRole, type Role, type TokenKind } from '../core/access.js';
import { OpsradarError } from '../core/errors.js';
import type { ApiTokensRepository, ApiToken as StoredToken } from '../store/index.js';

export { isRole, ROLES, type Role, roleAllows } from '../core/access.js';

export class TokenError extends OpsradarError {
  constructor(message: string, code = 'TOKEN_INVALID') {
    super(message, code);
  }
}

/** Tokens are 32 random bytes; only their SHA-256 is stored, so a leaked database leaks no token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A token as the server shows it: never its hash. */
export type ApiToken = Omit<StoredToken, 'tokenHash'>;

function toApiToken({ tokenHash: _hash, ...token }: StoredToken): ApiToken {
  return token;
}

export interface TokenStore {
  /** Creates a token and returns it in clear: the only moment it exists outside the caller. */
  create(input: {
    name: string;
    role: Role;
    kind?: TokenKind;
    now?: Date;
  }): Promise<{ token: string; record: ApiToken }>;
  /** The active (not revoked) token with this secret, or undefined. */
  verify(token: string, now?: Date): Promise<ApiToken | undefined>;
  list(): Promise<ApiToken[]>;
  revoke(id: string, now?: Date): Promise<boolean>;
  /** Whether any active token exists (a server open to the network with none lets nobody in). */
  any(): Promise<boolean>;
}

const TOUCH_EVERY_MS = 60_000;

/** Token secrets and roles on top of the store's api_tokens repository (which only ever sees hashes). */
export function tokenStore(repository: ApiTokensRepository): TokenStore {
  const touched = new Map<string, number>();
  // Recording use is bookkeeping: it never makes a request wait on a write lock, and never fails one.
  const touch = (found: StoredToken, now: Date) => {
    const last = Math.max(touched.get(found.id) ?? 0, found.lastUsedAt ? Date.parse(found.lastUsedAt) : 0);
    if (now.getTime() - last <= TOUCH_EVERY_MS) return;
    touched.set(found.id, now.getTime());
    setImmediate(() => {
      repository.touch(found.id, now).catch(() => undefined);
    });
  };
  return {
    async create({ name, role, kind = 'api', now = new Date() }) {
      if (!isRole(role)) throw new TokenError(`unknown role: ${role}`, 'TOKEN_BAD_ROLE');
      if (!name.trim()) throw new TokenError('a token needs a name (--name)', 'TOKEN_BAD_NAME');
      // The prefix tells a person (and secret scanners) what the string is and what it opens.
      const token = `${kind === 'feed' ? 'opsr_feed_' : 'opsr_'}${randomBytes(32).toString('base64url')}`;
      // A feed token reads the calendar and nothing else; its role is recorded as viewer.
      const record = await repository.create({
        name,
        role: kind === 'feed' ? 'viewer' : role,
        kind,
        tokenHash: hashToken(token),
        now,
      });
      return { token, record: toApiToken(record) };
    },
    async verify(token, now = new Date()) {
      if (!token) return undefined;
      const found = await repository.findByHash(hashToken(token));
      if (!found) return undefined;
      touch(found, now);
      return toApiToken(found);
    },
    async list() {
      return (await repository.list()).map(toApiToken);
    },
    revoke: (id, now) => repository.revoke(id, now),
    async any() {
      return (await repository.list()).some((token) => token.revokedAt === null);
    },
  };
}
