import { type FoundDate, findDates } from './dates.js';
import { findRegionNames, REGION_CODE } from './regions.js';

export type ResourceType =
  | 'ec2-instance'
  | 'rds-db-instance'
  | 'dx-connection'
  | 'dx-lag'
  | 'dx-virtual-interface'
  | 'vpn-connection'
  | 'domain'
  | 'acm-certificate'
  | 'lambda-function'
  | 'arn'
  | 'ip-address'
  | 'account';

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

/** Which resource types are "the resource" of each kind; the rest stays in the evidence. */
const PRIMARY: Record<string, readonly ResourceType[]> = {
  'ec2-scheduled-event': ['ec2-instance'],
  'abuse-report': ['ec2-instance', 'arn', 'ip-address'],
  'directconnect-maintenance': ['dx-connection', 'dx-lag', 'dx-virtual-interface'],
  'vpn-maintenance': ['vpn-connection'],
  'acm-certificate-expiry': ['acm-certificate', 'domain'],
  'route53-domain-expiry': ['domain'],
  'lambda-runtime-deprecation': ['lambda-function'],
  'rds-pending-maintenance': ['rds-db-instance'],
  'rds-ca-certificate-expiry': ['rds-db-instance'],
  'rds-engine-end-of-support': ['rds-db-instance'],
  'shield-ddos-detected': ['arn', 'ip-address'],
  'ses-enforcement': [],
};

/** Kinds whose date is a window with a start and an end. */
const WINDOW_KINDS = new Set([
  'directconnect-maintenance',
  'vpn-maintenance',
  'rds-pending-maintenance',
  'ec2-scheduled-event',
]);

/** Kinds that happen when the mail is sent: the message date is the event date when no other is given. */
const NOW_KINDS = new Set(['abuse-report', 'shield-ddos-detected', 'ses-enforcement']);

const KIND_KEYWORDS: Record<string, RegExp> = {
  'ec2-scheduled-event': /retire|retirement|scheduled|stop|reboot|terminat|リタイア|停止|再起動|予定/gi,
  'directconnect-maintenance': /maintenance|メンテナンス/gi,
  'vpn-maintenance': /maintenance|メンテナンス/gi,
  'rds-pending-maintenance': /maintenance|apply|メンテナンス|適用/gi,
  'lambda-runtime-deprecation': /end(?:ing)?\s+(?:of\s+)?support|deprecat|サポート(?:を)?終了|廃止|非推奨/gi,
  'os-end-of-support':
    /end(?:ing)?\s+(?:of\s+)?(?:standard\s+)?support|end\s+of\s+life|EOL|サポート(?:を)?終了/gi,
  'eks-version-end-of-support': /end(?:ing)?\s+(?:of\s+)?(?:standard\s+)?support|サポート(?:を)?終了/gi,
  'rds-engine-end-of-support': /end(?:ing)?\s+(?:of\s+)?(?:standard\s+)?support|サポート(?:を)?終了/gi,
  'beanstalk-platform-update': /retire|retirement|deprecat|リタイア|廃止/gi,
  'elb-tls-policy-deprecation': /deprecat|retire|廃止/gi,
  'route53-domain-expiry': /expir|renew|有効期限|失効|更新/gi,
  'acm-certificate-expiry': /expir|有効期限|失効/gi,
  'rds-ca-certificate-expiry': /expir|rotat|有効期限|更新/gi,
  'reservation-expiry': /expir|有効期限|終了/gi,
  'iam-server-certificate-expiry': /expir|有効期限/gi,
  // SES gives a deadline to fix the rates ("correct the issue by ..."); Shield the attack's start.
  'ses-enforcement': /\bby\b|review period|deadline|期限/gi,
  'shield-ddos-detected': /start(?:ed)?(?:\s*time)?|detected at|開始/gi,
};

const START_LABEL =
  /(?:start(?:s|ing)?(?:\s*(?:time|date))?|begin(?:s|ning)?|開始(?:日時|時刻|予定)?)\s*[:：]?\s*(?:at\s+|on\s+)?$/i;
const END_LABEL =
  /(?:end(?:s)?\s*(?:time|date)?\s*[:：]|ends?\s+(?:at|on)|終了(?:日時|時刻|予定)?\s*[:：]?)\s*$/i;
/(?:end(?:s)?\s*(?:time|date)?\s*[:：]|ends?\s+(?:at|on)\s+|終了(?:日時|時刻|予定)?\s*[:：]?\s*)$/i;
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
    const service = arn.split(':')[2] ?? '';
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

export function primaryResources(kind: string | null, all: ExtractedResource[]): ExtractedResource[] {
  const types = kind ? PRIMARY[kind] : undefined;
  if (!types) return all.filter((r) => r.type !== 'ip-address' && r.type !== 'dx-virtual-interface');
  if (kind === 'directconnect-maintenance') {
    // Connections and LAGs are the resources; virtual interfaces only when nothing else is named.
    const physical = all.filter((r) => r.type === 'dx-connection' || r.type === 'dx-lag');
    return physical.length > 0 ? physical : all.filter((r) => r.type === 'dx-virtual-interface');
  }
  for (const type of types) {
    const matching = all.filter((r) => r.type === type);
    if (matching.length > 0) return matching;
  }
  return [];
}

function lineOf(text: string, index: number): { start: number; end: number } {
  const start = text.lastIndexOf('\n', index - 1) + 1;
  const endAt = text.indexOf('\n', index);
  return { start, end: endAt < 0 ? text.length : endAt };
}

export function extractDates(
  kind: string | null,
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
  const windowed = kind !== null && WINDOW_KINDS.has(kind);

  // A table row naming a resource and a date gives that resource its own date.
  if (resources.length > 1) {
    for (const resource of resources) {
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
    const between = body.slice(a.end, b.index);
    const span = Date.parse(b.iso) - Date.parse(a.iso);
    if (RANGE_JOIN.test(between) && span > 0 && span <= 31 * 86_400_000 && (windowed || a.hasTime)) {
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

  const keywords = kind ? KIND_KEYWORDS[kind] : undefined;
  if (keywords) {
    const hits = positions(keywords, body);
    for (const m of hits) {
      const after = dates.find((d) => d.index >= m.index && d.index - m.index <= 160);
      if (after) return { ...result, eventDate: after.iso, basis: 'keyword' };
    }
    // Japanese puts the date before the verb: 「2019年7月15日 をもってサポートを終了」.
    for (const m of hits) {
      const before = dates.filter((d) => d.end <= m.index && m.index - d.end <= 60).pop();
      if (before && !body.slice(before.end, m.index).includes('\n')) {
        return { ...result, eventDate: before.iso, basis: 'keyword' };
      }
    }
  }

  if (kind && NOW_KINDS.has(kind) && messageDate) {
    return { ...result, eventDate: messageDate, basis: 'message-date' };
  }
  if (dates.length > 0) {
    const floor = messageDate ? Date.parse(messageDate) - 86_400_000 : Number.NEGATIVE_INFINITY;
    const future = dates.find((d) => Date.parse(d.iso) >= floor);
    if (future) return { ...result, eventDate: future.iso, basis: 'first-future' };
    return { ...result, eventDate: (dates[0] as FoundDate).iso, basis: 'first' };
  }
  return result;
}

export function extract(
  kind: string | null,
  subject: string,
  body: string,
  messageDate: string | null,
): Extraction {
  const mentioned = extractResources(subject, body);
  const domainKinds = new Set(['route53-domain-expiry', 'acm-certificate-expiry']);
  const withDomains =
    kind && domainKinds.has(kind)
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
