import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { readSecret } from '../../config/secrets.js';
import { appendTo } from '../../core/collections.js';
import type { Lang } from '../../core/types.js';
import type { ChannelConfig } from '../config.js';
import type { NotifyMessage } from '../message.js';
import { type RenderedMessage, renderMessage } from '../render.js';
import { DeliveryError, type NotifyChannel } from './types.js';

type EmailConfig = Extract<ChannelConfig, { type: 'email' }>;

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** The HTML part: the same content as the text part, readable in any mail client (no CSS files, no images). */
export function emailHtml(rendered: RenderedMessage, lang: Lang): string {
  const rows = rendered.fields
    .map(
      (f) =>
        `<tr><th align="left" style="padding:2px 12px 2px 0">${escapeHtml(f.label)}</th><td>${escapeHtml(f.value)}</td></tr>`,
    )
    .join('');
  const sections = rendered.sections
    .map(
      (s) =>
        `<h3>${escapeHtml(s.heading)}</h3><ul>${s.entries
          .map((e) => `<li><a href="${escapeHtml(e.url)}">${escapeHtml(e.text)}</a></li>`)
          .join('')}</ul>`,
    )
    .join('');
  const color = rendered.emergency ? '#b00020' : '#1a1a1a';
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(rendered.subject)}</title></head><body style="font-family:sans-serif">
<p>${escapeHtml(rendered.intro)}</p>
${rendered.headline ? `<h2 style="color:${color}">${escapeHtml(rendered.headline)}</h2>` : ''}
${rows ? `<table>${rows}</table>` : ''}${sections}
${rendered.footer ? `<p><small>${escapeHtml(rendered.footer)}</small></p>` : ''}
<p><a href="${escapeHtml(rendered.link.url)}">${escapeHtml(rendered.link.label)}</a></p>
</body></html>`;
}

/** Recipients grouped by the language they read (their own `lang`, else the channel's). */
export function recipientsByLang(config: EmailConfig): Map<Lang, string[]> {
  const groups = new Map<Lang, string[]>();
  for (const recipient of config.to) {
    const address = typeof recipient === 'string' ? recipient : recipient.address;
    const lang = (typeof recipient === 'string' ? undefined : recipient.lang) ?? config.lang;
    appendTo(groups, lang, address);
  }
  return groups;
}

/** SMTP reply codes 4xx are transient (RFC 5321 §4.2.1); connection problems are too. */
function deliveryError(error: unknown, name: string): DeliveryError {
  const e = error as { code?: string; responseCode?: number; message?: string };
  const transient =
    (e.responseCode !== undefined && e.responseCode >= 400 && e.responseCode < 500) ||
    ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED'].includes(e.code ?? '');
  const reason = e.responseCode ? `SMTP ${e.responseCode}` : (e.code ?? 'error');
  return new DeliveryError(`email ${name}: ${reason}: ${(e.message ?? '').slice(0, 200)}`, transient);
}

/**
 * Mail over SMTP (nodemailer): STARTTLS on 587 (required, never plain) or TLS on 465, with
 * authentication. One mail per recipient language; each is a recorded part, so a retry never
 * mails a group twice. The Message-ID is derived from the idempotency key, so mail systems that
 * drop duplicate Message-IDs drop a re-sent one.
 */
export function emailChannel(
  config: EmailConfig,
  options: { baseUrl: string; env?: NodeJS.ProcessEnv },
): NotifyChannel {
  const field = `notify.channels.${config.name}`;
  const user = config.user ?? readSecret({ env: config.userEnv }, `${field}.userEnv`, options.env);
  const pass = readSecret(
    { env: config.passwordEnv, file: config.passwordFile },
    `${field}.passwordEnv`,
    options.env,
  );
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.security === 'tls',
    requireTLS: config.security === 'starttls',
    ...(user && pass ? { auth: { user, pass } } : {}),
    ...(config.caFile ? { tls: { ca: readFileSync(config.caFile, 'utf8') } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  const render = (message: NotifyMessage, lang: Lang) =>
    renderMessage(message, { lang, timeZone: config.timeZone, baseUrl: options.baseUrl });
  const mail = (message: NotifyMessage, lang: Lang, to: string[]) => {
    const rendered = render(message, lang);
    const id = createHash('sha256').update(`${message.idempotencyKey}|${lang}`).digest('hex').slice(0, 32);
    return {
      from: config.from,
      to,
      subject: rendered.subject,
      text: rendered.text,
      html: emailHtml(rendered, lang),
      messageId: `<${id}@opsradar>`,
      headers: { 'X-Opsradar-Idempotency-Key': message.idempotencyKey },
      ...(rendered.emergency ? { priority: 'high' as const } : {}),
    };
  };
  return {
    config,
    async send(delivery) {
      for (const [lang, to] of recipientsByLang(config)) {
        const part = `lang:${lang}`;
        if (delivery.partsDone.has(part)) continue;
        try {
          await transport.sendMail(mail(delivery.message, lang, to));
        } catch (error) {
          throw deliveryError(error, config.name);
        }
        await delivery.partDone(part);
      }
    },
    preview(message) {
      return [...recipientsByLang(config)]
        .map(([lang, to]) => {
          const m = mail(message, lang, to);
          return `To: ${to.join(', ')}\nSubject: ${m.subject}\n\n${m.text}`;
        })
        .join('\n');
    },
    close: () => transport.close(),
  };
}
