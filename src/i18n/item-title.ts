import { parseArn } from '../core/arn.js';
import { dayInZone } from '../core/time.js';
import type { Lang, Localized } from '../core/types.js';
import type { WorkItem } from '../core/workitems.js';

/**
 * A work item's title in the reader's language, as the scanners write theirs: what, which resource,
 * when — in the past tense once the date has passed. The wording of each kind is its catalog entry's
 * `itemTitle`. Sources word their titles their own way (a mail subject, a Health event code); the
 * source's own text stays in the evidence.
 */

/** One language of a catalog entry's `itemTitle`: sentences with `{resource}` and `{date}` in them. */
export type ItemTitleWording = { upcoming: string; past: string };

export interface ItemTitleInput {
  kind: string;
  /** The resource as people name it (an ARN reduced to its id). */
  resource: string;
  /** The event day in the reader's time zone (YYYY-MM-DD), or null. */
  eventDay: string | null;
  /** Whether that day has passed. */
  past: boolean;
  /** The catalog title in the reader's language, when the kind is known. */
  kindTitle?: string;
  /** The catalog entry's `itemTitle` in the reader's language, when it has one. */
  wording?: ItemTitleWording;
}

export function itemTitle(lang: Lang, input: ItemTitleInput): string {
  const { wording, eventDay } = input;
  if (eventDay && wording) {
    const values: Record<string, string> = { resource: input.resource, date: eventDay };
    // A function replacement, so that `$` in a resource id is taken literally.
    return (input.past ? wording.past : wording.upcoming).replace(
      /\{(resource|date)\}/g,
      (_, key: string) => values[key] ?? '',
    );
  }
  const what = input.kindTitle ?? input.kind;
  const when = eventDay ? dayPhrase(lang, eventDay, input.past) : '';
  return lang === 'ja' ? `${what}：${input.resource}${when}` : `${what}: ${input.resource}${when}`;
}

function dayPhrase(lang: Lang, day: string, past: boolean): string {
  // An attack, a report, an exposure: going on since that day.
  if (lang === 'ja') return past ? `（${day} から）` : `（${day}）`;
  return past ? ` (since ${day})` : ` (${day})`;
}

/** What a title needs of the item's catalog entry (an `EventKind` has it). */
export interface TitledKind {
  title: Localized;
  itemTitle?: { ja: ItemTitleWording; en: ItemTitleWording } | undefined;
}

/** An ARN's resource id (`db:orders-db` → `orders-db`, `instance/i-0abc` → `i-0abc`); anything else as is. */
export function shortResource(resource: string): string {
  const rest = parseArn(resource)?.resource;
  if (!rest) return resource;
  const separator = rest.search(/[/:]/);
  return separator === -1 ? rest : rest.slice(separator + 1);
}

/**
 * The item's title as every reader sees it (dashboard, `opsradar list`, notifications): the catalog's
 * wording in `lang`, the event day in `timeZone`, past or upcoming as of `now`.
 */
export function displayTitle(
  view: { lang: Lang; timeZone: string; now: Date },
  item: Pick<WorkItem, 'kind' | 'resource' | 'eventDate'>,
  kind: TitledKind | undefined,
): string {
  const event = item.eventDate ? new Date(item.eventDate) : null;
  const valid = event && !Number.isNaN(event.getTime()) ? event : null;
  return itemTitle(view.lang, {
    kind: item.kind,
    resource: shortResource(item.resource),
    eventDay: valid ? dayInZone(valid, view.timeZone) : null,
    past: valid ? valid.getTime() < view.now.getTime() : false,
    ...(kind ? { kindTitle: kind.title[view.lang] } : {}),
    ...(kind?.itemTitle ? { wording: kind.itemTitle[view.lang] } : {}),
  });
}
