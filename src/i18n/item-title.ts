import type { Lang } from '../core/types.js';

/**
 * A work item's title in the reader's language, as the scanners write theirs: what, which resource,
 * when — in the past tense once the date has passed. The wording of each kind is its catalog entry's
 * `itemTitle`. Sources word their titles their own way (a mail subject, a Health event code); the
 * source's own text stays in the evidence.
 */

/** One language of a catalog entry's `itemTitle`: sentences with `{resource}` and `{date}` in them. */
export interface ItemTitleWording {
  upcoming: string;
  past: string;
}

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
