import type { Lang } from './types.js';

/**
 * Time-zone arithmetic on instants (pure, no clock): what a person in a zone reads, and the instant
 * of a local wall-clock time. Times are stored in UTC and shown in the user's zone.
 */

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

/** The default display zone: most opsradar users work in Japan. */
export const DEFAULT_TIME_ZONE = 'Asia/Tokyo';

export function isTimeZone(value: string | undefined): value is string {
  if (!value || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Date and time to the minute: what every display of an instant shows. */
const TO_THE_MINUTE = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
} as const satisfies Intl.DateTimeFormatOptions;

const instantFormats = new Map<string, Intl.DateTimeFormat>();
const partFormats = new Map<string, Intl.DateTimeFormat>();

function instantFormat(lang: Lang, timeZone: string): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}`;
  let format = instantFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
      timeZone,
      ...TO_THE_MINUTE,
      timeZoneName: 'short',
    });
    instantFormats.set(key, format);
  }
  return format;
}

/** "2026-11-24 09:00 JST" style text for an instant, in the viewer's zone. */
export function formatInstant(iso: string | null | undefined, lang: Lang, timeZone: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return instantFormat(lang, timeZone).format(date);
}

/** Wall-clock parts of an instant in a zone. */
export interface ZonedParts {
  /** YYYY-MM-DD */
  day: string;
  /** Minutes since local midnight. */
  minutes: number;
}

export function zonedParts(date: Date, timeZone: string): ZonedParts {
  let format = partFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, ...TO_THE_MINUTE, hourCycle: 'h23' });
    partFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** `2026-12-03 10:00`: the wall clock of an instant in a zone. */
export function localClock(date: Date, timeZone: string): string {
  const { day, minutes } = zonedParts(date, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${day} ${two(Math.floor(minutes / 60))}:${two(minutes % 60)}`;
}

/** The calendar day (YYYY-MM-DD) of an instant in a zone. */
export function dayInZone(date: Date, timeZone: string): string {
  return zonedParts(date, timeZone).day;
}

/** `HH:MM` → minutes since midnight. */
export function parseClock(text: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!match) throw new RangeError(`not a HH:MM time: ${text}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** The instant when the wall clock in `timeZone` shows `minutes` past midnight on `day`. */
export function instantAtLocal(day: string, minutes: number, timeZone: string): Date {
  const guess = Date.parse(`${day}T00:00:00Z`) + minutes * MINUTE_MS;
  // The zone's offset at the guess, then once more at the corrected instant (DST edges).
  let instant = guess;
  for (let i = 0; i < 2; i++) {
    const seen = zonedParts(new Date(instant), timeZone);
    const seenAsUtc = Date.parse(`${seen.day}T00:00:00Z`) + seen.minutes * MINUTE_MS;
    instant += guess - seenAsUtc;
  }
  return new Date(instant);
}

/** The next day (YYYY-MM-DD) after `day`. */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}
