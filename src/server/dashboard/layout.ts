import type { Lang } from '../../core/types.js';
import type { ServerMessageKey } from '../../i18n/messages/server.js';
import type { Role } from '../tokens.js';
import { type Html, type HtmlValue, html, raw } from './html.js';

/** What every page needs to know about the request it renders for. */
export interface PageContext {
  lang: Lang;
  timeZone: string;
  t: (key: ServerMessageKey, params?: Record<string, string | number>) => string;
  /** Path + query of this page, to build the language links. */
  url: URL;
  csrfToken: string;
  /** The caller's role (viewer when not signed in). */
  role: Role;
  /** Whether the caller signed in (shows "sign out"). */
  signedIn: boolean;
  /** The read-only view loopback offers without signing in (says so on every page). */
  localReadOnly: boolean;
  now: Date;
}

const NAV = [
  ['/', 'nav.overview'],
  ['/timeline', 'nav.timeline'],
  ['/items', 'nav.list'],
  ['/coverage', 'nav.coverage'],
  ['/notifications', 'nav.notifications'],
] as const;

/** JST by default, UTC, or the browser's zone (the script fills it in); kept in a cookie. */
function tzForm(ctx: PageContext): Html {
  const zone = ctx.timeZone;
  const other = zone !== 'Asia/Tokyo' && zone !== 'UTC';
  const next = `${ctx.url.pathname}${ctx.url.search}`;
  return html`<form class="tz" method="get" action="/tz"><label>${ctx.t('tools.tz')}: <span id="tz-label" hidden>${zone}</span>
<select name="zone" id="tz-select" data-local-label="${ctx.t('tools.tzLocal', { zone: '{zone}' })}">
<option value="Asia/Tokyo"${zone === 'Asia/Tokyo' ? raw(' selected') : ''}>${ctx.t('tools.tzJst')}</option>
<option value="UTC"${zone === 'UTC' ? raw(' selected') : ''}>${ctx.t('tools.tzUtc')}</option>
<option value="${other ? zone : 'local'}" data-local${other ? raw(' selected') : ''}>${other ? ctx.t('tools.tzLocal', { zone }) : ctx.t('tools.tzLocalUnknown')}</option>
</select></label><input type="hidden" name="next" value="${next}"><noscript><button type="submit" class="secondary">${ctx.t('tools.tzApply')}</button></noscript></form>`;
}

function langLink(ctx: PageContext, lang: Lang, label: string): Html {
  const url = new URL(ctx.url);
  url.searchParams.set('lang', lang);
  return html`<a href="${url.pathname}${url.search}" class="${ctx.lang === lang ? 'current' : ''}" hreflang="${lang}" data-lang="${lang}">${label}</a>`;
}

export function layout(ctx: PageContext, title: string, body: HtmlValue, flash?: string): Html {
  const path = ctx.url.pathname;
  const nav = NAV.map(([href, key]) => {
    const active = href === '/' ? path === '/' : path.startsWith(href);
    return html`<a href="${href}" class="${active ? 'active' : ''}">${ctx.t(key)}</a>`;
  });
  return html`<!doctype html>
<html lang="${ctx.lang}" data-tz="${ctx.timeZone}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — opsradar</title>
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/app.js" defer></script>
</head>
<body>
<header class="top">
  <a class="brand" href="/">ops<span>radar</span></a>
  <nav>${nav}</nav>
  <div class="tools">
    ${tzForm(ctx)}
    <span class="langs" aria-label="${ctx.t('tools.lang')}">${langLink(ctx, 'ja', '日本語')} ${langLink(ctx, 'en', 'English')}</span>
    ${ctx.signedIn ? html`<form method="post" action="/logout" style="margin:0"><input type="hidden" name="_csrf" value="${ctx.csrfToken}"><button class="secondary" type="submit">${ctx.t('login.signOut')}</button></form>` : ''}
  </div>
</header>
<main>
${ctx.localReadOnly ? html`<div class="notice" role="note" data-read-only>${ctx.t('login.localReadOnly')} <a href="/login">${ctx.t('login.submit')}</a></div>` : ''}
${flash ? html`<div class="flash" role="status">${flash}</div>` : ''}
${body}
</main>
<footer>opsradar — ${ctx.t('app.tagline')}</footer>
</body>
</html>`;
}

export function categoryBadge(ctx: PageContext, category: string): Html {
  const known = ['scheduled', 'request', 'emergency', 'expert'].includes(category);
  return html`<span class="badge cat-${category}">${known ? ctx.t(`category.${category}` as ServerMessageKey) : category}</span>`;
}

export function urgencyBadge(ctx: PageContext, urgency: string): Html {
  return html`<span class="badge urg-${urgency}">${ctx.t(`urgency.${urgency}` as ServerMessageKey)}</span>`;
}

export function statusBadge(ctx: PageContext, status: string): Html {
  return html`<span class="badge st st-${status}">${ctx.t(`status.${status}` as ServerMessageKey)}</span>`;
}

/** A time the browser script may re-render in the viewer's own zone. */
export function instant(text: string, iso: string | null | undefined): Html {
  return iso ? html`<time datetime="${iso}" data-kind="instant">${text}</time>` : html`${text}`;
}
