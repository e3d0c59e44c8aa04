/**
 * Dates as AWS writes them in notices, in English and Japanese, turned into UTC ISO-8601.
 * A date with a time but no zone is read as UTC in English text and as JST in Japanese text
 * (AWS Japan writes 日本時間 times); a date without a time is that calendar day at 00:00 UTC.
 */
export interface FoundDate {
  /** UTC ISO-8601. */
  iso: string;
  /** The text as written. */
  text: string;
  index: number;
  end: number;
  hasTime: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH =
  '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
const WEEKDAY = '(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\\.?,?\\s+)?';
const ZONE =
  '(?:\\s*\\(?\\s*((?:UTC|GMT)\\s*[+-]\\s*\\d{1,2}(?::?\\d{2})?|[+-]\\d{2}:?\\d{2}|Z|UTC|GMT|JST|KST|PST|PDT|MST|MDT|CST|CDT|EST|EDT|CET|CEST|日本時間|協定世界時)(?![A-Za-z])\\s*\\)?)?';
const TIME = '(\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?:\\.\\d+)?\\s*([AaPp]\\.?[Mm]\\.?)?';

const ZONE_OFFSETS: Record<string, number> = {
  Z: 0,
  UTC: 0,
  GMT: 0,
  協定世界時: 0,
  JST: 540,
  日本時間: 540,
  KST: 540,
  PST: -480,
  PDT: -420,
  MST: -420,
  MDT: -360,
  CST: -360,
  CDT: -300,
  EST: -300,
  EDT: -240,
  CET: 60,
  CEST: 120,
};

interface Pattern {
  regex: RegExp;
  japanese: boolean;
  read(m: RegExpExecArray): Parts | null;
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  meridiem?: string;
  zone?: string;
}

const num = (value: string | undefined): number | undefined =>
  value === undefined ? undefined : Number(value);

/** The optional time and zone groups that follow the date in the English and ISO patterns, from group `i`. */
const clock = (m: RegExpExecArray, i: number) => ({
  hour: num(m[i]),
  minute: num(m[i + 1]),
  second: num(m[i + 2]),
  meridiem: m[i + 3],
  zone: m[i + 4],
});

const PATTERNS: Pattern[] = [
  // Wed, 31 Jan 2018 11:00:00 GMT · 31 January 2018
  {
    regex: new RegExp(
      `${WEEKDAY}(\\d{1,2})\\s+${MONTH},?\\s+(\\d{4})(?:,?\\s+(?:at\\s+)?${TIME})?${ZONE}`,
      'gi',
    ),
    japanese: false,
    read: (m) => ({
      day: Number(m[1]),
      month: monthNumber(m[2]),
      year: Number(m[3]),
      ...clock(m, 4),
    }),
  },
  // January 31, 2018 · Wednesday, January 31, 2018 at 11:00 AM UTC
  {
    regex: new RegExp(
      `${WEEKDAY}${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?:,?\\s+(?:at\\s+)?${TIME})?${ZONE}`,
      'gi',
    ),
    japanese: false,
    read: (m) => ({
      month: monthNumber(m[1]),
      day: Number(m[2]),
      year: Number(m[3]),
      ...clock(m, 4),
    }),
  },
  // 2018-01-31 11:00 UTC · 2018-01-31T11:00:00Z · 2018/01/31 20:00 JST
  {
    regex: new RegExp(`(\\d{4})([-/])(\\d{1,2})\\2(\\d{1,2})(?:(?:T|\\s+)${TIME})?${ZONE}`, 'gi'),
    japanese: false,
    read: (m) => ({
      year: Number(m[1]),
      month: Number(m[3]),
      day: Number(m[4]),
      ...clock(m, 5),
    }),
  },
  // 2018年1月31日(水) 午後8時00分 (日本時間) · 2018年1月31日 20:00 JST
  {
    regex: new RegExp(
      `(\\d{4})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日(?:\\s*[（(][日月火水木金土][曜日]*[)）])?(?:\\s*(午前|午後)?\\s*(\\d{1,2})\\s*(?:[:：]|時)\\s*(\\d{1,2})?\\s*分?(?:[:：](\\d{2})\\s*秒?)?)?${ZONE}`,
      'g',
    ),
    japanese: true,
    read: (m) => ({
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      meridiem: m[4] === '午後' ? 'pm' : m[4] === '午前' ? 'am' : undefined,
      hour: num(m[5]),
      minute: m[5] === undefined ? undefined : Number(m[6] ?? 0),
      second: num(m[7]),
      zone: m[8],
    }),
  },
];

function monthNumber(name: string | undefined): number {
  return MONTHS.indexOf((name ?? '').slice(0, 3).toLowerCase()) + 1;
}

function zoneOffsetMinutes(zone: string | undefined, japaneseText: boolean): number {
  if (!zone) return japaneseText ? 540 : 0;
  const trimmed = zone.replace(/\s+/g, '');
  const named = ZONE_OFFSETS[trimmed.toUpperCase()] ?? ZONE_OFFSETS[trimmed];
  if (named !== undefined) return named;
  const m = /([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(trimmed);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

function toIso(parts: Parts, japaneseText: boolean): string | null {
  const { year, month, day } = parts;
  if (year < 1990 || year > 2200 || month < 1 || month > 12 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  if (parts.hour === undefined) return new Date(Date.UTC(year, month - 1, day)).toISOString();
  let hour = parts.hour;
  const meridiem = parts.meridiem?.replace(/\./g, '').toLowerCase();
  if (meridiem === 'pm' && hour < 12) hour += 12;
  if (meridiem === 'am' && hour === 12) hour = 0;
  const minute = parts.minute ?? 0;
  const second = parts.second ?? 0;
  if (hour > 24 || minute > 59 || second > 60) return null;
  const offset = zoneOffsetMinutes(parts.zone, japaneseText);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second) - offset * 60_000;
  return new Date(utc).toISOString();
}

/** Every date in the text, in order of appearance; overlapping matches keep the longest. */
export function findDates(text: string): FoundDate[] {
  const found: FoundDate[] = [];
  for (const pattern of PATTERNS) {
    pattern.regex.lastIndex = 0;
    for (let m = pattern.regex.exec(text); m; m = pattern.regex.exec(text)) {
      const parts = pattern.read(m);
      if (!parts) continue;
      const iso = toIso(parts, pattern.japanese);
      if (!iso) continue;
      const raw = m[0].trimEnd();
      found.push({
        iso,
        text: raw,
        index: m.index,
        end: m.index + raw.length,
        hasTime: parts.hour !== undefined,
      });
    }
  }
  found.sort((a, b) => a.index - b.index || b.end - a.end);
  const kept: FoundDate[] = [];
  for (const date of found) {
    const last = kept[kept.length - 1];
    if (last && date.index < last.end) continue;
    kept.push(date);
  }
  return kept;
}

/** One date, e.g. a forwarded header's "Date:" line; null when none is recognised. */
export function parseDate(text: string): string | null {
  const [first] = findDates(text);
  if (first) return first.iso;
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
}
