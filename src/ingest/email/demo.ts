import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DAY_MS } from '../../core/time.js';
import { dataDir } from '../../paths.js';

/** The demo company's receiving server, as it signs Authentication-Results in the demo notices. */
export const DEMO_AUTHSERV_ID = 'mx.example.co.jp';

/** The demo's notices: real .eml files whose dates are written relative to today, so the demo never goes stale. */
export const demoMailDir = join(dataDir, 'scenarios', 'demo', 'mail');

const TOKEN = /\{\{date:([+-]\d+[dhm](?:[+-]\d+[dhm])*):(rfc2822|iso-utc|long)\}\}/g;
const UNIT_MS: Record<string, number> = { d: DAY_MS, h: 3_600_000, m: 60_000 };
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const pad = (n: number): string => String(n).padStart(2, '0');

function shift(now: Date, offset: string): Date {
  let ms = now.getTime();
  for (const m of offset.matchAll(/([+-]\d+)([dhm])/g)) ms += Number(m[1]) * (UNIT_MS[m[2] ?? 'd'] ?? 0);
  // Whole minutes keep the rendered text stable within a demo run.
  return new Date(Math.floor(ms / 60_000) * 60_000);
}

function format(date: Date, style: string): string {
  const y = date.getUTCFullYear();
  const mo = date.getUTCMonth();
  const d = date.getUTCDate();
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
  if (style === 'rfc2822') return `${DAYS[date.getUTCDay()]}, ${d} ${MONTHS[mo]} ${y} ${time}:00 GMT`;
  if (style === 'iso-utc') return `${y}-${pad(mo + 1)}-${pad(d)} ${time} UTC`;
  return `${LONG_MONTHS[mo]} ${d}, ${y}`;
}

/** Replaces `{{date:+12d+2h:rfc2822}}` tokens (ASCII, so any charset survives) with dates relative to `now`. */
export function renderDemoMail(template: Buffer, now: Date): Buffer {
  const text = template.toString('latin1');
  return Buffer.from(
    text.replace(TOKEN, (_, offset: string, style: string) => format(shift(now, offset), style)),
    'latin1',
  );
}

/** The demo notices, rendered for `now`, in file order. */
export function demoMail(now: Date = new Date()): Array<{ origin: string; raw: Buffer }> {
  return readdirSync(demoMailDir)
    .filter((name) => name.endsWith('.eml'))
    .sort()
    .map((name) => ({
      origin: `demo:${name}`,
      raw: renderDemoMail(readFileSync(join(demoMailDir, name)), now),
    }));
}
