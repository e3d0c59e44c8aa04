import { DAY_MS } from '../../core/time.js';
import type { Lang } from '../../core/types.js';

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

const instantFormats = new Map<string, Intl.DateTimeFormat>();
const dayFormats = new Map<string, Intl.DateTimeFormat>();

function instantFormat(lang: Lang, timeZone: string): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}`;
  let format = instantFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
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

/** The calendar day (YYYY-MM-DD) of an instant in a zone. */
export function dayInZone(date: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timeZone, format);
  }
  return format.format(date);
}

/**
 * Due dates are days: shown as the day itself when stored as YYYY-MM-DD, else as the day of the
 * instant in the viewer's zone.
 */
export function formatDay(value: string | null | undefined, timeZone: string): string {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dayInZone(date, timeZone);
}

/** Whole days from today (in the zone) to the given day; negative when it is past. */
export function daysUntil(value: string, now: Date, timeZone: string): number {
  const day = formatDay(value, timeZone);
  const today = dayInZone(now, timeZone);
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
}
