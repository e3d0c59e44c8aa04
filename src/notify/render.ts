import { formatInstant } from '../core/time.js';
import type { Lang } from '../core/types.js';
import { displayTitle } from '../i18n/item-title.js';
import { type NotifyMessageKey, notifyText } from '../i18n/messages/notify.js';
import { workItemMessages } from '../i18n/messages/workitems.js';
import { dashboardLink, type MessageItem, type NotifyMessage } from './message.js';

/** One message as a person reads it, in one language: what every channel lays out its own way. */
export interface RenderedMessage {
  subject: string;
  intro: string;
  /** The item's headline (`#42 ACM certificate expiry`), or empty for digests and tests. */
  headline: string;
  fields: { label: string; value: string }[];
  sections: { heading: string; entries: { text: string; url: string }[] }[];
  /** Digests: how many items were left out. */
  footer: string;
  link: { label: string; url: string };
  emergency: boolean;
  /** The whole message as plain text (e-mail text part, SNS, webhook `text`). */
  text: string;
}

export interface RenderOptions {
  lang: Lang;
  timeZone: string;
  baseUrl: string;
}

function itemFields(item: MessageItem, options: RenderOptions): RenderedMessage['fields'] {
  const t = (key: NotifyMessageKey) => notifyText(options.lang, key);
  const none = t('label.none');
  return [
    { label: t('label.category'), value: workItemMessages(options.lang, `category.${item.category}`) },
    { label: t('label.due'), value: formatInstant(item.dueDate, options.lang, options.timeZone) },
    { label: t('label.eventDate'), value: formatInstant(item.eventDate, options.lang, options.timeZone) },
    { label: t('label.resource'), value: item.resource || none },
    { label: t('label.account'), value: item.accountId || none },
    { label: t('label.region'), value: item.region || none },
    { label: t('label.service'), value: item.service || none },
    { label: t('label.owner'), value: [item.owner, item.team].filter(Boolean).join(' / ') || none },
  ];
}

/** The item's title as the dashboard shows it, in the reader's language and zone, as of when it was planned. */
function titleOf(item: MessageItem, lang: Lang, timeZone: string, plannedAt: string): string {
  const view = { lang, timeZone, now: new Date(plannedAt) };
  return displayTitle(view, item, { title: item.kindTitle, itemTitle: item.itemTitle });
}

function itemSubject(
  message: NotifyMessage,
  item: MessageItem,
  { lang, timeZone }: RenderOptions,
): { subject: string; intro: string } {
  const title = `${item.ref} ${titleOf(item, lang, timeZone, message.plannedAt)}`;
  const t = (key: NotifyMessageKey, params: Record<string, string | number> = {}) =>
    notifyText(lang, key, { title, ...params });
  switch (message.purpose) {
    case 'reminder': {
      const days = message.reminderDays ?? 0;
      return days === 0
        ? { subject: t('subject.reminderToday'), intro: t('intro.reminderToday') }
        : { subject: t('subject.reminder', { days }), intro: t('intro.reminder', { days }) };
    }
    case 'escalation':
      return {
        subject: t('subject.escalation'),
        intro: t('intro.escalation', { channel: message.escalatedFrom ?? '' }),
      };
    default:
      return item.category === 'emergency'
        ? { subject: t('subject.announceEmergency'), intro: t('intro.announceEmergency') }
        : { subject: t('subject.announce'), intro: t('intro.announce') };
  }
}

function digestParts(message: NotifyMessage, options: RenderOptions): Omit<RenderedMessage, 'text' | 'link'> {
  const digest = message.digest;
  const lang = options.lang;
  if (!digest) throw new TypeError('digest message without digest content');
  const t = (key: NotifyMessageKey, params?: Record<string, string | number>) =>
    notifyText(lang, key, params);
  const entries = (items: MessageItem[]) =>
    items.map((item) => ({
      text: t('digest.line', {
        ref: item.ref,
        title: titleOf(item, lang, digest.timeZone, message.plannedAt),
        due: formatInstant(item.dueDate, lang, digest.timeZone),
      }),
      url: item.url,
    }));
  const sections = [
    { heading: t('digest.overdue', { count: digest.overdue.length }), entries: entries(digest.overdue) },
    { heading: t('digest.dueSoon', { count: digest.dueSoon.length }), entries: entries(digest.dueSoon) },
    { heading: t('digest.new', { count: digest.newItems.length }), entries: entries(digest.newItems) },
  ].filter((section) => section.entries.length > 0);
  return {
    subject: t('subject.digest', {
      day: digest.day,
      overdue: digest.overdue.length,
      dueSoon: digest.dueSoon.length,
      new: digest.newItems.length,
    }),
    intro: t('intro.digest', { day: digest.day, timeZone: digest.timeZone }),
    headline: '',
    fields: [],
    sections,
    footer: digest.omitted > 0 ? t('digest.omitted', { count: digest.omitted }) : '',
    emergency: false,
  };
}

function plainText(parts: Omit<RenderedMessage, 'text'>): string {
  const lines = [parts.intro, ''];
  if (parts.headline) lines.push(parts.headline, '');
  for (const field of parts.fields) lines.push(`${field.label}: ${field.value}`);
  for (const section of parts.sections) {
    lines.push(`■ ${section.heading}`);
    for (const entry of section.entries) lines.push(`  ${entry.text}`, `    ${entry.url}`);
    lines.push('');
  }
  if (parts.footer) lines.push(parts.footer);
  if (parts.fields.length) lines.push('');
  lines.push(`${parts.link.label}: ${parts.link.url}`);
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

/** Lays a planned message out in one language and zone (pure). */
export function renderMessage(message: NotifyMessage, options: RenderOptions): RenderedMessage {
  const { lang } = options;
  const dashboard = { label: notifyText(lang, 'label.dashboard'), url: dashboardLink(options.baseUrl) };
  let parts: Omit<RenderedMessage, 'text'>;
  if (message.digest) {
    parts = { ...digestParts(message, options), link: dashboard };
  } else if (message.item) {
    const item = message.item;
    parts = {
      ...itemSubject(message, item, options),
      headline: `${item.ref} ${titleOf(item, lang, options.timeZone, message.plannedAt)}`,
      fields: itemFields(item, options),
      sections: [],
      footer: '',
      link: { label: notifyText(lang, 'label.open'), url: item.url },
      emergency: item.category === 'emergency' && message.purpose === 'announce',
    };
  } else {
    parts = {
      subject: notifyText(lang, 'subject.test', { channel: message.channel }),
      intro: notifyText(lang, 'intro.test', { channel: message.channel }),
      headline: '',
      fields: [],
      sections: [],
      footer: '',
      link: dashboard,
      emergency: false,
    };
  }
  return { ...parts, text: plainText(parts) };
}
