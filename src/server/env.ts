import type { Context } from 'hono';
import type { Lang } from '../core/types.js';
import type { Role } from './tokens.js';

/** What every request carries once the middleware ran: a leaf, so auth and context need not import each other. */

/** Who is calling. */
export interface Caller {
  role: Role;
  actor: string;
  /** Signed in (session) or sent a token; false for the anonymous views. */
  authenticated: boolean;
  /** Authenticated with an Authorization header: not a browser session, so CSRF does not apply. */
  viaHeader: boolean;
  /** Signed in through the dashboard (session cookie). */
  viaCookie: boolean;
  /** The read-only view loopback offers without signing in. */
  localReadOnly: boolean;
}

export type Env = { Variables: { caller: Caller; lang: Lang; timeZone: string } };
export type AppContext = Context<Env>;
