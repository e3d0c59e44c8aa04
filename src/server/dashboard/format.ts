import { DAY_MS, dayInZone } from '../../core/time.js';

export { DEFAULT_TIME_ZONE, dayInZone, formatInstant, isTimeZone } from '../../core/time.js';

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
