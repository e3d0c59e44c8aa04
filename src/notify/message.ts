import type { Category } from '../core/types.js';
import type { WorkItem } from '../core/workitems.js';
import type { TitledKind } from '../i18n/item-title.js';
import type { OutboxPurpose } from '../store/index.js';

/**
 * The channel-neutral message the planner writes into the outbox. It carries both languages'
 * facts, so a channel renders it in its own language at send time and a message re-sent after a
 * crash is the same message.
 */
export type MessageItem = {
  id: number;
  ref: string;
  kind: string;
  kindTitle: { ja: string; en: string };
  /** The catalog's wording of the item's title in both languages (absent in messages planned before it). */
  itemTitle?: TitledKind['itemTitle'];
  /** The source's own title of what was seen. */
  title: string;
  category: Category;
  status: string;
  dueDate: string | null;
  eventDate: string | null;
  resource: string;
  accountId: string;
  region: string;
  service: string;
  owner: string | null;
  team: string | null;
  /** The item on the dashboard. */
  url: string;
};

export type DigestContent = {
  /** The local day the digest is for (YYYY-MM-DD in `timeZone`). */
  day: string;
  timeZone: string;
  newItems: MessageItem[];
  dueSoon: MessageItem[];
  overdue: MessageItem[];
  /** Items left out to keep the message within the channels' size limits. */
  omitted: number;
};

export type NotifyMessage = {
  purpose: OutboxPurpose;
  channel: string;
  idempotencyKey: string;
  plannedAt: string;
  item: MessageItem | null;
  /** Reminders: the days-before-due threshold that fired. */
  reminderDays: number | null;
  /** Escalations: the channel whose rule escalated. */
  escalatedFrom: string | null;
  digest: DigestContent | null;
};

/** The work item fields notifications look at. */
export type NotifyItem = Pick<
  WorkItem,
  | 'id'
  | 'ref'
  | 'kind'
  | 'category'
  | 'service'
  | 'accountId'
  | 'region'
  | 'resource'
  | 'title'
  | 'eventDate'
  | 'dueDate'
  | 'status'
  | 'owner'
  | 'team'
  | 'createdAt'
>;

/** What the planner needs from a catalog entry. */
export interface NotifyKind extends TitledKind {
  reminderDays: readonly number[];
}

export type KindLookup = (id: string) => NotifyKind | undefined;

/**
 * A page of the dashboard: `baseUrl` with or without a trailing slash (a server's own URL ends with
 * one), `path` with or without a leading one, joined by exactly one slash.
 */
export function dashboardLink(baseUrl: string, path = ''): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

export function messageItem(item: NotifyItem, kinds: KindLookup, baseUrl: string): MessageItem {
  const kind = kinds(item.kind);
  return {
    id: item.id,
    ref: item.ref,
    kind: item.kind,
    kindTitle: kind ? { ja: kind.title.ja, en: kind.title.en } : { ja: item.kind, en: item.kind },
    ...(kind?.itemTitle ? { itemTitle: { ja: kind.itemTitle.ja, en: kind.itemTitle.en } } : {}),
    title: item.title,
    category: item.category,
    status: item.status,
    dueDate: item.dueDate,
    eventDate: item.eventDate,
    resource: item.resource,
    accountId: item.accountId,
    region: item.region,
    service: item.service,
    owner: item.owner,
    team: item.team,
    url: dashboardLink(baseUrl, `items/${item.id}`),
  };
}

/** Idempotency keys: item + reminder/digest + channel. A rescheduled due date gets fresh reminders. */
export const messageKeys = {
  announce: (itemId: number, channel: string) => `item:${itemId}|announce|${channel}`,
  reminder: (itemId: number, days: number, dueDate: string, channel: string) =>
    `item:${itemId}|reminder:${days}d@${dueDate.slice(0, 10)}|${channel}`,
  escalation: (itemId: number, dueDate: string, channel: string) =>
    `item:${itemId}|escalation@${dueDate.slice(0, 10)}|${channel}`,
  digest: (day: string, channel: string) => `digest:${day}|${channel}`,
  test: (at: string, channel: string) => `test:${at}|${channel}`,
};
