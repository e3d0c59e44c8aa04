/**
 * Dates as AWS Health writes them: RFC 1123 strings in EventBridge events ("Wed, 31 Jan 2018 11:00:00 GMT"),
 * Date objects from the SDK (epoch seconds on the wire), ISO-8601 in saved files.
 */
export function toIsoDate(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'number') {
    // The JSON protocol sends epoch seconds; anything this large is already milliseconds.
    const ms = value > 1e11 ? value : value * 1000;
    const d = new Date(ms);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return toIsoDate(Number(text));
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** ISO dates ("2024-02-20", "2024-02-20 10:00 UTC", "2024-02-20T10:00:00Z") and "February 20, 2024" / "20 February 2024". */
const ISO_IN_TEXT = /\b(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\s*(?:UTC|GMT|Z))?)?/u;
const MDY_IN_TEXT =
  /\b(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/iu;
const DMY_IN_TEXT =
  /\b(\d{1,2})\s+(january|february|march|april|may|june|july|august|september|october|november|december)\s+(\d{4})\b/iu;

function monthIndex(name: string): number {
  const lower = name.toLowerCase();
  return MONTHS.findIndex((m) => m.startsWith(lower.slice(0, 3)));
}

function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): string | null {
  const d = new Date(Date.UTC(year, month, day, hour, minute, second));
  if (d.getUTCMonth() !== month || d.getUTCDate() !== day) return null;
  return d.toISOString();
}

interface Found {
  index: number;
  iso: string;
}

function firstDateIn(text: string): Found | null {
  const found: Found[] = [];
  const iso = ISO_IN_TEXT.exec(text);
  if (iso) {
    const value = utc(
      Number(iso[1]),
      Number(iso[2]) - 1,
      Number(iso[3]),
      Number(iso[4] ?? 0),
      Number(iso[5] ?? 0),
      Number(iso[6] ?? 0),
    );
    if (value) found.push({ index: iso.index, iso: value });
  }
  const mdy = MDY_IN_TEXT.exec(text);
  if (mdy?.[1]) {
    const value = utc(Number(mdy[3]), monthIndex(mdy[1]), Number(mdy[2]));
    if (value) found.push({ index: mdy.index, iso: value });
  }
  const dmy = DMY_IN_TEXT.exec(text);
  if (dmy?.[2]) {
    const value = utc(Number(dmy[3]), monthIndex(dmy[2]), Number(dmy[1]));
    if (value) found.push({ index: dmy.index, iso: value });
  }
  found.sort((a, b) => a.index - b.index);
  return found[0] ?? null;
}

/**
 * The first date a Health description gives after a word that announces the deadline
 * ("retired on", "after", "scheduled for", "deprecat", "end of"), else the first date at all.
 */
export function dateInDescription(description: string | undefined): string | null {
  if (!description) return null;
  const cue =
    /\b(retire|retirement|stop|terminat|reboot|maintenance|scheduled|deprecat|end(?:s)? (?:of )?(?:standard )?support|end-of-life|no longer|block|upgrade|after|before|by)/giu;
  for (let m = cue.exec(description); m; m = cue.exec(description)) {
    const window = description.slice(m.index, m.index + 160);
    const hit = firstDateIn(window);
    if (hit) return hit.iso;
  }
  return firstDateIn(description)?.iso ?? null;
}

/** Metadata keys AWS uses for a deadline (e.g. deprecation_date, end_of_support_date, maintenance_start). */
export function dateInMetadata(metadata: Record<string, string> | undefined): string | null {
  if (!metadata) return null;
  for (const [key, value] of Object.entries(metadata)) {
    if (!/(date|deadline|time|start)/iu.test(key)) continue;
    const iso = toIsoDate(value) ?? firstDateIn(value)?.iso ?? null;
    if (iso) return iso;
  }
  return null;
}
