import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, renderCalendar } from '../src/server/ics.js';

describe('iCalendar writer', () => {
  it('escapes backslashes, semicolons, commas and newlines', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
  });

  it('folds lines at 75 octets without splitting a Japanese character', () => {
    // Prepare: 3 octets per character, so 75 octets do not fall on a character boundary
    const line = `SUMMARY:${'証明書の有効期限'.repeat(6)}`;

    // Act
    const folded = foldLine(line);

    // Assess
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    for (const part of parts.slice(1)) expect(part.startsWith(' ')).toBe(true);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
    expect(folded).not.toContain('\uFFFD');
  });

  it('writes all-day due dates and timed UTC windows with stable UIDs', () => {
    const ics = renderCalendar({
      name: 'opsradar',
      now: new Date('2026-11-24T03:00:00Z'),
      events: [
        { uid: 'opsradar-item-1-due@opsradar', summary: '対応期限: #1 EC2 リタイア', date: '2026-12-01' },
        {
          uid: 'opsradar-item-1-window@opsradar',
          summary: 'AWS メンテナンス',
          start: '2026-12-08T15:00:00.000Z',
          end: '2026-12-08T19:00:00Z',
        },
      ],
    });

    expect(ics.split('\r\n')).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//opsradar//opsradar calendar//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'X-WR-CALNAME:opsradar',
      'X-WR-TIMEZONE:UTC',
      'BEGIN:VEVENT',
      'UID:opsradar-item-1-due@opsradar',
      'DTSTAMP:20261124T030000Z',
      'DTSTART;VALUE=DATE:20261201',
      'DTEND;VALUE=DATE:20261202',
      'TRANSP:TRANSPARENT',
      'SUMMARY:対応期限: #1 EC2 リタイア',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:opsradar-item-1-window@opsradar',
      'DTSTAMP:20261124T030000Z',
      'DTSTART:20261208T150000Z',
      'DTEND:20261208T190000Z',
      'SUMMARY:AWS メンテナンス',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ]);
  });
});
