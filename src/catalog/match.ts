import { OpsradarError } from '../core/errors.js';
import { ContentMatcher, DECISIVE_SCORE } from './content.js';
import {
  AWS_SENDER_DOMAINS,
  CONFIDENCE,
  normalizeSubject,
  senderAddress,
  senderConfidence,
  senderListed,
} from './mail.js';
import type { EventKind } from './schema.js';

export { CONFIDENCE, isAwsSender, normalizeSubject, senderAddress } from './mail.js';

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
  /** For text: how strongly it points at the kind (subject rule 3, Health code 4, phrase 2 each, cues up to 1.5). */
  score?: number;
  /** For text: the catalog phrases (and cues) found in it. */
  phrases?: string[];
}

/** A kind the text pointed at without reaching a decision, for the quarantine reason. */
export interface NearMiss {
  kind: string;
  score: number;
  phrases: string[];
}

/** What a mail reads as: the match, or the nearest miss. */
export interface EmailReading {
  match: CatalogMatch | null;
  nearMiss: NearMiss | null;
}

/** Free text (a Health description, an EventBridge detail) read with the content rules. */
export interface TextInput {
  text: string;
  /** The AWS service the text comes from (Health `service`); kinds of other services are not considered. */
  service?: string;
  /** Names the source in `matchedBy` (`health.description`). */
  label: string;
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
  /** Like matchEmail, with the nearest miss when nothing matches. */
  readEmail(input: EmailInput): EmailReading;
  /** Reads free text with the content rules alone. */
  matchText(input: TextInput): CatalogMatch | null;
  matchEventBridge(input: EventBridgeInput): CatalogMatch | null;
}

/** The body was needed to tell notices apart but was not given. */
const MISSING_BODY_FACTOR = 0.8;
/** Score of a subject rule and of a Health event type code named in a mail body. */
const SUBJECT_SCORE = 3;
const CODE_SCORE = 4;
const LISTED_SENDER_SCORE = 1;
const STRONG_SCORE = 4;
/** User body patterns read this much of a body. */
const MAX_BODY_FOR_PATTERNS = 256 * 1024;
const HEALTH_CODE = /\bAWS_[A-Z0-9_]{3,120}/g;

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

interface Candidate {
  kind: EventKind;
  score: number;
  subject?: CatalogMatch;
  code?: CatalogMatch;
  phrases: string[];
  cues: string[];
  reasons: string[];
  /** Not-phrases found: the text says it is something else (a completed maintenance), whatever else matched. */
  vetoed?: string[];
}

function quoted(list: readonly string[]): string {
  return list.map((p) => `"${p}"`).join(', ');
}

/** The services a kind concerns, as AWS Health names them. */
function kindServices(kind: EventKind): Set<string> {
  return new Set([...kind.services, ...(kind.detection.health?.services ?? [])].map((s) => s.toUpperCase()));
}

/** Codes are matched whole and case-sensitively: AWS spells them in upper case. */
function anchored(source: string): RegExp {
  return new RegExp(`^(?:${source})$`, 'u');
}

export class CompiledCatalog implements Catalog {
  private readonly byId: Map<string, EventKind>;
  private readonly health: CompiledHealth[];
  private readonly email: CompiledEmail[];
  /** Built on first use: listing or showing entries (the CLI's start) never needs it. */
  private contentMatcher: ContentMatcher | undefined;
  /** Every sender listed by a kind's email rules. */
  private readonly senderLists: Map<string, string[]>;

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
    this.senderLists = new Map(entries.map((e) => [e.id, e.detection.email.flatMap((rule) => rule.from)]));
  }

  private get content(): ContentMatcher {
    this.contentMatcher ??= new ContentMatcher(this.entries);
    return this.contentMatcher;
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
    return this.readEmail(input).match;
  }

  readEmail(input: EmailInput): EmailReading {
    const subject = normalizeSubject(input.subject);
    const address = input.from === undefined ? undefined : senderAddress(input.from);
    const candidates = new Map<string, Candidate>();
    const candidate = (kind: EventKind): Candidate => {
      let c = candidates.get(kind.id);
      if (!c) {
        c = { kind, score: 0, phrases: [], cues: [], reasons: [] };
        candidates.set(kind.id, c);
      }
      return c;
    };
    for (const [id, found] of this.subjectMatches(subject, input.body, address, input.from)) {
      const c = candidate(found.match.kind);
      c.score += SUBJECT_SCORE;
      c.subject = found.match;
      c.reasons.push(found.match.matchedBy);
      if (address && this.specificSender(id, address)) c.score += LISTED_SENDER_SCORE;
    }
    const code = this.codeInText(`${subject}\n${input.body ?? ''}`);
    if (code) {
      const c = candidate(code.kind);
      c.score += CODE_SCORE;
      c.code = code;
      c.reasons.push(code.matchedBy);
    }
    if (subject || input.body) {
      for (const read of this.content.score(`${subject}\n${input.body ?? ''}`)) {
        const c = candidate(read.kind);
        if (!c.subject && !c.code && address && this.specificSender(read.kind.id, address))
          c.score += LISTED_SENDER_SCORE;
        c.score += read.score;
        c.phrases.push(...read.phrases);
        c.cues.push(...read.cues);
        if (read.notPhrases.length > 0) c.vetoed = read.notPhrases;
      }
    }
    for (const c of candidates.values()) {
      if (c.vetoed) c.score = Math.min(c.score, DECISIVE_SCORE - 0.5);
    }
    const ranked = [...candidates.values()].sort(
      (a, b) => b.score - a.score || (b.subject?.confidence ?? 0) - (a.subject?.confidence ?? 0),
    );
    const best = ranked[0];
    if (!best || best.score < DECISIVE_SCORE) {
      const near = best && best.score > 0 ? best : undefined;
      return {
        match: null,
        nearMiss: near
          ? {
              kind: near.kind.id,
              score: near.score,
              phrases: [...near.phrases, ...near.cues, ...(near.vetoed ?? []).map((p) => `not: ${p}`)],
            }
          : null,
      };
    }
    return { match: this.explain(best, address, input.from), nearMiss: null };
  }

  private explain(best: Candidate, address: string | undefined, from: string | undefined): CatalogMatch {
    const confidence =
      best.subject?.confidence ??
      best.code?.confidence ??
      Math.round(
        senderConfidence(this.senderLists.get(best.kind.id) ?? [], address, from).confidence *
          (best.score >= STRONG_SCORE ? 1 : CONFIDENCE.contentOnlyFactor) *
          100,
      ) / 100;
    const reasons = [...best.reasons];
    if (best.phrases.length > 0) reasons.push(`phrases: ${quoted(best.phrases)}`);
    if (best.cues.length > 0) reasons.push(`cues: ${quoted(best.cues)}`);
    if (!best.subject && !best.code) reasons.push(`(${senderConfidence([], address, from).sender})`);
    return {
      kind: best.kind,
      confidence,
      matchedBy: reasons.join('; '),
      score: best.score,
      phrases: [...best.phrases, ...best.cues],
    };
  }

  /** The best subject rule of each kind that has one matching. */
  private subjectMatches(
    subject: string,
    body: string | undefined,
    address: string | undefined,
    from: string | undefined,
  ): Map<string, { match: CatalogMatch; rank: number }> {
    const best = new Map<string, { match: CatalogMatch; rank: number }>();
    if (!subject) return best;
    const bodyForPatterns = body?.slice(0, MAX_BODY_FOR_PATTERNS);
    for (const rule of this.email) {
      if (!rule.subject.test(subject)) continue;
      let bodyFactor = 1;
      if (rule.body) {
        if (bodyForPatterns === undefined) bodyFactor = MISSING_BODY_FACTOR;
        else if (!rule.body.test(bodyForPatterns)) continue;
      }
      const sender = senderConfidence(rule.from, address, from);
      const confidence = Math.round(sender.confidence * bodyFactor * 100) / 100;
      // Rank: confidence first, then a rule that checked the body, then the longer subject pattern.
      const rank = confidence * 1e6 + (rule.body && bodyFactor === 1 ? 1e5 : 0) + rule.subjectSource.length;
      const previous = best.get(rule.entry.id);
      if (!previous || rank > previous.rank) {
        best.set(rule.entry.id, {
          match: {
            kind: rule.entry,
            confidence,
            matchedBy: `email.subject[${rule.index}]${rule.body ? '+body' : ''} (${sender.sender})`,
          },
          rank,
        });
      }
    }
    return best;
  }

  /**
   * AWS Health notification mails (and AWS User Notifications) name the event type code in the body
   * ("Event type code: AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED"); the catalog knows the codes.
   */
  private codeInText(body: string): CatalogMatch | null {
    HEALTH_CODE.lastIndex = 0;
    for (const m of body.matchAll(HEALTH_CODE)) {
      const code = m[0].replace(/_+$/, '');
      if (/[a-z0-9]/.test(body[m.index + m[0].length] ?? '')) continue;
      const found = this.matchHealth({ eventTypeCode: code });
      if (found) {
        return { ...found, matchedBy: `AWS Health event type code ${code} in the body: ${found.matchedBy}` };
      }
    }
    return null;
  }

  /** The kind lists this sender by a domain of its own (not just any AWS domain). */
  private specificSender(kindId: string, address: string): boolean {
    const listed = (this.senderLists.get(kindId) ?? []).filter(
      (item) => !AWS_SENDER_DOMAINS.includes(item.replace(/^.*@/, '').toLowerCase()),
    );
    return listed.length > 0 && senderListed(address, listed);
  }

  matchText(input: TextInput): CatalogMatch | null {
    const service = input.service?.trim().toUpperCase();
    for (const read of this.content.score(input.text)) {
      if (read.score < DECISIVE_SCORE) break;
      if (read.notPhrases.length > 0) continue;
      if (service && !kindServices(read.kind).has(service)) continue;
      const phrases = [...read.phrases, ...read.cues];
      return {
        kind: read.kind,
        confidence: CONFIDENCE.healthDescription,
        matchedBy: `${input.label}: ${quoted(phrases)}`,
        score: read.score,
        phrases,
      };
    }
    return null;
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
