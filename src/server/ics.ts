/**
 * A minimal iCalendar (RFC 5545) writer for the calendar feed: due dates as all-day events and
 * AWS maintenance windows as timed events, all in UTC so every calendar client agrees.
 */

export interface CalendarEvent {
  /** Stable per work item and event type, so a subscribed calendar updates instead of duplicating. */
  uid: string;
  summary: string;
  description?: string;
  url?: string;
  categories?: string[];
  /** An all-day event on this UTC date (YYYY-MM-DD)... */
  date?: string;
  /** ...or a timed event between these UTC instants. */
  start?: string;
  end?: string;
}

/** Escapes TEXT values: backslash, semicolon, comma and newlines (RFC 5545 3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 sequence: Japanese
 * titles are 3 octets per character, so counting characters would produce invalid lines.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      // Continuation lines start with a space, which counts towards their 75 octets.
      limit = 74;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function utcStamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date: ${iso}`);
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function dateValue(day: string): string {
  return day.replace(/-/g, '');
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

export function renderCalendar(options: { name: string; events: CalendarEvent[]; now: Date }): string {
  const stamp = utcStamp(options.now.toISOString());
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//opsradar//opsradar calendar//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.name)}`,
    'X-WR-TIMEZONE:UTC',
  ];
  for (const event of options.events) {
    lines.push('BEGIN:VEVENT', `UID:${escapeText(event.uid)}`, `DTSTAMP:${stamp}`);
    if (event.date) {
      lines.push(
        `DTSTART;VALUE=DATE:${dateValue(event.date)}`,
        `DTEND;VALUE=DATE:${dateValue(nextDay(event.date))}`,
      );
      lines.push('TRANSP:TRANSPARENT');
    } else if (event.start) {
      lines.push(`DTSTART:${utcStamp(event.start)}`);
      // A window without an end is shown as one hour, the smallest block calendars render well.
      const end = event.end ?? new Date(new Date(event.start).getTime() + 3_600_000).toISOString();
      lines.push(`DTEND:${utcStamp(end)}`);
    }
    lines.push(`SUMMARY:${escapeText(event.summary)}`);
    if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
    if (event.categories?.length) lines.push(`CATEGORIES:${event.categories.map(escapeText).join(',')}`);
    if (event.url) lines.push(`URL:${event.url}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
