import { createHash } from 'node:crypto';
import { type Catalog, type CatalogMatch, defaultCatalog, type EmailReading } from '../../catalog/index.js';
import type { Category, JsonObject, Occurrence } from '../../core/types.js';
import { type ExtractedResource, type Extraction, extract } from './extract.js';
import { findInlineForward, stripSubjectPrefixes } from './forward.js';
import { defaultMailLimits, type MailLimits, type QuarantineReason } from './limits.js';
import { type ParsedMail, parseMail } from './parse.js';
import {
  type ForwardKind,
  isAwsSendingDomain,
  judgeSender,
  type MailTrustOptions,
  type SenderTrust,
  senderDomain,
} from './trust.js';

/** What one message becomes: printed by `opsradar classify email`, stored by the ingest. */
export interface EmailClassification {
  /** `email:<Message-ID>`, or `email:sha256:<hash>` when there is none (or only the forwarder's). */
  sourceRef: string;
  messageId: string | null;
  /** The notice's own subject, date and sender (the original's, when forwarded). */
  subject: string;
  from: string | null;
  date: string | null;
  kind: string | null;
  category: Category | null;
  confidence: number | null;
  matchedBy: string | null;
  /** How strongly subject, sender and body point at the kind (see the catalog's content rules). */
  score: number | null;
  /** The catalog phrases found in the notice. */
  phrases: string[];
  trust: SenderTrust;
  accountId: string | null;
  region: string | null;
  resources: ExtractedResource[];
  dates: {
    eventDate: string | null;
    eventEndDate: string | null;
    basis: string;
    found: Array<{ iso: string; text: string }>;
  };
  /** Notes a person should know: charset labels corrected, forward unwrapped. */
  notes: string[];
}

export type ClassifyOutcome =
  | { status: 'matched'; classification: EmailClassification; occurrences: Occurrence[] }
  | { status: 'quarantine'; reason: QuarantineReason; classification: EmailClassification | null };

export interface ClassifyOptions {
  catalog?: Catalog;
  limits?: MailLimits;
  /** When the message was observed; default now. */
  now?: Date;
  /** Whose Authentication-Results count (`mail.authservId`); without them nothing is verified. */
  trust?: MailTrustOptions;
}

/** The notice itself, after unwrapping forwards. */
interface Notice {
  subject: string;
  from: string | null;
  date: string | null;
  body: string;
  messageId: string | null;
  authenticationResults: string[];
  forwarded: ForwardKind;
  forwardedBy: string | null;
}

const MAX_FORWARD_LEVELS = 3;

/**
 * Every step is linear in the message, so checking the clock between steps bounds a message's time:
 * one that still overruns is set aside (quarantined) so the mailbox cursor moves past it.
 */
class Budget {
  private readonly start = performance.now();
  constructor(private readonly limitMs: number) {}

  over(step: string): QuarantineReason | null {
    if (performance.now() - this.start <= this.limitMs) return null;
    return { code: 'over-budget', detail: { limit: this.limitMs, step } };
  }
}

async function unwrap(mail: ParsedMail, limits: MailLimits, notes: string[]): Promise<Notice> {
  let notice: Notice = {
    subject: mail.subject,
    from: mail.from,
    date: mail.date,
    body: mail.text,
    messageId: mail.messageId,
    authenticationResults: mail.authenticationResults,
    forwarded: 'none',
    forwardedBy: null,
  };
  let current = mail;
  for (let level = 0; level < MAX_FORWARD_LEVELS; level += 1) {
    const { forwarded: prefixSaysForward } = stripSubjectPrefixes(notice.subject);
    // AWS's own notices may quote or attach other mail (an abuse report carries the complaint):
    // only a forward by someone else is unwrapped.
    const mayUnwrap = prefixSaysForward || !isAwsSendingDomain(senderDomain(notice.from));
    const attached = mayUnwrap ? current.attachedMessages[0] : undefined;
    if (attached) {
      const inner = await parseMail(attached, limits);
      if (inner.ok) {
        notes.push(`unwrapped attached message (message/rfc822) from ${notice.from ?? 'unknown sender'}`);
        notice = {
          subject: inner.mail.subject,
          from: inner.mail.from,
          date: inner.mail.date,
          body: inner.mail.text,
          messageId: inner.mail.messageId,
          authenticationResults: inner.mail.authenticationResults,
          forwarded: 'attached',
          forwardedBy: notice.forwardedBy ?? notice.from,
        };
        current = inner.mail;
        continue;
      }
    }
    const inline = mayUnwrap ? findInlineForward(notice.body, { bareHeaderBlock: prefixSaysForward }) : null;
    if (inline) {
      notes.push(`unwrapped inline forward from ${notice.from ?? 'unknown sender'}`);
      notice = {
        subject: inline.subject ?? stripSubjectPrefixes(notice.subject).subject,
        from: inline.from,
        date: inline.date ?? notice.date,
        body: inline.body,
        messageId: null,
        authenticationResults: [],
        forwarded: 'inline',
        forwardedBy: notice.forwardedBy ?? notice.from,
      };
      current = { ...current, attachedMessages: [] };
      continue;
    }
    break;
  }
  return notice;
}

function contentRef(notice: Notice): string {
  const normalized = [
    notice.from ?? '',
    notice.date ?? '',
    stripSubjectPrefixes(notice.subject).subject,
    notice.body,
  ]
    .join('\n')
    .replace(/\s+/g, ' ')
    .trim();
  return `email:sha256:${createHash('sha256').update(normalized).digest('hex')}`;
}

/**
 * Classifies one raw message. Never throws for bad mail: problems come back as a quarantine
 * outcome with a reason.
 */
export async function classifyEmail(raw: Buffer, options: ClassifyOptions = {}): Promise<ClassifyOutcome> {
  const limits = options.limits ?? defaultMailLimits;
  const budget = new Budget(limits.timeBudgetMs);
  const parsed = await parseMail(raw, limits);
  if (!parsed.ok) return { status: 'quarantine', reason: parsed.reason, classification: null };
  const afterParse = budget.over('parse');
  if (afterParse) return { status: 'quarantine', reason: afterParse, classification: null };
  const mail = parsed.mail;
  const notes: string[] = mail.charsetFixes.map(
    (fix) => `charset label "${fix.declared}" did not fit the bytes; decoded as ${fix.detected}`,
  );
  const notice = await unwrap(mail, limits, notes);
  const afterUnwrap = budget.over('forward');
  if (afterUnwrap) return { status: 'quarantine', reason: afterUnwrap, classification: null };
  const catalog = options.catalog ?? defaultCatalog();
  const { match, nearMiss } = catalog.readEmail({
    subject: notice.subject,
    ...(notice.from ? { from: notice.from } : {}),
    body: notice.body,
  });
  const kind = match?.kind.id ?? null;
  const trust = judgeSender({
    sender: notice.from,
    authenticationResults: notice.authenticationResults,
    forwarded: notice.forwarded,
    forwardedBy: notice.forwardedBy,
    authservIds: options.trust?.authservIds ?? [],
  });
  const afterMatch = budget.over('match');
  if (afterMatch) return { status: 'quarantine', reason: afterMatch, classification: null };
  const extraction = extract(match?.kind ?? null, notice.subject, notice.body, notice.date);
  const afterExtract = budget.over('extract');
  if (afterExtract) return { status: 'quarantine', reason: afterExtract, classification: null };
  const sourceRef = notice.messageId ? `email:${notice.messageId}` : contentRef(notice);
  const classification = classificationOf(notice, { sourceRef, match, trust, extraction, notes });
  if (!match || !kind) {
    return { status: 'quarantine', reason: noMatch(notice, nearMiss), classification };
  }
  const observedAt = (options.now ?? new Date()).toISOString();
  const evidence = evidenceOf(notice, match, trust, extraction, notes);
  // Account-level notices (SES enforcement, abuse without an id) are about the account itself.
  const targets =
    extraction.resources.length > 0
      ? extraction.resources
      : [{ id: extraction.accountId ?? sourceRef, type: 'account' as const }];
  const occurrences: Occurrence[] = targets.map((resource) => ({
    kind,
    accountId: extraction.accountId ?? '',
    region: classification.region ?? '',
    resource: resourceId(resource, extraction),
    eventDate: extraction.dates.perResource[resource.id] ?? extraction.dates.eventDate,
    eventEndDate: extraction.dates.eventEndDate,
    source: 'email',
    sourceRef,
    title: notice.subject,
    sourceStatus: null,
    evidence: { ...evidence, resourceType: resource.type },
    verified: trust.verified,
    observedAt,
  }));
  return { status: 'matched', classification, occurrences };
}

interface Reading {
  sourceRef: string;
  match: CatalogMatch | null;
  trust: SenderTrust;
  extraction: Extraction;
  notes: string[];
}

function classificationOf(
  notice: Notice,
  { sourceRef, match, trust, extraction, notes }: Reading,
): EmailClassification {
  return {
    sourceRef,
    messageId: notice.messageId,
    subject: notice.subject,
    from: notice.from,
    date: notice.date,
    kind: match?.kind.id ?? null,
    category: match?.kind.category ?? null,
    confidence: match?.confidence ?? null,
    matchedBy: match?.matchedBy ?? null,
    score: match?.score ?? null,
    phrases: match?.phrases ?? [],
    trust,
    accountId: extraction.accountId,
    region: match?.kind.detection.content?.global ? 'global' : extraction.region,
    resources: extraction.resources,
    dates: {
      eventDate: extraction.dates.eventDate,
      eventEndDate: extraction.dates.eventEndDate,
      basis: extraction.dates.basis,
      found: extraction.dates.found,
    },
    notes,
  };
}

function noMatch(notice: Notice, nearMiss: EmailReading['nearMiss']): QuarantineReason {
  return {
    code: 'no-match',
    detail: {
      subject: notice.subject.slice(0, 200),
      ...(nearMiss
        ? {
            nearMiss: nearMiss.kind,
            nearMissScore: nearMiss.score,
            nearMissPhrases: nearMiss.phrases.join(', '),
          }
        : {}),
    },
  };
}

function evidenceOf(
  notice: Notice,
  match: CatalogMatch,
  trust: SenderTrust,
  extraction: Extraction,
  notes: string[],
): JsonObject {
  return {
    subject: notice.subject,
    from: notice.from,
    date: notice.date,
    messageId: notice.messageId,
    matchedBy: match.matchedBy,
    confidence: match.confidence,
    score: match.score ?? null,
    phrases: match.phrases ?? [],
    trust: {
      verified: trust.verified,
      reason: trust.reason,
      domain: trust.domain,
      forwarded: trust.forwarded,
      forwardedBy: trust.forwardedBy,
      dkim: trust.auth.dkim,
      spf: trust.auth.spf,
      dmarc: trust.auth.dmarc,
    },
    dates: extraction.dates.found.slice(0, 20),
    dateBasis: extraction.dates.basis,
    mentioned: extraction.mentioned.slice(0, 50).map((r) => ({ id: r.id, type: r.type })),
    excerpt: notice.body.trim().slice(0, 2000),
    notes,
  };
}

/** The Lambda scanner names functions by ARN: complete a bare name when account and region are known. */
function resourceId(resource: { id: string; type: string }, extraction: Extraction): string {
  return resource.type === 'lambda-function' &&
    !resource.id.startsWith('arn:') &&
    extraction.accountId &&
    extraction.region
    ? `arn:aws:lambda:${extraction.region}:${extraction.accountId}:function:${resource.id}`
    : resource.id;
}
