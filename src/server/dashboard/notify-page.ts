import { formatInstant } from '../../core/time.js';
import { type NotifyMessageKey, notifyText } from '../../i18n/messages/notify.js';
import type { OutboxMessage, OutboxStatus } from '../../store/index.js';
import { type Html, html } from './html.js';
import { instant, layout, type PageContext } from './layout.js';

function table(ctx: PageContext, messages: readonly OutboxMessage[], id: string): Html {
  const t = (key: NotifyMessageKey) => notifyText(ctx.lang, key);
  if (!messages.length) return html`<p class="muted" id="${id}-empty">${t('page.empty')}</p>`;
  const when = (iso: string) => instant(formatInstant(iso, ctx.lang, ctx.timeZone), iso);
  return html`<table class="grid" id="${id}"><thead><tr><th>${t('column.created')}</th><th>${t('column.channel')}</th>
<th>${t('column.purpose')}</th><th>${t('column.item')}</th><th>${t('column.status')}</th><th>${t('column.attempts')}</th>
<th>${t('column.notBefore')}</th><th>${t('column.error')}</th></tr></thead><tbody>${messages.map(
    (
      msg,
    ) => html`<tr data-key="${msg.idempotencyKey}" data-status="${msg.status}"><td>${when(msg.createdAt)}</td>
<td class="mono">${msg.channel}</td><td>${t(`purpose.${msg.purpose}`)}</td>
<td>${msg.workItemId === null ? '—' : html`<a href="/items/${msg.workItemId}">#${msg.workItemId}</a>`}</td>
<td><span class="badge">${t(`status.${msg.status}`)}</span></td><td>${msg.attempts}</td><td>${when(msg.notBefore)}</td>
<td>${msg.lastError ?? ''}</td></tr>`,
  )}</tbody></table>`;
}

/** The notification outbox and its dead letters (`/notifications`). */
export function notificationsPage(
  ctx: PageContext,
  data: {
    recent: readonly OutboxMessage[];
    dead: readonly OutboxMessage[];
    counts: Record<OutboxStatus, number>;
  },
): Html {
  const t = (key: NotifyMessageKey, params?: Record<string, string | number>) =>
    notifyText(ctx.lang, key, params);
  const body = html`<h1>${t('page.title')}</h1>
<p class="muted" id="outbox-counts">${t('page.counts', data.counts)}</p>
<section class="panel" style="margin-bottom:16px"><h2>${t('page.dead')}</h2>
<p class="muted">${t('page.deadHelp')}</p>${table(ctx, data.dead, 'dead-letters')}</section>
<section class="panel"><h2>${t('page.outbox')}</h2>${table(ctx, data.recent, 'outbox')}</section>`;
  return layout(ctx, t('page.title'), body);
}
