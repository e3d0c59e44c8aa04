import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Catalog } from '../catalog/index.js';
import type { Config } from '../config/index.js';
import type { Lang } from '../core/types.js';
import { serverText } from '../i18n/messages/server.js';
import type { Store } from '../store/index.js';
import { DEFAULT_TIME_ZONE, isTimeZone } from './dashboard/format.js';
import type { IngestLogEntry } from './ingest/index.js';
import type { OneTimeLogin, SessionStore } from './sessions.js';
import type { TokenStore } from './tokens.js';

/** The store the server reads and writes (work items, scan runs, tokens). */
export type ServerStore = Store;

export interface AppDeps {
  store: ServerStore;
  catalog: Catalog;
  config?: Config;
  /** True when listening beyond loopback: every request then needs a token. */
  requireAuth?: boolean;
  /** The one-time sign-in link `serve` prints; without it, only tokens sign in. */
  login?: OneTimeLogin;
  /** Who signs in with the one-time link: recorded in work item history. Default: the OS user. */
  localActor?: string;
  /** A reverse proxy in front reports https in X-Forwarded-Proto (session cookies become Secure). */
  trustProxy?: boolean;
  now?: () => Date;
  /** Language when neither ?lang=, the cookie nor Accept-Language decides. */
  defaultLang?: Lang;
  /** Zone for times until the browser reports its own. Default Asia/Tokyo. */
  timeZone?: string;
  /** Mount the push ingestion routes (/ingest/eventbridge, /ingest/sns). Default true. */
  ingest?: boolean;
  /** Called after a push delivery became work items (`serve` triggers a notification pass). */
  onIngested?: () => void;
  /** Where the push routes log each delivery. Default: one JSON line on stderr. */
  ingestLog?: (entry: IngestLogEntry) => void;
}

/** What the routes need to check tokens and open sessions (one instance per app). */
export interface ServerAuth {
  tokens: TokenStore;
  sessions: SessionStore;
  login: OneTimeLogin | undefined;
  localActor: string;
  trustProxy: boolean;
}

export type { AppContext, Env } from './env.js';

export const LANG_COOKIE = 'opsradar_lang';
export const TZ_COOKIE = 'opsradar_tz';

/** The first of ja/en in Accept-Language, by q-value. */
export function langFromAcceptLanguage(header: string | undefined): Lang | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.toLowerCase(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of ranked) {
    if (entry.tag === 'ja' || entry.tag.startsWith('ja-')) return 'ja';
    if (entry.tag === 'en' || entry.tag.startsWith('en-')) return 'en';
  }
  return undefined;
}

/** ?lang= (remembered in a cookie) wins, then the cookie, then the browser's Accept-Language. */
export function resolveRequestLang(c: Context, fallback: Lang): Lang {
  const query = c.req.query('lang');
  if (query === 'ja' || query === 'en') {
    setCookie(c, LANG_COOKIE, query, { path: '/', maxAge: 31_536_000, sameSite: 'Lax' });
    return query;
  }
  const cookie = getCookie(c, LANG_COOKIE);
  if (cookie === 'ja' || cookie === 'en') return cookie;
  return langFromAcceptLanguage(c.req.header('accept-language')) ?? fallback;
}

export function resolveRequestTimeZone(c: Context, fallback = DEFAULT_TIME_ZONE): string {
  const cookie = getCookie(c, TZ_COOKIE);
  return isTimeZone(cookie) ? cookie : fallback;
}

export function translator(lang: Lang) {
  return (key: Parameters<typeof serverText>[1], params?: Record<string, string | number>) =>
    serverText(lang, key, params);
}
