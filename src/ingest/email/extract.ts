import type { EventKind, ResourceType } from '../../catalog/schema.js';
import { parseArn } from '../../core/arn.js';
import { DAY_MS } from '../../core/time.js';
import { type FoundDate, findDates } from './dates.js';
import { findRegionNames, REGION_CODE } from './regions.js';

export type { ResourceType } from '../../catalog/schema.js';

export interface ExtractedResource {
  id: string;
  type: ResourceType;
}

export interface ExtractedDates {
  /** The date that matters for this kind (retirement, maintenance start, end of support, expiry). */
  eventDate: string | null;
  /** The end of a maintenance window. */
  eventEndDate: string | null;
  /** How the event date was chosen, for the evidence. */
  basis: 'window' | 'label' | 'keyword' | 'first-future' | 'first' | 'message-date' | 'none';
  /** Dates per resource when a notice lists each resource with its own date (tables). */
  perResource: Record<string, string>;
  found: Array<{ iso: string; text: string }>;
}

export interface Extraction {
  accountId: string | null;
  region: string | null;
  resources: ExtractedResource[];
  /** Every resource id seen, including ones not primary for this kind (evidence). */
  mentioned: ExtractedResource[];
  dates: ExtractedDates;
}

const ARN = /\barn:aws(?:-[a-z-]+)?:[a-z0-9-]+:[a-z0-9-]*:(?:\d{12})?:[^\s"'<>),;]+/g;
const SIMPLE_IDS: ReadonlyArray<readonly [RegExp, ResourceType]> = [
  [/\bi-(?:[0-9a-f]{17}|[0-9a-f]{8})\b/g, 'ec2-instance'],
  [/\bdxcon-[0-9a-z]{8,}\b/g, 'dx-connection'],
  [/\bdxlag-[0-9a-z]{8,}\b/g, 'dx-lag'],
  [/\bdxvif-[0-9a-z]{8,}\b/g, 'dx-virtual-interface'],
  [/\bvpn-(?:[0-9a-f]{17}|[0-9a-f]{8})\b/g, 'vpn-connection'],
];
const IPV4 = /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/g;
const DOMAIN = /\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,24}|xn--[a-z0-9-]{2,59})\b/gi;
/** Domains of AWS itself and of links in notices: never the customer's domain. */
const NOT_CUSTOMER_DOMAIN =
  /(^|\.)(amazon\.com|amazonaws\.com|aws\.amazon\.com|aws\.com|amazon\.co\.jp|awsstatic\.com|aws|w3\.org|example\.(com|net|org)\.invalid)$/i;
const FILE_LIKE = /\.(html?|php|aspx?|jsp|png|jpe?g|gif|pdf|zip|txt|eml|json|ya?ml)$/i;

const ACCOUNT_LABELLED =
  /(?:AWS\s+Account(?:\s+(?:ID|Number|No\.?))?|Account\s+(?:ID|Number)|アカウント\s*(?:ID|番号)?)\s*[:：#]?\s*(\d{4}-?\d{4}-?\d{4})(?!\d)/gi;
const ACCOUNT_BARE = /(?<![\d-])(\d{4}-\d{4}-\d{4}|\d{12})(?![\d-])/g;

const DB_INSTANCE =
  /(?:DB\s*instances?(?:\s*(?:identifier|name|ID))?|DB\s*インスタンス(?:\s*(?:識別子|名|ID))?)\s*[:：]?\s*["'「]?([A-Za-z][A-Za-z0-9-]{0,62})(?![A-Za-z0-9-])/gi;
const FUNCTION_NAME = /(?:Function\s*name|関数名)\s*[:：]\s*["'「]?([A-Za-z0-9_-]{1,64})(?![A-Za-z0-9_-])/gi;
const DOMAIN_LABELLED = /(?:Domain\s*(?:name)?|ドメイン名?)\s*[:：]\s*["'「]?([^\s"'」]+)/gi;
const DOMAIN_CONTEXT = /\b(?:domain(?:\s+name)?|renewal\s+of|renew)\s+["'「]?([a-z0-9.-]+\.[a-z]{2,24})\b/gi;

const START_LABEL =
  /(?:start(?:s|ing)?(?:\s*(?:time|date))?|begin(?:s|ning)?|開始(?:日時|時刻|予定)?)\s*[:：]?\s*(?:at\s+|on\s+)?$/i;
const END_LABEL =
  /(?:end(?:s)?\s*(?:time|date)?\s*[:：]|ends?\s+(?:at|on)|終了(?:日時|時刻|予定)?\s*[:：]?)\s*$/i;
const RANGE_JOIN = /^\s*(?:to|until|till|through|thru|-|–|—|~|〜|～|から|より)\s*$/i;

function uniqueResources(list: ExtractedResource[]): ExtractedResource[] {
  const seen = new Set<string>();
  return list.filter((r) => {
    const key = r.id.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function positions(regex: RegExp, text: string): RegExpExecArray[] {
  regex.lastIndex = 0;
  return [...text.matchAll(regex)] as RegExpExecArray[];
}

export function extractAccountId(subject: string, body: string): string | null {
  for (const source of [subject, body]) {
    const [labelled] = positions(ACCOUNT_LABELLED, source);
    if (labelled?.[1]) return labelled[1].replace(/-/g, '');
  }
  const arn = /\barn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/.exec(body);
  if (arn?.[1]) return arn[1];
  for (const source of [subject, body]) {
    const [bare] = positions(ACCOUNT_BARE, source);
    if (bare?.[1]) return bare[1].replace(/-/g, '');
  }
  return null;
}

export function extractRegion(subject: string, body: string): string | null {
  const labelled = /(?:Region|リージョン)\s*[:：]\s*([a-z]{2}(?:-gov)?-[a-z]+-\d)/i.exec(body);
  if (labelled?.[1]) return labelled[1].toLowerCase();
  for (const source of [subject, body]) {
    const [code] = positions(REGION_CODE, source);
    const [name] = findRegionNames(source);
    if (code && (!name || code.index <= name.index)) return code[0];
    if (name) return name.code;
  }
  return null;
}

export function extractResources(subject: string, body: string): ExtractedResource[] {
  const text = `${subject}\n${body}`;
  const found: Array<ExtractedResource & { index: number }> = [];
  for (const m of positions(ARN, text)) {
    const arn = m[0].replace(/[.:]+$/, '');
    const service = parseArn(arn)?.service ?? '';
    let type: ResourceType = 'arn';
    if (service === 'acm' && arn.includes(':certificate/')) type = 'acm-certificate';
    else if (service === 'lambda' && arn.includes(':function:')) type = 'lambda-function';
    else if (service === 'rds' && arn.includes(':db:')) type = 'rds-db-instance';
    found.push({ id: arn, type, index: m.index });
  }
  const insideArn = (index: number): boolean =>
    found.some((f) => index >= f.index && index < f.index + f.id.length);
  for (const [regex, type] of SIMPLE_IDS) {
    for (const m of positions(regex, text))
      if (!insideArn(m.index)) found.push({ id: m[0], type, index: m.index });
  }
  for (const m of positions(DB_INSTANCE, text)) {
    const name = m[1];
    if (name && !/^(?:is|was|will|has|in|on|for|the|and|of|identifier|name|id|instances?)$/i.test(name)) {
      found.push({ id: name, type: 'rds-db-instance', index: m.index });
    }
  }
  for (const m of positions(FUNCTION_NAME, text)) {
    if (m[1]) found.push({ id: m[1], type: 'lambda-function', index: m.index });
  }
  for (const m of positions(IPV4, text)) {
    if (!insideArn(m.index) && !/^(?:10|127|0)\./.test(m[0]) && !/^192\.168\./.test(m[0])) {
      found.push({ id: m[0], type: 'ip-address', index: m.index });
    }
  }
  found.sort((a, b) => a.index - b.index);
  return uniqueResources(found.map(({ id, type }) => ({ id, type })));
}

/** Customer domain names, only looked for where the kind is about a domain (links are everywhere). */
export function extractDomains(subject: string, body: string): ExtractedResource[] {
  const found: string[] = [];
  const consider = (candidate: string | undefined): void => {
    if (!candidate) return;
    const domain = candidate.toLowerCase().replace(/\.$/, '');
    DOMAIN.lastIndex = 0;
    if (!DOMAIN.test(domain) || NOT_CUSTOMER_DOMAIN.test(domain) || FILE_LIKE.test(domain)) return;
    if (/^\d+(\.\d+)+$/.test(domain)) return;
    found.push(domain);
  };
  for (const m of positions(DOMAIN_LABELLED, body)) consider(m[1]);
  for (const m of positions(DOMAIN_CONTEXT, `${subject}\n${body}`)) consider(m[1]);
  if (found.length === 0) for (const m of positions(DOMAIN, subject)) consider(m[0]);
  return uniqueResources(found.map((id) => ({ id, type: 'domain' as const })));
}

export function primaryResources(kind: EventKind | null, all: ExtractedResource[]): ExtractedResource[] {
  const content = kind?.detection.content;
  if (content?.accountWide && content.resources.length === 0) return [];
  if (!content || content.resources.length === 0) {
    return all.filter((r) => r.type !== 'ip-address' && r.type !== 'dx-virtual-interface');
  }
  for (const tier of content.resources) {
    const types: readonly ResourceType[] = Array.isArray(tier) ? tier : [tier];
    const matching = all.filter((r) => types.includes(r.type));
    if (matching.length > 0) return matching;
  }
  return [];
}

/** Longest line looked at around a date or id (a table row); bounds the work on hostile one-line bodies. */
const MAX_LINE = 400;
/** Table rows with their own date: enough for any real notice, bounded for hostile ones. */
const MAX_ROWS = 200;

/** The line around `index`, searched at most MAX_LINE characters each way. */
function lineOf(text: string, index: number): { start: number; end: number } {
  const from = Math.max(0, index - MAX_LINE);
  const before = text.slice(from, index).lastIndexOf('\n');
  const after = text.slice(index, index + MAX_LINE).indexOf('\n');
  return {
    start: before < 0 ? from : from + before + 1,
    end: after < 0 ? Math.min(text.length, index + MAX_LINE) : index + after,
  };
}

/** Where the kind's date cues occur (ASCII case ignored): plain substring search, linear in the body. */
function cuePositions(kind: EventKind | null, body: string): number[] {
  const cues = kind?.detection.content?.dates.cues;
  if (!cues) return [];
  const lower = body.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
  const found: number[] = [];
  for (const cue of [...cues.en, ...cues.ja]) {
    const needle = cue.toLowerCase();
    for (let at = lower.indexOf(needle); at >= 0 && found.length < 1000; at = lower.indexOf(needle, at + 1)) {
      found.push(at);
    }
  }
  return found.sort((a, b) => a - b);
}

export function extractDates(
  kind: EventKind | null,
  body: string,
  messageDate: string | null,
  resources: readonly ExtractedResource[],
): ExtractedDates {
  const dates = findDates(body);
  const result: ExtractedDates = {
    eventDate: null,
    eventEndDate: null,
    basis: 'none',
    perResource: {},
    found: dates.map((d) => ({ iso: d.iso, text: d.text })),
  };
  const windowed = kind?.detection.content?.dates.window ?? false;

  // A table row naming a resource and a date gives that resource its own date.
  if (resources.length > 1) {
    for (const resource of resources.slice(0, MAX_ROWS)) {
      const at = body.indexOf(resource.id);
      if (at < 0) continue;
      const line = lineOf(body, at);
      const onLine = dates.filter((d) => d.index >= line.start && d.end <= line.end);
      if (onLine[0]) result.perResource[resource.id] = onLine[0].iso;
    }
  }

  // "from <date> to <date>", 「<date> から <date> まで」: a window, at most a month long.
  for (let i = 0; i + 1 < dates.length; i += 1) {
    const a = dates[i] as FoundDate;
    const b = dates[i + 1] as FoundDate;
    if (b.index - a.end > 40) continue;
    const between = body.slice(a.end, b.index);
    const span = Date.parse(b.iso) - Date.parse(a.iso);
    if (RANGE_JOIN.test(between) && span > 0 && span <= 31 * DAY_MS && (windowed || a.hasTime)) {
      return { ...result, eventDate: a.iso, eventEndDate: b.iso, basis: 'window' };
    }
  }

  if (windowed) {
    let start: FoundDate | undefined;
    let end: FoundDate | undefined;
    for (const date of dates) {
      const line = lineOf(body, date.index);
      const before = body.slice(Math.max(line.start, date.index - 40), date.index);
      if (!start && START_LABEL.test(before)) start = date;
      else if (!end && END_LABEL.test(before)) end = date;
    }
    if (start) {
      const endIso = end && Date.parse(end.iso) > Date.parse(start.iso) ? end.iso : null;
      return { ...result, eventDate: start.iso, eventEndDate: endIso, basis: 'label' };
    }
  }

  const cues = cuePositions(kind, body);
  for (const at of cues) {
    const after = dates.find((d) => d.index >= at && d.index - at <= 160);
    if (after) return { ...result, eventDate: after.iso, basis: 'keyword' };
  }
  // Japanese puts the date before the verb: 「2019年7月15日 をもってサポートを終了」.
  for (const at of cues) {
    const before = dates.filter((d) => d.end <= at && at - d.end <= 60).pop();
    if (before && !body.slice(before.end, at).includes('\n')) {
      return { ...result, eventDate: before.iso, basis: 'keyword' };
    }
  }

  if (kind?.detection.content?.dates.atNotice && messageDate) {
    return { ...result, eventDate: messageDate, basis: 'message-date' };
  }
  if (dates.length > 0) {
    const floor = messageDate ? Date.parse(messageDate) - DAY_MS : Number.NEGATIVE_INFINITY;
    const future = dates.find((d) => Date.parse(d.iso) >= floor);
    if (future) return { ...result, eventDate: future.iso, basis: 'first-future' };
    return { ...result, eventDate: (dates[0] as FoundDate).iso, basis: 'first' };
  }
  return result;
}

export function extract(
  kind: EventKind | null,
  subject: string,
  body: string,
  messageDate: string | null,
): Extraction {
  const mentioned = extractResources(subject, body);
  const wantsDomains = (kind?.detection.content?.resources ?? []).some((tier) =>
    Array.isArray(tier) ? tier.includes('domain') : tier === 'domain',
  );
  const withDomains = wantsDomains
    ? uniqueResources([...mentioned, ...extractDomains(subject, body)])
    : mentioned;
  const resources = primaryResources(kind, withDomains);
  return {
    accountId: extractAccountId(subject, body),
    region: extractRegion(subject, body),
    resources,
    mentioned: withDomains,
    dates: extractDates(kind, body, messageDate, resources),
  };
}
