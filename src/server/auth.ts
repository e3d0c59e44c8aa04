import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { TokenKind } from '../store/index.js';
import type { AppContext, Caller, Env } from './env.js';
import { isLoopback } from './listen.js';
import { HttpProblem } from './problem.js';
import { SESSION_MAX_AGE_S, type SessionStore } from './sessions.js';
import { type Role, roleAllows, type TokenStore } from './tokens.js';

export const SESSION_COOKIE = 'opsradar_session';
export const CSRF_COOKIE = 'opsradar_csrf';

/** Who is calling. */
export type { Caller } from './env.js';

export interface AuthOptions {
  requireAuth: boolean;
  tokens: TokenStore;
  sessions: SessionStore;
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

const CALENDAR = '/calendar.ics';

/** A feed token opens the calendar and nothing else; no other token opens the calendar by URL. */
function assertTokenOpens(kind: TokenKind, path: string): void {
  if (kind === 'feed' && path !== CALENDAR) {
    throw new HttpProblem(403, 'a calendar feed token opens only /calendar.ics', 'FEED_TOKEN_ONLY');
  }
  if (kind !== 'feed' && path === CALENDAR) {
    throw new HttpProblem(
      403,
      'the calendar feed takes a feed token (opsradar token create --feed), not an API token',
      'FEED_TOKEN_REQUIRED',
    );
  }
}

function anonymous(localReadOnly: boolean): Caller {
  return {
    role: 'viewer',
    actor: 'anonymous',
    authenticated: false,
    viaHeader: false,
    viaCookie: false,
    localReadOnly,
  };
}

async function tokenCaller(options: AuthOptions, token: string, path: string, viaHeader: boolean) {
  const record = await options.tokens.verify(token, options.now());
  if (!record) throw new HttpProblem(401, 'the access token is not valid', 'UNAUTHORIZED');
  assertTokenOpens(record.kind, path);
  return {
    role: record.role,
    actor: record.name,
    authenticated: true,
    viaHeader,
    viaCookie: false,
    localReadOnly: false,
  };
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
    }
    const path = new URL(c.req.url).pathname;
    const header = c.req.header('authorization');
    const bearer = header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : undefined;
    // Calendar clients cannot send headers; the token in the subscription URL is the only way.
    const token = bearer ?? (path === CALENDAR ? c.req.query('token') : undefined);
    if (token !== undefined) {
      c.set('caller', await tokenCaller(options, token, path, bearer !== undefined));
      return next();
    }
    const sessionId = getCookie(c, SESSION_COOKIE);
    const session = sessionId ? await options.sessions.find(sessionId, options.now()) : undefined;
    if (session) {
      c.set('caller', {
        ...session,
        authenticated: true,
        viaHeader: false,
        viaCookie: true,
        localReadOnly: false,
      });
      return next();
    }
    if (isPublic(path) || !options.requireAuth) {
      c.set('caller', anonymous(!options.requireAuth));
      return next();
    }
    if (path.startsWith('/api/') || path === CALENDAR) {
      throw new HttpProblem(
        401,
        'an access token is required (Authorization: Bearer <token>)',
        'UNAUTHORIZED',
      );
    }
    return c.redirect(`/login?next=${encodeURIComponent(path + new URL(c.req.url).search)}`, 303);
  };
}

/** Every change needs a signed-in or token caller with the role, on loopback too. */
export function requireRole(c: AppContext, needed: Role): Caller {
  const caller = c.get('caller');
  if (!caller.authenticated) {
    throw new HttpProblem(
      401,
      'sign in first (the login link opsradar serve prints, or an access token)',
      'UNAUTHORIZED',
    );
  }
  if (!roleAllows(caller.role, needed)) {
    throw new HttpProblem(403, `this needs the ${needed} role; your token has ${caller.role}`, 'FORBIDDEN');
  }
  return caller;
}

/**
 * Whether the browser reached us over https: directly, or through a reverse proxy the operator
 * declared trusted (`--trust-proxy`), which reports it in X-Forwarded-Proto.
 */
export function isHttps(c: Context, trustProxy: boolean): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  if (!trustProxy) return false;
  const forwarded = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  return forwarded === 'https';
}

/** Sets the session cookie: httpOnly, SameSite=Strict, Secure whenever the browser came over https. */
export function setSessionCookie(c: Context, id: string, secure: boolean): void {
  setCookie(c, SESSION_COOKIE, id, {
    path: '/',
    httpOnly: true,
    sameSite: 'Strict',
    secure,
    maxAge: SESSION_MAX_AGE_S,
  });
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
