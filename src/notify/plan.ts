import { DAY_MS, instantAtLocal, nextDay, parseClock, zonedParts } from '../core/time.js';
import { urgencyOf } from '../core/workitems.js';
import type { NewOutboxMessage } from '../store/index.js';
import type { ChannelConfig, NotifyRule, NotifySettings } from './config.js';
import {
  type DigestContent,
  type KindLookup,
  type MessageItem,
  messageItem,
  messageKeys,
  type NotifyItem,
  type NotifyMessage,
} from './message.js';
import { type SelectionContext, selectingRule } from './select.js';

/**
 * Works out what is due to be said, as pure functions of the clock and the facts (no I/O): new
 * items to announce, reminders at `reminderDays` before the due date, each channel's daily digest,
 * and escalations of overdue items nobody acknowledged. The result is a list of candidate outbox
 * messages; the outbox drops those whose idempotency key it already holds.
 */
export interface PlanInput {
  now: Date;
  settings: Pick<NotifySettings, 'channels' | 'rules' | 'baseUrl'>;
  /** Active work items (open, acknowledged, in progress). */
  items: readonly NotifyItem[];
  kinds: KindLookup;
  organizationalUnits: Readonly<Record<string, readonly string[]>>;
  /**
   * Announcement keys already in the outbox, with when they were queued: a reminder whose day had
   * already come when the item was announced is left to the announcement.
   */
  announced: ReadonlyMap<string, string>;
  /** When each channel's previous digest was queued ("new" means new since then). */
  lastDigestAt: Readonly<Record<string, string | undefined>>;
}

/** Digests list at most this many items per section (Slack allows 50 blocks, Teams cards ~28 KB). */
export const DIGEST_SECTION_LIMIT = 12;

/**
 * When a message may go out on a channel: now, or the end of its quiet hours when now falls inside
 * them (`from`–`to` local time, possibly across midnight).
 */
export function releaseTime(channel: ChannelConfig, now: Date): Date {
  if (!channel.quietHours) return now;
  const from = parseClock(channel.quietHours.from);
  const to = parseClock(channel.quietHours.to);
  if (from === to) return now;
  const local = zonedParts(now, channel.timeZone);
  const inside =
    from < to ? local.minutes >= from && local.minutes < to : local.minutes >= from || local.minutes < to;
  if (!inside) return now;
  const endDay = from > to && local.minutes >= from ? nextDay(local.day) : local.day;
  return instantAtLocal(endDay, to, channel.timeZone);
}

/** The latest reminder threshold that has passed and came after the item was created, if any. */
export function dueReminder(
  item: Pick<NotifyItem, 'dueDate' | 'createdAt'>,
  reminderDays: readonly number[],
  now: Date,
  announcedAt?: string,
): number | undefined {
  if (!item.dueDate) return undefined;
  const due = Date.parse(item.dueDate);
  const created = Math.max(Date.parse(item.createdAt), announcedAt ? Date.parse(announcedAt) : 0);
  const passed = reminderDays.filter((days) => {
    const at = due - days * DAY_MS;
    return at <= now.getTime() && at >= created;
  });
  return passed.length ? Math.min(...passed) : undefined;
}

function message(
  base: Pick<NotifyMessage, 'purpose' | 'channel' | 'idempotencyKey'>,
  now: Date,
  parts: Partial<Pick<NotifyMessage, 'item' | 'reminderDays' | 'escalatedFrom' | 'digest'>>,
): NotifyMessage {
  return {
    ...base,
    plannedAt: now.toISOString(),
    item: parts.item ?? null,
    reminderDays: parts.reminderDays ?? null,
    escalatedFrom: parts.escalatedFrom ?? null,
    digest: parts.digest ?? null,
  };
}

function outboxMessage(msg: NotifyMessage, workItemId: number | null, notBefore: Date): NewOutboxMessage {
  return {
    idempotencyKey: msg.idempotencyKey,
    channel: msg.channel,
    purpose: msg.purpose,
    workItemId,
    payload: msg,
    notBefore: notBefore.toISOString(),
  };
}

interface ChannelPlanContext {
  input: PlanInput;
  selection: SelectionContext;
  byName: ReadonlyMap<string, ChannelConfig>;
}

/** Announcement, reminder and escalation of one item on one channel whose rule selected it. */
function planItem(
  ctx: ChannelPlanContext,
  channel: ChannelConfig,
  rule: NotifyRule,
  item: NotifyItem,
): NewOutboxMessage[] {
  const { now, kinds, settings } = ctx.input;
  const out: NewOutboxMessage[] = [];
  const body = messageItem(item, kinds, settings.baseUrl);
  const announceKey = messageKeys.announce(item.id, channel.name);
  const emergency = item.category === 'emergency';
  const announcing = !ctx.input.announced.has(announceKey) && (rule.announce === 'immediate' || emergency);
  if (announcing) {
    const msg = message({ purpose: 'announce', channel: channel.name, idempotencyKey: announceKey }, now, {
      item: body,
    });
    // A new emergency goes out at once, quiet hours or not.
    out.push(outboxMessage(msg, item.id, emergency ? now : releaseTime(channel, now)));
  }
  const days = dueReminder(
    item,
    rule.reminderDays ?? kinds(item.kind)?.reminderDays ?? [],
    now,
    ctx.input.announced.get(announceKey),
  );
  if (days !== undefined && item.dueDate && !announcing) {
    const key = messageKeys.reminder(item.id, days, item.dueDate, channel.name);
    const msg = message({ purpose: 'reminder', channel: channel.name, idempotencyKey: key }, now, {
      item: body,
      reminderDays: days,
    });
    out.push(outboxMessage(msg, item.id, releaseTime(channel, now)));
  }
  const target = rule.escalateTo ? ctx.byName.get(rule.escalateTo) : undefined;
  if (target && item.status === 'open' && item.dueDate) {
    const escalateAt = Date.parse(item.dueDate) + rule.escalateAfterHours * 3_600_000;
    if (now.getTime() >= escalateAt) {
      const key = messageKeys.escalation(item.id, item.dueDate, target.name);
      const msg = message({ purpose: 'escalation', channel: target.name, idempotencyKey: key }, now, {
        item: body,
        escalatedFrom: channel.name,
      });
      out.push(outboxMessage(msg, item.id, releaseTime(target, now)));
    }
  }
  return out;
}

function byDue(a: MessageItem, b: MessageItem): number {
  return (a.dueDate ?? '').localeCompare(b.dueDate ?? '') || a.id - b.id;
}

/** Today's digest for a channel, once its local digest time has come and there is something to say. */
function planDigest(
  ctx: ChannelPlanContext,
  channel: ChannelConfig,
  selected: readonly NotifyItem[],
): NewOutboxMessage | undefined {
  const { now, kinds, settings } = ctx.input;
  if (channel.digestAt === false) return undefined;
  const local = zonedParts(now, channel.timeZone);
  if (local.minutes < parseClock(channel.digestAt)) return undefined;
  const since = ctx.input.lastDigestAt[channel.name] ?? new Date(now.getTime() - DAY_MS).toISOString();
  const sections = {
    newItems: [] as MessageItem[],
    dueSoon: [] as MessageItem[],
    overdue: [] as MessageItem[],
  };
  for (const item of selected) {
    const body = messageItem(item, kinds, settings.baseUrl);
    if (item.createdAt > since) sections.newItems.push(body);
    const urgency = urgencyOf(item.dueDate, now);
    if (urgency === 'overdue') sections.overdue.push(body);
    else if (urgency === 'within_7_days') sections.dueSoon.push(body);
  }
  const total = sections.newItems.length + sections.dueSoon.length + sections.overdue.length;
  if (total === 0) return undefined;
  const cut = (list: MessageItem[]) => list.sort(byDue).slice(0, DIGEST_SECTION_LIMIT);
  const digest: DigestContent = {
    day: local.day,
    timeZone: channel.timeZone,
    newItems: cut(sections.newItems),
    dueSoon: cut(sections.dueSoon),
    overdue: cut(sections.overdue),
    omitted: 0,
  };
  digest.omitted = total - digest.newItems.length - digest.dueSoon.length - digest.overdue.length;
  const key = messageKeys.digest(local.day, channel.name);
  const msg = message({ purpose: 'digest', channel: channel.name, idempotencyKey: key }, now, { digest });
  return outboxMessage(msg, null, releaseTime(channel, now));
}

/** Every message due now, as candidates for the outbox (which keeps each key once). */
export function planNotifications(input: PlanInput): NewOutboxMessage[] {
  const ctx: ChannelPlanContext = {
    input,
    selection: { now: input.now, organizationalUnits: input.organizationalUnits },
    byName: new Map(input.settings.channels.map((channel) => [channel.name, channel])),
  };
  const out: NewOutboxMessage[] = [];
  for (const channel of input.settings.channels) {
    const selected: NotifyItem[] = [];
    for (const item of input.items) {
      const rule = selectingRule(input.settings.rules, channel.name, item, ctx.selection);
      if (!rule) continue;
      selected.push(item);
      out.push(...planItem(ctx, channel, rule, item));
    }
    const digest = planDigest(ctx, channel, selected);
    if (digest) out.push(digest);
  }
  return out;
}

/** The announcement keys a pass should look up before planning (see `PlanInput.announced`). */
export function announceKeys(
  settings: Pick<NotifySettings, 'channels'>,
  items: readonly NotifyItem[],
): string[] {
  return settings.channels.flatMap((channel) =>
    items.map((item) => messageKeys.announce(item.id, channel.name)),
  );
}

/** The announcement each channel would get for one item (`opsradar notify preview`). */
export function previewAnnouncements(
  input: Pick<PlanInput, 'now' | 'settings' | 'kinds' | 'organizationalUnits'>,
  item: NotifyItem,
): NotifyMessage[] {
  const selection = { now: input.now, organizationalUnits: input.organizationalUnits };
  return input.settings.channels
    .filter((channel) => selectingRule(input.settings.rules, channel.name, item, selection))
    .map((channel) =>
      message(
        {
          purpose: 'announce',
          channel: channel.name,
          idempotencyKey: messageKeys.announce(item.id, channel.name),
        },
        input.now,
        { item: messageItem(item, input.kinds, input.settings.baseUrl) },
      ),
    );
}

/** A sample message for `opsradar notify test CHANNEL`. */
export function testMessage(channel: string, now: Date): NotifyMessage {
  return message(
    { purpose: 'test', channel, idempotencyKey: messageKeys.test(now.toISOString(), channel) },
    now,
    {},
  );
}
