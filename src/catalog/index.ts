import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { parse, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { loadConfig } from '../config/index.js';
import { OpsradarError } from '../core/errors.js';
import { catalogDir } from '../paths.js';
import { type EventKind, eventKindSchema } from './schema.js';

export type { EventKind } from './schema.js';
export { eventKindSchema } from './schema.js';

/** A catalog file that cannot be used, or an id that does not exist. The message names the file and field. */
export class CatalogError extends OpsradarError {
  constructor(message: string, code = 'CATALOG_INVALID') {
    super(message, code);
  }
}

export interface CatalogMatch {
  kind: EventKind;
  /** 0..1: exact Health code 1.0, code family 0.8, email subject from an AWS sender 0.9, from an unknown sender 0.5. */
  confidence: number;
  /** Which rule matched, for people reading the evidence: `health.eventTypeCode:AWS_ACM_RENEWAL_FAILURE`. */
  matchedBy: string;
}

export interface HealthInput {
  eventTypeCode: string;
  /** AWS Health `service` (EC2, ACM, ...). */
  service?: string;
  /** AWS Health `eventTypeCategory` (issue, accountNotification, scheduledChange, investigation). */
  category?: string;
}

export interface EmailInput {
  subject: string;
  /** The From header, either `addr@example.com` or `Name <addr@example.com>`. */
  from?: string;
  body?: string;
}

export interface EventBridgeInput {
  source: string;
  detailType: string;
  detail?: unknown;
}

/** Where an entry came from: built in, or the user's directory (and whether it replaced a built-in one). */
export interface EntryOrigin {
  file: string;
  builtIn: boolean;
  overridesBuiltIn: boolean;
}

export interface Catalog {
  readonly entries: readonly EventKind[];
  get(id: string): EventKind | undefined;
  /** Throws CatalogError (code CATALOG_UNKNOWN_ID) for an id the catalog does not have. */
  require(id: string): EventKind;
  origin(id: string): EntryOrigin | undefined;
  matchHealth(input: HealthInput): CatalogMatch | null;
  matchEmail(input: EmailInput): CatalogMatch | null;
  matchEventBridge(input: EventBridgeInput): CatalogMatch | null;
}

export interface LoadCatalogOptions {
  /** A directory of the user's own entries (`<id>.yaml`, optionally in sub-folders): new ids or overrides. */
  userDir?: string;
  /** The built-in directory; tests point this elsewhere. Default: the package's `catalog/`. */
  builtInDir?: string;
}

const YAML_EXT = new Set(['.yaml', '.yml']);

function yamlFiles(dir: string, depth: number): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) {
      if (depth > 0) out.push(...yamlFiles(path, depth - 1));
    } else if (YAML_EXT.has(extname(name))) {
      out.push(path);
    }
  }
  return out;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(top level)';
}

/** Reads and validates one entry file. `shown` is the path printed in errors. */
export function parseEntryFile(file: string, shown = file): EventKind {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const detail =
      error instanceof YAMLParseError
        ? `${error.message.split('\n')[0]}`
        : error instanceof Error
          ? error.message
          : String(error);
    throw new CatalogError(`${shown}: not valid YAML: ${detail}`);
  }
  const result = eventKindSchema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `  ${formatPath(issue.path)}: ${issue.message}`);
    throw new CatalogError(`${shown}: invalid catalog entry:\n${issues.join('\n')}`);
  }
  const id = basename(file, extname(file));
  if (result.data.id !== id) {
    throw new CatalogError(`${shown}: id "${result.data.id}" must equal the file name "${id}"`);
  }
  return result.data;
}

/**
 * Loads the built-in entries (`catalog/<service>/<id>.yaml`) and, when given, the user's directory.
 * A user entry with a new id adds a kind; one with a built-in id replaces the built-in entry.
 *
 * @example
 * const catalog = loadCatalog({ userDir: '/etc/opsradar/catalog' });
 * catalog.matchHealth({ eventTypeCode: 'AWS_ACM_RENEWAL_STATE_CHANGE' })?.kind.id; // 'acm-certificate-expiry'
 */
export function loadCatalog(options: LoadCatalogOptions = {}): Catalog {
  const builtInDir = options.builtInDir ?? catalogDir;
  const byId = new Map<string, { entry: EventKind; origin: EntryOrigin }>();
  for (const file of yamlFiles(builtInDir, 1)) {
    const shown = relative(process.cwd(), file) || file;
    const entry = parseEntryFile(file, shown);
    const previous = byId.get(entry.id);
    if (previous) {
      throw new CatalogError(`${shown}: id "${entry.id}" is already defined in ${previous.origin.file}`);
    }
    byId.set(entry.id, { entry, origin: { file: shown, builtIn: true, overridesBuiltIn: false } });
  }
  if (options.userDir) {
    const userDir = options.userDir;
    if (!existsSync(userDir) || !statSync(userDir).isDirectory()) {
      throw new CatalogError(
        `user catalog directory not found: ${userDir} (set by catalog.userDir in the config or OPSRADAR_CATALOG_DIR)`,
        'CATALOG_DIR_NOT_FOUND',
      );
    }
    const seenInUserDir = new Map<string, string>();
    for (const file of yamlFiles(userDir, 3)) {
      let entry: EventKind;
      try {
        entry = parseEntryFile(file);
      } catch (error) {
        if (error instanceof CatalogError) {
          throw new CatalogError(
            `${error.message}\n(user catalog entry: a file here may add a new id or override a built-in id)`,
          );
        }
        throw error;
      }
      const twice = seenInUserDir.get(entry.id);
      if (twice) throw new CatalogError(`${file}: id "${entry.id}" is already defined in ${twice}`);
      seenInUserDir.set(entry.id, file);
      const builtIn = byId.get(entry.id);
      byId.set(entry.id, {
        entry,
        origin: { file, builtIn: false, overridesBuiltIn: builtIn?.origin.builtIn ?? false },
      });
    }
  }
  const sorted = [...byId.values()].sort((a, b) => a.entry.id.localeCompare(b.entry.id));
  return new CompiledCatalog(
    sorted.map((e) => e.entry),
    new Map(sorted.map((e) => [e.entry.id, e.origin])),
  );
}

const catalogConfigSchema = z
  .object({
    /** Directory of the user's own entries. */
    userDir: z.string().min(1).optional(),
  })
  .strict();

/** The user directory from OPSRADAR_CATALOG_DIR, else `catalog.userDir` in the config file. */
export function userCatalogDir(
  options: { configPath?: string; env?: NodeJS.ProcessEnv } = {},
): string | undefined {
  const env = options.env ?? process.env;
  if (env.OPSRADAR_CATALOG_DIR) return env.OPSRADAR_CATALOG_DIR;
  const config = loadConfig(options.configPath, env);
  const section = catalogConfigSchema.safeParse(config.raw.catalog ?? {});
  if (!section.success) {
    const issues = section.error.issues.map((i) => `  catalog.${formatPath(i.path)}: ${i.message}`);
    throw new CatalogError(`${config.path ?? '(config)'}: invalid "catalog" section:\n${issues.join('\n')}`);
  }
  return section.data.userDir;
}

const cache = new Map<string, Catalog>();

/** The built-in catalog plus the user directory from the environment or config, loaded once per process. */
export function defaultCatalog(options: { configPath?: string } = {}): Catalog {
  const userDir = userCatalogDir(options);
  const key = userDir ?? '';
  let catalog = cache.get(key);
  if (!catalog) {
    catalog = loadCatalog({ userDir });
    cache.set(key, catalog);
  }
  return catalog;
}

// ---------------------------------------------------------------------------------------------------------
// Matching

/** Confidence of each kind of evidence; exported so that sources can explain it. */
export const CONFIDENCE = {
  healthCode: 1,
  healthPattern: 0.8,
  emailListedSender: 0.95,
  emailAwsSender: 0.9,
  emailNoSender: 0.7,
  emailUnknownSender: 0.5,
  eventBridge: 1,
} as const;

/** The body was needed to tell notices apart but was not given. */
const MISSING_BODY_FACTOR = 0.8;

const SUBJECT_PREFIX = /^\s*(?:(?:fwd?|fw|re|aw|wg|tr|sv|vs|転送|返信)\s*[:：]\s*)+/iu;

/** Removes forwarding/reply prefixes (`Fwd:`, `FW:`, `Re:`, `転送:`) and unfolds header line breaks. */
export function normalizeSubject(subject: string): string {
  let s = subject
    .replace(/\r?\n[ \t]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  let previous: string;
  do {
    previous = s;
    s = s.replace(SUBJECT_PREFIX, '').trim();
  } while (s !== previous);
  return s;
}

/** `Name <addr@x>` → `addr@x`, lower-cased; undefined when there is no address. */
export function senderAddress(from: string): string | undefined {
  const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(from);
  const address = angle?.[1] ?? /[^\s<>"',;]+@[^\s<>"',;]+/.exec(from)?.[0];
  return address?.toLowerCase();
}

/** Domains AWS sends operational notices from. */
const AWS_SENDER_DOMAINS = ['amazon.com', 'amazonaws.com', 'aws.com', 'amazon.co.jp', 'aws.amazon.com'];

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}

function domainMatches(domain: string, wanted: string): boolean {
  return domain === wanted || domain.endsWith(`.${wanted}`);
}

export function isAwsSender(address: string): boolean {
  const domain = domainOf(address);
  return AWS_SENDER_DOMAINS.some((d) => domainMatches(domain, d));
}

function senderListed(address: string, listed: readonly string[]): boolean {
  const domain = domainOf(address);
  return listed.some((item) => {
    const wanted = item.toLowerCase();
    if (wanted.startsWith('@')) return domainMatches(domain, wanted.slice(1));
    if (wanted.includes('@')) return address === wanted;
    return domainMatches(domain, wanted);
  });
}

function getPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function detailMatches(detail: unknown, pattern: Record<string, string | string[]>): boolean {
  return Object.entries(pattern).every(([path, wanted]) => {
    const accepted = Array.isArray(wanted) ? wanted : [wanted];
    const actual = getPath(detail, path);
    const values = Array.isArray(actual) ? actual : [actual];
    return values.some((v) => typeof v === 'string' && accepted.includes(v));
  });
}

interface CompiledHealth {
  entry: EventKind;
  codes: Set<string>;
  patterns: Array<{ source: string; re: RegExp }>;
  excludes: RegExp[];
  services: Set<string>;
}

interface CompiledEmail {
  entry: EventKind;
  index: number;
  subject: RegExp;
  subjectSource: string;
  body?: RegExp;
  from: readonly string[];
}

/** Codes are matched whole and case-sensitively: AWS spells them in upper case. */
function anchored(source: string): RegExp {
  return new RegExp(`^(?:${source})$`, 'u');
}

class CompiledCatalog implements Catalog {
  private readonly byId: Map<string, EventKind>;
  private readonly health: CompiledHealth[];
  private readonly email: CompiledEmail[];

  constructor(
    readonly entries: readonly EventKind[],
    private readonly origins: Map<string, EntryOrigin>,
  ) {
    this.byId = new Map(entries.map((e) => [e.id, e]));
    this.health = entries.flatMap((entry) => {
      const h = entry.detection.health;
      if (!h) return [];
      return [
        {
          entry,
          codes: new Set(h.eventTypeCodes),
          patterns: h.eventTypeCodePatterns.map((source) => ({ source, re: anchored(source) })),
          // Excludes are searched, not anchored, so that a suffix such as `_ISSUE$` excludes a whole family.
          excludes: h.excludeEventTypeCodePatterns.map((source) => new RegExp(source, 'u')),
          services: new Set(h.services.map((s) => s.toUpperCase())),
        },
      ];
    });
    this.email = entries.flatMap((entry) =>
      entry.detection.email.map((rule, index) => ({
        entry,
        index,
        subject: new RegExp(rule.subject, 'iu'),
        subjectSource: rule.subject,
        body: rule.body === undefined ? undefined : new RegExp(rule.body, 'iu'),
        from: rule.from,
      })),
    );
  }

  get(id: string): EventKind | undefined {
    return this.byId.get(id);
  }

  require(id: string): EventKind {
    const entry = this.byId.get(id);
    if (!entry) {
      throw new CatalogError(
        `unknown event kind "${id}" (see "opsradar catalog list"; a user entry may add it)`,
        'CATALOG_UNKNOWN_ID',
      );
    }
    return entry;
  }

  origin(id: string): EntryOrigin | undefined {
    return this.origins.get(id);
  }

  matchHealth(input: HealthInput): CatalogMatch | null {
    const code = input.eventTypeCode.trim();
    if (!code) return null;
    const service = input.service?.trim().toUpperCase();
    let best: { match: CatalogMatch; specificity: number } | null = null;
    for (const h of this.health) {
      if (h.excludes.some((re) => re.test(code))) continue;
      if (h.codes.has(code)) {
        // An exact code is unambiguous: it beats every family pattern.
        return {
          kind: h.entry,
          confidence: CONFIDENCE.healthCode,
          matchedBy: `health.eventTypeCode:${code}`,
        };
      }
      if (service && h.services.size > 0 && !h.services.has(service)) continue;
      for (const p of h.patterns) {
        if (!p.re.test(code)) continue;
        // The longest (most specific) family wins when two entries claim a code.
        if (!best || p.source.length > best.specificity) {
          best = {
            match: {
              kind: h.entry,
              confidence: CONFIDENCE.healthPattern,
              matchedBy: `health.eventTypeCodePattern:${p.source}`,
            },
            specificity: p.source.length,
          };
        }
      }
    }
    return best?.match ?? null;
  }

  matchEmail(input: EmailInput): CatalogMatch | null {
    const subject = normalizeSubject(input.subject);
    if (!subject) return null;
    const address = input.from === undefined ? undefined : senderAddress(input.from);
    let best: { match: CatalogMatch; rank: number } | null = null;
    for (const rule of this.email) {
      if (!rule.subject.test(subject)) continue;
      let bodyFactor = 1;
      if (rule.body) {
        if (input.body === undefined) bodyFactor = MISSING_BODY_FACTOR;
        else if (!rule.body.test(input.body)) continue;
      }
      let confidence: number;
      let sender: string;
      if (address === undefined) {
        confidence = CONFIDENCE.emailNoSender;
        sender = input.from === undefined ? 'no sender given' : 'sender without address';
      } else if (rule.from.length > 0 && senderListed(address, rule.from)) {
        confidence = CONFIDENCE.emailListedSender;
        sender = `listed sender ${address}`;
      } else if (isAwsSender(address)) {
        confidence = CONFIDENCE.emailAwsSender;
        sender = `AWS sender ${address}`;
      } else {
        // Forwarded or relayed notices keep the subject but lose the AWS sender: keep them, trust them less.
        confidence = CONFIDENCE.emailUnknownSender;
        sender = `unknown sender ${address}`;
      }
      confidence = Math.round(confidence * bodyFactor * 100) / 100;
      // Rank: confidence first, then a rule that checked the body, then the longer subject pattern.
      const rank = confidence * 1e6 + (rule.body && bodyFactor === 1 ? 1e5 : 0) + rule.subjectSource.length;
      if (!best || rank > best.rank) {
        best = {
          match: {
            kind: rule.entry,
            confidence,
            matchedBy: `email.subject[${rule.index}]${rule.body ? '+body' : ''} (${sender})`,
          },
          rank,
        };
      }
    }
    return best?.match ?? null;
  }

  matchEventBridge(input: EventBridgeInput): CatalogMatch | null {
    if (input.source === 'aws.health') {
      const code = getPath(input.detail, 'eventTypeCode');
      if (typeof code !== 'string') return null;
      const service = getPath(input.detail, 'service');
      const category = getPath(input.detail, 'eventTypeCategory');
      const match = this.matchHealth({
        eventTypeCode: code,
        service: typeof service === 'string' ? service : undefined,
        category: typeof category === 'string' ? category : undefined,
      });
      return match ? { ...match, matchedBy: `eventbridge:aws.health → ${match.matchedBy}` } : null;
    }
    let fallback: CatalogMatch | null = null;
    for (const entry of this.entries) {
      for (const rule of entry.detection.eventbridge) {
        if (rule.source !== input.source || rule.detailType !== input.detailType) continue;
        const matchedBy = `eventbridge:${rule.source}/${rule.detailType}`;
        if (rule.detailPattern) {
          if (!detailMatches(input.detail, rule.detailPattern)) continue;
          return { kind: entry, confidence: CONFIDENCE.eventBridge, matchedBy: `${matchedBy}+detail` };
        }
        fallback ??= { kind: entry, confidence: CONFIDENCE.eventBridge, matchedBy };
      }
    }
    return fallback;
  }
}
