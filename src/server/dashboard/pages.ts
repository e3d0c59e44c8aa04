import type { EventKind } from '../../catalog/index.js';
import { arnResource } from '../../core/arn.js';
import { DAY_MS } from '../../core/time.js';
import { CATEGORIES, type Lang } from '../../core/types.js';
import {
  allowedActions,
  type HumanAction,
  URGENCIES,
  WORK_ITEM_STATUSES,
  type WorkItemStatus,
} from '../../core/workitems.js';
import { displayTitle } from '../../i18n/item-title.js';
import type { ServerMessageKey } from '../../i18n/messages/server.js';
import type {
  CoverageEntry,
  MaintenanceWindow,
  ScanRun,
  WorkItem,
  WorkItemCounts,
  WorkItemDetail,
  WorkItemHistoryEntry,
} from '../../store/index.js';
import type { ListQuery } from '../api/schemas.js';
import { dayInZone, formatDay, formatInstant } from './format.js';
import { escapeHtml, type Html, html, raw } from './html.js';
import { categoryBadge, instant, layout, type PageContext, statusBadge, urgencyBadge } from './layout.js';

const STATUS_FILTERS = ['active', ...WORK_ITEM_STATUSES] as const;

function when(ctx: PageContext, iso: string | null | undefined): Html {
  return instant(formatInstant(iso, ctx.lang, ctx.timeZone), iso);
}

function itemLink(item: { id: number; ref: string; title: string }): Html {
  return html`<a href="/items/${item.id}" data-item="${item.id}">${item.ref}</a>`;
}

/** Catalog text: escaped, with `code` spans (CLI commands in runbooks) shown as code. */
function richText(text: string): Html {
  return raw(escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>'));
}

function kindTitle(kind: EventKind | undefined, lang: Lang, fallback: string): string {
  return kind ? kind.title[lang] : fallback;
}

/** The compact table used by the overview and the list. */
function itemsTable(ctx: PageContext, items: WorkItem[], kinds: (id: string) => EventKind | undefined): Html {
  if (items.length === 0) return html`<p class="muted">${ctx.t('list.empty')}</p>`;
  return html`<table class="grid items">
<thead><tr>
  <th>${ctx.t('field.id')}</th><th>${ctx.t('field.due')}</th><th>${ctx.t('field.urgency')}</th><th>${ctx.t('field.category')}</th>
  <th>${ctx.t('field.title')}</th><th>${ctx.t('field.account')} / ${ctx.t('field.region')}</th><th>${ctx.t('field.resource')}</th>
  <th>${ctx.t('field.status')}</th><th>${ctx.t('field.owner')}</th>
</tr></thead>
<tbody>${items.map(
    (item) => html`<tr data-id="${item.id}">
  <td>${itemLink(item)}</td>
  <td>${formatDay(item.dueDate, ctx.timeZone)}</td>
  <td>${urgencyBadge(ctx, item.urgency)}</td>
  <td>${categoryBadge(ctx, item.category)}</td>
  <td><a href="/items/${item.id}">${displayTitle(ctx, item, kinds(item.kind))}</a><div class="muted">${item.title}</div></td>
  <td class="mono">${item.accountId}<br>${item.region}</td>
  <td class="mono" title="${item.resource}">${arnResource(item.resource)}</td>
  <td class="status">${statusBadge(ctx, item.status)}</td>
  <td>${item.owner ?? ''}${item.team ? html`<div class="muted">${item.team}</div>` : ''}</td>
</tr>`,
  )}</tbody></table>`;
}

export function overviewPage(
  ctx: PageContext,
  data: {
    counts: WorkItemCounts;
    overdue: { items: WorkItem[]; total: number };
    history: WorkItemHistoryEntry[];
    titles: Map<number, string>;
    kinds: (id: string) => EventKind | undefined;
  },
): Html {
  const { counts } = data;
  const categoryCards = CATEGORIES.map(
    (
      category,
    ) => html`<a class="card ${category}" href="/items?category=${category}&status=active" data-count="category-${category}">
  <div class="label">${ctx.t(`category.${category}`)}</div><div class="value">${counts.byCategory[category]}</div></a>`,
  );
  const urgencyCards = URGENCIES.map(
    (
      urgency,
    ) => html`<a class="card ${urgency}" href="/items?urgency=${urgency}" data-count="urgency-${urgency}">
  <div class="label">${ctx.t(`urgency.${urgency}`)}</div><div class="value">${counts.byUrgency[urgency]}</div></a>`,
  );
  const history =
    data.history.length === 0
      ? html`<p class="muted">${ctx.t('overview.changedNone')}</p>`
      : html`<table class="grid changes"><thead><tr><th>${ctx.t('field.updated')}</th><th>${ctx.t('field.id')}</th><th>${ctx.t('field.title')}</th><th>${ctx.t('item.history')}</th></tr></thead>
<tbody>${data.history.map(
          (
            entry,
          ) => html`<tr><td>${when(ctx, entry.at)}</td><td><a href="/items/${entry.workItemId}">#${entry.workItemId}</a></td>
<td>${data.titles.get(entry.workItemId) ?? ''}</td><td class="nowrap">${historyText(ctx, entry)}</td></tr>`,
        )}</tbody></table>`;
  const body = html`<h1>${ctx.t('overview.title')}</h1>
<p class="muted" data-count="active">${ctx.t('overview.total', { count: counts.active })}</p>
<h2>${ctx.t('overview.byCategory')}</h2>
<div class="cards">${categoryCards}</div>
<h2>${ctx.t('overview.byUrgency')}</h2>
<div class="cards">${urgencyCards}</div>
<h2>${ctx.t('overview.overdue')}</h2>
${data.overdue.total === 0 ? html`<p class="muted">${ctx.t('overview.overdueNone')}</p>` : itemsTable(ctx, data.overdue.items, data.kinds)}
${data.overdue.total > data.overdue.items.length ? html`<p><a href="/items?urgency=overdue">${ctx.t('overview.more', { count: data.overdue.total })}</a></p>` : ''}
<h2>${ctx.t('overview.changed')}</h2>
${history}`;
  return layout(ctx, ctx.t('overview.title'), body);
}

function statusName(ctx: PageContext, status: string | null): string {
  if (!status) return '-';
  return STATUS_FILTERS.includes(status as (typeof STATUS_FILTERS)[number])
    ? ctx.t(`status.${status as WorkItemStatus}`)
    : status;
}

const BUTTON_LABELS: Record<Exclude<HumanAction, 'wontdo'>, ServerMessageKey> = {
  ack: 'action.acknowledge',
  start: 'action.start',
  done: 'action.done',
  reopen: 'action.reopen',
};

const ACTION_LABELS: Record<string, ServerMessageKey> = {
  ack: 'action.acknowledge',
  start: 'action.start',
  done: 'action.done',
  wontdo: 'action.wontdo',
  created: 'history.created',
  assign: 'action.assign',
  note: 'history.note',
  seen: 'history.seen',
  resolve: 'history.resolve',
  reappear: 'history.reappear',
  reopen: 'history.reopen',
  reschedule: 'history.reschedule',
};

function historyText(ctx: PageContext, entry: WorkItemHistoryEntry): Html {
  const transition =
    entry.fromStatus || entry.toStatus
      ? ctx.t('history.transition', {
          from: statusName(ctx, entry.fromStatus),
          to: statusName(ctx, entry.toStatus),
        })
      : '';
  const label = ACTION_LABELS[entry.action]
    ? ctx.t(ACTION_LABELS[entry.action] as ServerMessageKey)
    : entry.action;
  return html`<strong>${label}</strong> <span class="muted">${ctx.t('history.by', { actor: entry.actor })}</span>${transition ? html` · ${transition}` : ''}`;
}

function selectOptions(
  ctx: PageContext,
  values: readonly string[],
  current: string | undefined,
  label: (v: string) => string,
): Html {
  return html`<option value="">${ctx.t('filter.any')}</option>${values.map(
    (v) => html`<option value="${v}" ${v === current ? 'selected' : ''}>${label(v)}</option>`,
  )}`;
}

export function listPage(
  ctx: PageContext,
  data: {
    query: ListQuery;
    items: WorkItem[];
    total: number;
    nextCursor: string | null;
    kinds: readonly EventKind[];
    rawQuery: URLSearchParams;
  },
): Html {
  const q = data.query;
  const one = (v: string[] | undefined) => v?.join(',');
  const byId = new Map(data.kinds.map((k) => [k.id, k]));
  const exportQuery = new URLSearchParams(data.rawQuery);
  exportQuery.delete('offset');
  exportQuery.delete('cursor');
  exportQuery.delete('limit');
  exportQuery.set('lang', ctx.lang);
  const page = (cursor: string | null, offset: number) => {
    const next = new URLSearchParams(data.rawQuery);
    next.delete('cursor');
    next.delete('offset');
    if (cursor) next.set('cursor', cursor);
    if (offset > 0) next.set('offset', String(offset));
    return `/items?${next.toString()}`;
  };
  const from = data.total === 0 ? 0 : q.offset + 1;
  const to = Math.min(q.offset + data.items.length, data.total);
  const form = html`<form class="filters" method="get" action="/items">
  <label>${ctx.t('field.text')}<input type="search" name="text" value="${q.text ?? ''}"></label>
  <label>${ctx.t('field.category')}<select name="category">${selectOptions(ctx, CATEGORIES, one(q.category), (v) => ctx.t(`category.${v as 'scheduled'}`))}</select></label>
  <label>${ctx.t('field.status')}<select name="status">${selectOptions(ctx, STATUS_FILTERS, one(q.status), (v) => ctx.t(`status.${v as 'open'}`))}</select></label>
  <label>${ctx.t('field.urgency')}<select name="urgency">${selectOptions(ctx, URGENCIES, one(q.urgency), (v) => ctx.t(`urgency.${v as 'later'}`))}</select></label>
  <label>${ctx.t('field.kind')}<select name="kind">${selectOptions(
    ctx,
    data.kinds.map((k) => k.id),
    one(q.kind),
    (v) => byId.get(v)?.title[ctx.lang] ?? v,
  )}</select></label>
  <label>${ctx.t('field.account')}<input type="text" name="account" value="${one(q.account) ?? ''}" size="14" inputmode="numeric"></label>
  <label>${ctx.t('field.region')}<input type="text" name="region" value="${one(q.region) ?? ''}" size="14"></label>
  <label>${ctx.t('field.service')}<input type="text" name="service" value="${one(q.service) ?? ''}" size="10"></label>
  <label>${ctx.t('field.owner')}<input type="text" name="owner" value="${q.owner ?? ''}" size="10"></label>
  <label>${ctx.t('field.dueBefore')}<input type="date" name="dueBefore" value="${q.dueBefore?.slice(0, 10) ?? ''}"></label>
  <button type="submit">${ctx.t('filter.apply')}</button>
  <a class="button secondary" href="/items">${ctx.t('filter.clear')}</a>
</form>`;
  const body = html`<h1>${ctx.t('list.title')}</h1>
${form}
<div class="toolbar">
  <span class="muted" id="range">${ctx.t('list.range', { from, to, total: data.total })}</span>
  <span>${ctx.t('list.export')}: <a href="/api/items/export.csv?${exportQuery.toString()}">CSV</a> · <a href="/api/items/export.xlsx?${exportQuery.toString()}">Excel</a></span>
</div>
${itemsTable(ctx, data.items, (id) => byId.get(id))}
<div class="pager">
  ${q.cursor ? html`<a class="button secondary" rel="first" href="${page(null, 0)}">${ctx.t('list.prev')}</a>` : ''}
  ${data.nextCursor ? html`<a class="button secondary" rel="next" href="${page(data.nextCursor, q.offset + data.items.length)}">${ctx.t('list.next')}</a>` : ''}
</div>`;
  return layout(ctx, ctx.t('list.title'), body);
}

/** The item's action forms: one per allowed move, or a note that the caller may only read. */
function itemActions(ctx: PageContext, item: WorkItemDetail): Html {
  const allowed = allowedActions(item.status);
  const csrf = html`<input type="hidden" name="_csrf" value="${ctx.csrfToken}">`;
  const canAct = ctx.role !== 'viewer';
  // Won't do has its own form (it needs a reason); every other allowed move is a button.
  const transitions: Array<[string, ServerMessageKey, string]> = allowed
    .filter((action) => action !== 'wontdo')
    .map((action) => [action, BUTTON_LABELS[action], action === 'ack' ? '' : 'secondary']);
  transitions.push(['note', 'action.note', 'secondary']);
  // One form, one button per action: the note goes with whichever is pressed.
  return !canAct
    ? html`<p class="muted">${ctx.t('action.readOnly')}</p>`
    : html`<form method="post" action="/items/${item.id}/actions" class="stack">${csrf}
<textarea name="note" rows="2" placeholder="${ctx.t('action.notePlaceholder')}"></textarea>
<div class="buttons">${transitions.map(
        ([action, label, cls]) =>
          html`<button type="submit" name="action" value="${action}" class="${cls}" data-action="${action}">${ctx.t(label)}</button>`,
      )}</div></form>
<form method="post" action="/items/${item.id}/actions">${csrf}<input type="hidden" name="action" value="assign">
<input type="text" name="owner" value="${item.owner ?? ''}" aria-label="${ctx.t('field.owner')}" placeholder="${ctx.t('action.ownerPlaceholder')}"><button type="submit" class="secondary" data-action="assign">${ctx.t('action.assign')}</button></form>
${
  allowed.includes('wontdo')
    ? html`<form method="post" action="/items/${item.id}/actions" data-confirm="${ctx.t('action.confirmWontdo')}">${csrf}<input type="hidden" name="action" value="wontdo">
<input type="text" name="reason" required aria-label="${ctx.t('action.reasonPlaceholder')}" placeholder="${ctx.t('action.reasonPlaceholder')}"><button type="submit" class="danger" data-action="wontdo">${ctx.t('action.wontdo')}</button></form>`
    : ''
}`;
}

function itemEvidence(ctx: PageContext, item: WorkItemDetail): Html | Html[] {
  return item.occurrences.length === 0
    ? html`<p class="muted">${ctx.t('item.evidenceNone')}</p>`
    : item.occurrences.map(
        (o) => html`<div class="panel" style="margin-bottom:8px">
  <div class="item-head"><span class="badge st">${o.source}</span> <strong>${o.title ?? ''}</strong>${o.verified === false ? html` <span class="badge urg-within_7_days">${ctx.t('item.unverified')}</span>` : ''}</div>
  <dl class="facts">
    <dt>${ctx.t('field.source')}</dt><dd class="mono">${o.sourceRef}</dd>
    ${o.eventDate ? html`<dt>${ctx.t('field.eventDate')}</dt><dd>${when(ctx, o.eventDate)}${o.eventEndDate ? html` – ${when(ctx, o.eventEndDate)}` : ''}</dd>` : ''}
    <dt>${ctx.t('field.firstSeen')}</dt><dd>${when(ctx, o.firstSeenAt)}</dd>
    <dt>${ctx.t('field.lastSeen')}</dt><dd>${when(ctx, o.lastSeenAt)}</dd>
  </dl>
  <pre class="evidence">${JSON.stringify(o.evidence, null, 2)}</pre>
</div>`,
      );
}

function itemHistory(ctx: PageContext, item: WorkItemDetail): Html {
  return html`<ul class="history">${[...item.history]
    .reverse()
    .map(
      (entry) =>
        html`<li><div>${historyText(ctx, entry)}</div><div class="muted">${when(ctx, entry.at)}</div>${entry.note ? html`<div style="white-space:pre-wrap">${entry.note}</div>` : ''}</li>`,
    )}</ul>`;
}

export function itemPage(
  ctx: PageContext,
  data: {
    item: WorkItemDetail;
    kind: EventKind | undefined;
    links: { console: string; health: string; documentation: Array<{ title: string; url: string }> };
    flash?: string;
    error?: string;
  },
): Html {
  const { item, kind } = data;
  const lang = ctx.lang;
  const actions = itemActions(ctx, item);
  const evidence = itemEvidence(ctx, item);
  const history = itemHistory(ctx, item);
  const body = html`${data.error ? html`<div class="error-box" role="alert">${data.error}</div>` : ''}
<div class="item-head">${categoryBadge(ctx, item.category)} ${urgencyBadge(ctx, item.urgency)} <span id="item-status">${statusBadge(ctx, item.status)}</span></div>
<h1>${item.ref} ${displayTitle(ctx, item, data.kind)}</h1>
<p class="muted">${item.title}</p>
<div class="layout-2">
<div>
  <section class="panel">
    <h2 style="margin-top:0">${ctx.t('item.what')}</h2>
    <p><strong>${kindTitle(kind, lang, item.kind)}</strong></p>
    ${kind ? html`<p>${richText(kind.summary[lang])}</p>` : html`<p class="muted">${ctx.t('item.catalogMissing', { kind: item.kind })}</p>`}
    <dl class="facts">
      <dt>${ctx.t('field.eventDate')}</dt><dd>${when(ctx, item.eventDate)}</dd>
      <dt>${ctx.t('field.due')}</dt><dd><strong>${formatDay(item.dueDate, ctx.timeZone)}</strong>${kind ? html` <span class="muted">(${ctx.t('item.leadTime', { days: kind.leadTimeDays })})</span>` : ''}</dd>
      <dt>${ctx.t('field.owner')}</dt><dd id="item-owner">${item.owner ?? '—'}${item.team ? ` / ${item.team}` : ''}</dd>
      ${item.resolution ? html`<dt>${ctx.t('field.resolution')}</dt><dd>${item.resolution}</dd>` : ''}
    </dl>
  </section>
  <h2>${ctx.t('item.resource')}</h2>
  <section class="panel">
    <dl class="facts">
      <dt>${ctx.t('field.account')}</dt><dd class="mono">${item.accountId}</dd>
      <dt>${ctx.t('field.region')}</dt><dd class="mono">${item.region}</dd>
      <dt>${ctx.t('field.service')}</dt><dd>${item.service}</dd>
      <dt>${ctx.t('field.resource')}</dt><dd class="mono">${item.resource}</dd>
    </dl>
    <p><a href="${data.links.console}" target="_blank" rel="noopener noreferrer">${ctx.t('item.console')} ↗</a> · <a href="${data.links.health}" target="_blank" rel="noopener noreferrer">AWS Health Dashboard ↗</a></p>
  </section>
  ${
    kind
      ? html`<h2>${ctx.t('item.runbook')}</h2>
  <section class="panel"><ol class="runbook">${kind.runbook[lang].map((step) => html`<li>${richText(step)}</li>`)}</ol></section>
  <h2>${ctx.t('item.avoidance')}</h2>
  <section class="panel"><p style="margin:0">${richText(kind.avoidance[lang])}</p></section>
  <h2>${ctx.t('item.references')}</h2>
  <section class="panel"><ul>${data.links.documentation.map((r) => html`<li><a href="${r.url}" target="_blank" rel="noopener noreferrer">${r.title}</a></li>`)}</ul>
  <p class="muted" style="margin-bottom:0">${ctx.t('item.correlation')}: ${kind.correlation.rule[lang]}</p></section>`
      : ''
  }
  <h2>${ctx.t('item.evidence')} (${item.occurrences.length})</h2>
  ${evidence}
</div>
<aside>
  <section class="panel actions"><h2 style="margin-top:0">${ctx.t('item.actions')}</h2>${actions}</section>
  <h2>${ctx.t('item.history')}</h2>
  <section class="panel">${history}</section>
</aside>
</div>`;
  return layout(ctx, `${item.ref} ${displayTitle(ctx, item, data.kind)}`, body, data.flash);
}

export function timelinePage(
  ctx: PageContext,
  data: {
    items: WorkItem[];
    windows: MaintenanceWindow[];
    calendarUrl: string;
    days: number;
    kinds: (id: string) => EventKind | undefined;
  },
): Html {
  const title = (item: Pick<WorkItem, 'kind' | 'resource' | 'eventDate'>) =>
    displayTitle(ctx, item, data.kinds(item.kind));
  const today = dayInZone(ctx.now, ctx.timeZone);
  const start = new Date(`${today}T00:00:00Z`);
  const byDay = new Map<string, Html[]>();
  const push = (day: string, entry: Html) => {
    const list = byDay.get(day) ?? [];
    list.push(entry);
    byDay.set(day, list);
  };
  for (const item of data.items) {
    if (!item.dueDate) continue;
    push(
      formatDay(item.dueDate, ctx.timeZone),
      html`<a class="ev ${item.category}" href="/items/${item.id}" title="${item.ref} ${title(item)}">${item.ref} ${title(item)}</a>`,
    );
  }
  for (const w of data.windows) {
    push(
      dayInZone(new Date(w.start), ctx.timeZone),
      html`<a class="ev window ${w.category}" href="/items/${w.itemId}" title="${formatInstant(w.start, ctx.lang, ctx.timeZone)} – ${formatInstant(w.end, ctx.lang, ctx.timeZone)}">#${w.itemId} ${title(w)}</a>`,
    );
  }
  // Weeks start on Monday, as Japanese business calendars do.
  const lead = (start.getUTCDay() + 6) % 7;
  const cells: Html[] = [];
  for (let i = 0; i < lead; i++) cells.push(html`<div class="day empty"></div>`);
  for (let i = 0; i < data.days; i++) {
    const date = new Date(start.getTime() + i * DAY_MS);
    const day = date.toISOString().slice(0, 10);
    const entries = byDay.get(day) ?? [];
    const first = i === 0 || date.getUTCDate() === 1;
    const label = first
      ? ctx.lang === 'ja'
        ? `${date.getUTCMonth() + 1}月${date.getUTCDate()}日`
        : date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' })
      : String(date.getUTCDate());
    const shown = entries.slice(0, 4);
    cells.push(
      html`<div class="day ${i === 0 ? 'today' : ''}" data-day="${day}"><div class="num ${first ? 'month' : ''}">${label}</div>${shown}${
        entries.length > shown.length
          ? html`<a class="muted" href="/items?dueBefore=${day}&status=active">${ctx.t('timeline.more', { count: entries.length - shown.length })}</a>`
          : ''
      }</div>`,
    );
  }
  const dows =
    ctx.lang === 'ja'
      ? ['月', '火', '水', '木', '金', '土', '日']
      : ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const body = html`<h1>${ctx.t('timeline.title')}</h1>
<div class="legend">${CATEGORIES.map((c) => categoryBadge(ctx, c))} <span><span class="swatch window"></span> ${ctx.t('timeline.legendWindow')}</span></div>
<p class="muted">${ctx.t('timeline.subscribe', { url: data.calendarUrl })}</p>
<div class="timeline">${dows.map((d) => html`<div class="dow">${d}</div>`)}${cells}</div>`;
  return layout(ctx, ctx.t('timeline.title'), body);
}

export function coveragePage(ctx: PageContext, runs: Array<ScanRun & { coverage: CoverageEntry[] }>): Html {
  const sections = runs.map((run) => {
    const gaps = run.coverage.filter((entry) => entry.status !== 'ok');
    const ok = run.coverage.length - gaps.length;
    return html`<section class="panel" style="margin-bottom:16px" data-run="${run.kind}">
  <div class="item-head"><h2 style="margin:0">${run.kind}</h2>
    <span class="badge ${run.status === 'complete' ? 'cov-ok' : run.status === 'partial' ? 'cov-skipped' : 'cov-failed'}">${ctx.t(`runstatus.${run.status}`)}</span>
    <span class="muted">${ctx.t('coverage.okCount', { count: ok })} · ${ctx.t('coverage.gaps', { count: gaps.length })}</span></div>
  <dl class="facts"><dt>${ctx.t('coverage.started')}</dt><dd>${when(ctx, run.startedAt)}</dd>
  <dt>${ctx.t('coverage.finished')}</dt><dd>${when(ctx, run.finishedAt)}</dd></dl>
  ${
    gaps.length === 0
      ? html`<p>${ctx.t('coverage.allOk')}</p>`
      : html`<table class="grid" style="margin-top:12px"><thead><tr><th>${ctx.t('field.account')}</th><th>${ctx.t('field.region')}</th><th>${ctx.t('coverage.scanner')}</th><th>${ctx.t('field.status')}</th><th>${ctx.t('coverage.reason')}</th></tr></thead>
<tbody>${gaps.map(
          (
            g,
          ) => html`<tr><td class="mono">${g.accountId}</td><td class="mono">${g.region}</td><td class="mono">${g.scanner}</td>
<td><span class="badge cov-${g.status}">${ctx.t(`coverage.status.${g.status}`)}</span></td><td>${g.reason ?? ''}</td></tr>`,
        )}</tbody></table>`
  }
</section>`;
  });
  const body = html`<h1>${ctx.t('coverage.title')}</h1>
<p class="muted">${ctx.t('coverage.intro')}</p>
${runs.length === 0 ? html`<p>${ctx.t('coverage.none')}</p>` : sections}`;
  return layout(ctx, ctx.t('coverage.title'), body);
}

export function loginPage(
  ctx: PageContext,
  data: { next: string; invalid: boolean; codeSpent?: boolean },
): Html {
  const body = html`<h1>${ctx.t('login.title')}</h1>
<section class="panel" style="max-width:560px">
${data.invalid ? html`<div class="error-box" role="alert">${ctx.t('login.invalid')}</div>` : ''}
${data.codeSpent ? html`<div class="error-box" role="alert">${ctx.t('login.codeSpent')}</div>` : ''}
<p>${ctx.t('login.intro')}</p>
<form method="post" action="/login">
  <input type="hidden" name="next" value="${data.next}">
  <input type="hidden" name="_csrf" value="${ctx.csrfToken}">
  <p><label>${ctx.t('login.token')}<br><input type="password" name="token" autocomplete="current-password" style="width:100%" required></label></p>
  <button type="submit">${ctx.t('login.submit')}</button>
</form></section>`;
  return layout(ctx, ctx.t('login.title'), body);
}

export function errorPage(ctx: PageContext, message: string): Html {
  return layout(
    ctx,
    ctx.t('error.title'),
    html`<h1>${ctx.t('error.title')}</h1><div class="error-box" role="alert">${message}</div><p><a href="/">${ctx.t('nav.overview')}</a></p>`,
  );
}
