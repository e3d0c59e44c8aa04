import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppContext, Env } from './context.js';
import { isLoopback } from './listen.js';
import { HttpProblem } from './problem.js';
import { type Role, roleAllows, type TokenStore } from './tokens.js';

export const SESSION_COOKIE = 'opsradar_session';
export const CSRF_COOKIE = 'opsradar_csrf';

/** Who is calling. In local mode (loopback, no tokens) the caller acts as admin under the OS user name. */
export interface Caller {
  role: Role;
  actor: string;
  /** Authenticated with an Authorization header: not a browser session, so CSRF does not apply. */
  viaHeader: boolean;
  /** Signed in through the dashboard's login form (cookie). */
  viaCookie: boolean;
}

export interface AuthOptions {
  requireAuth: boolean;
  tokens: TokenStore;
  localActor: string;
  now: () => Date;
}

/** The host name of a Host header, without port or IPv6 brackets. */
function hostName(hostHeader: string | undefined): string {
  if (!hostHeader) return '';
  if (hostHeader.startsWith('[')) return hostHeader.slice(1, hostHeader.indexOf(']'));
  return (hostHeader.split(':')[0] ?? '').toLowerCase();
}

/** Paths open without a token: the login page and the static assets it needs. */
function isPublic(path: string): boolean {
  return path === '/login' || path.startsWith('/assets/') || path === '/healthz';
}

export function authMiddleware(options: AuthOptions): MiddlewareHandler<Env> {
  return async (c, next) => {
    if (!options.requireAuth) {
      // Without tokens, only loopback host names are served: a DNS-rebinding page cannot reach us.
      const host = hostName(c.req.header('host'));
      if (host && !isLoopback(host)) {
        throw new HttpProblem(
          421,
          `host ${host} is not served; this server listens on loopback only`,
          'HOST_REFUSED',
        );
      }
      c.set('caller', { role: 'admin', actor: options.localActor, viaHeader: false, viaCookie: false });
      return next();
    }
    const path = new URL(c.req.url).pathname;
    const header = c.req.header('authorization');
    let token: string | undefined;
    let viaHeader = false;
    let viaCookie = false;
    if (header?.toLowerCase().startsWith('bearer ')) {
      token = header.slice(7).trim();
      viaHeader = true;
    } else if (path === '/calendar.ics' && c.req.query('token')) {
      // Calendar clients cannot send headers; the token in the subscription URL is the only way.
      token = c.req.query('token');
    } else {
      token = getCookie(c, SESSION_COOKIE);
      viaCookie = token !== undefined;
    }
    const record = token ? await options.tokens.verify(token, options.now()) : undefined;
    if (record) {
      c.set('caller', { role: record.role, actor: record.name, viaHeader, viaCookie });
      return next();
    }
    if (isPublic(path)) {
      c.set('caller', { role: 'viewer', actor: 'anonymous', viaHeader: false, viaCookie: false });
      return next();
    }
    if (path.startsWith('/api/') || path === '/calendar.ics' || viaHeader) {
      throw new HttpProblem(
        401,
        'an access token is required (Authorization: Bearer <token>)',
        'UNAUTHORIZED',
      );
    }
    return c.redirect(`/login?next=${encodeURIComponent(path + new URL(c.req.url).search)}`, 303);
  };
}

export function requireRole(c: AppContext, needed: Role): Caller {
  const caller = c.get('caller');
  if (!roleAllows(caller.role, needed)) {
    throw new HttpProblem(403, `this needs the ${needed} role; your token has ${caller.role}`, 'FORBIDDEN');
  }
  return caller;
}

/** The CSRF token of this browser (double-submit cookie), created on first sight. */
export function csrfToken(c: Context): string {
  const existing = getCookie(c, CSRF_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{20,}$/.test(existing)) return existing;
  const token = randomBytes(24).toString('base64url');
  setCookie(c, CSRF_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'Strict' });
  return token;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Refuses requests another site made the browser send: Fetch metadata and Origin first. */
export function assertSameOrigin(c: Context): void {
  const site = c.req.header('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') {
    throw new HttpProblem(403, 'cross-site request refused', 'CROSS_SITE');
  }
  const origin = c.req.header('origin');
  if (origin && origin !== 'null') {
    const host = c.req.header('host');
    let originHost = '';
    try {
      originHost = new URL(origin).host;
    } catch {
      // An unparsable Origin is treated like a foreign one.
    }
    if (!host || originHost !== host) throw new HttpProblem(403, 'cross-site request refused', 'CROSS_SITE');
  } else if (origin === 'null') {
    throw new HttpProblem(403, 'cross-site request refused', 'CROSS_SITE');
  }
}

/** Dashboard forms: the hidden field must equal the cookie, and the request must be same-origin. */
export function assertCsrf(c: Context, submitted: string | undefined): void {
  assertSameOrigin(c);
  const cookie = getCookie(c, CSRF_COOKIE);
  if (!cookie || !submitted || !sameText(cookie, submitted)) {
    throw new HttpProblem(403, 'the form expired or came from another site; reload and try again', 'CSRF');
  }
}

/**
 * API writes from a browser session (local mode or signed-in cookie) must be JSON: a cross-site
 * page cannot send application/json without a CORS preflight, which this server never grants.
 */
export function assertApiWriteAllowed(c: AppContext): void {
  if (c.get('caller').viaHeader) return;
  assertSameOrigin(c);
  const type = c.req.header('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/json')) {
    throw new HttpProblem(415, 'API writes take application/json', 'UNSUPPORTED_MEDIA_TYPE');
  }
}
