import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { SessionsRepository } from '../store/index.js';
import { hashToken, type Role } from './tokens.js';

/** How long a browser stays signed in. */
export const SESSION_MAX_AGE_S = 30 * 86_400;

export interface SessionStore {
  /** Opens a session and returns its id, the only moment it exists outside the browser's cookie. */
  open(input: { tokenId: string | null; role: Role; actor: string; now: Date }): Promise<string>;
  find(id: string, now: Date): Promise<{ role: Role; actor: string } | undefined>;
  close(id: string, now: Date): Promise<void>;
}

/** Browser sessions: the cookie holds a random id, the store only its hash. */
export function sessionStore(repository: SessionsRepository): SessionStore {
  return {
    async open({ tokenId, role, actor, now }) {
      const id = randomBytes(32).toString('base64url');
      await repository.create({
        idHash: hashToken(id),
        tokenId,
        role,
        actor,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_S * 1000).toISOString(),
      });
      return id;
    },
    async find(id, now) {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(id)) return undefined;
      const found = await repository.find(hashToken(id), now);
      return found ? { role: found.role as Role, actor: found.actor } : undefined;
    },
    async close(id, now) {
      await repository.revoke(hashToken(id), now);
    },
  };
}

/**
 * The sign-in link `serve` and `demo` print, as Jupyter does: whoever can read the terminal can open
 * the dashboard as admin, once. Any other local process gets the read-only view at most.
 */
export interface OneTimeLogin {
  readonly code: string;
  /** True once for the right code; the code is then spent. */
  consume(candidate: string): boolean;
}

export function oneTimeLogin(code = randomBytes(24).toString('base64url')): OneTimeLogin {
  let spent = false;
  return {
    code,
    consume(candidate) {
      const given = Buffer.from(candidate);
      const expected = Buffer.from(code);
      if (spent || given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
      spent = true;
      return true;
    },
  };
}

/** The URL to print: `http://127.0.0.1:8080/login?code=…`. */
export function oneTimeLoginUrl(serverUrl: string, login: OneTimeLogin): string {
  return new URL(`/login?code=${encodeURIComponent(login.code)}`, serverUrl).toString();
}
