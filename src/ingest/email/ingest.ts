import type { Catalog } from '../../catalog/index.js';
import type { Store } from '../../store/index.js';
import { type ClassifyOutcome, classifyEmail } from './classify.js';
import {
  defaultMailLimits,
  formatBytes,
  type MailLimits,
  type QuarantineReason,
  quarantineCopy,
} from './limits.js';
import { peekHeaders } from './parse.js';
import { quarantineRepository } from './quarantine.js';
import type { MailItem } from './sources.js';
import type { MailTrustOptions } from './trust.js';

export type IngestStatus = 'recorded' | 'unchanged' | 'quarantined' | 'failed';

export interface IngestItemResult {
  origin: string;
  status: IngestStatus;
  subject: string | null;
  kind: string | null;
  verified: boolean | null;
  sourceRef: string | null;
  /** Occurrence ids written (recorded) or already there (unchanged). */
  occurrenceIds: string[];
  reason: QuarantineReason | null;
  quarantineId: string | null;
  /** For `failed`: what went wrong (the message could not even be quarantined). */
  error: string | null;
}

export interface IngestSummary {
  runId: string | null;
  results: IngestItemResult[];
  counts: Record<IngestStatus, number>;
}

export interface IngestOptions {
  catalog?: Catalog;
  limits?: MailLimits;
  now?: () => Date;
  /** Called after each message, for progress output. */
  onResult?: (result: IngestItemResult) => void;
  /** Recorded in the scan run's parameters (file names, IMAP mailbox). */
  parameters?: Record<string, string>;
  /** Whose Authentication-Results count (`mail.authservId`); without them nothing is verified. */
  trust?: MailTrustOptions;
}

function emptyResult(origin: string): IngestItemResult {
  return {
    origin,
    status: 'failed',
    subject: null,
    kind: null,
    verified: null,
    sourceRef: null,
    occurrenceIds: [],
    reason: null,
    quarantineId: null,
    error: null,
  };
}

/** Marks a quarantined copy that holds only the head of a message over the size limit. */
const EXCERPT_MARK = 'excerptBytes';

/** Classifies a message read whole; one over the size limit (read only in part) is too large, unread. */
async function classifyItem(
  item: Extract<MailItem, { raw: Buffer }>,
  limits: MailLimits,
  now: Date,
  options: IngestOptions,
): Promise<ClassifyOutcome> {
  if (item.oversize) {
    const { size, offset } = item.oversize;
    const detail: Record<string, string | number> = {
      size: formatBytes(size),
      limit: formatBytes(limits.maxMessageBytes),
      [EXCERPT_MARK]: item.raw.length,
    };
    if (offset !== undefined) detail.offset = offset;
    return { status: 'quarantine', reason: { code: 'too-large', detail }, classification: null };
  }
  try {
    const outcome = await classifyEmail(item.raw, {
      ...(options.catalog ? { catalog: options.catalog } : {}),
      limits,
      now,
      ...(options.trust ? { trust: options.trust } : {}),
    });
    if (outcome.status === 'quarantine' && item.raw.length > limits.maxMessageBytes) {
      const excerpt = quarantineCopy(item.raw, limits).length;
      return {
        ...outcome,
        reason: { ...outcome.reason, detail: { ...outcome.reason.detail, [EXCERPT_MARK]: excerpt } },
      };
    }
    return outcome;
  } catch (error) {
    // A parser bug must not lose the message: keep it with the error as the reason.
    return {
      status: 'quarantine',
      reason: { code: 'unparseable', detail: { error: (error as Error).message } },
      classification: null,
    };
  }
}

/**
 * Classifies one message and stores it: occurrences when it is a notice, the quarantine otherwise.
 * Never throws for a bad message; a failure to store is reported as `failed`.
 */
export async function ingestOne(
  store: Store,
  item: MailItem,
  options: IngestOptions & { scanRunId?: string } = {},
): Promise<IngestItemResult> {
  const result = emptyResult(item.origin);
  if ('error' in item) return { ...result, error: item.error };
  const quarantine = quarantineRepository(store);
  const now = options.now?.() ?? new Date();
  const limits = options.limits ?? defaultMailLimits;
  const outcome = await classifyItem(item, limits, now, options);
  const c = outcome.classification;
  const peeked = c ? null : peekHeaders(item.raw);
  result.subject = c?.subject ?? peeked?.subject ?? null;
  result.kind = c?.kind ?? null;
  result.verified = c ? c.trust.verified : null;
  result.sourceRef = c?.sourceRef ?? null;
  try {
    if (outcome.status === 'matched') {
      const recorded = await store.occurrences.record(
        outcome.occurrences,
        options.scanRunId ? { scanRunId: options.scanRunId } : {},
      );
      await quarantine.releaseByContent(item.raw, outcome.classification.kind ?? '', now);
      return {
        ...result,
        status: recorded.some((r) => r.created) ? 'recorded' : 'unchanged',
        occurrenceIds: recorded.map((r) => r.id),
      };
    }
    const stored = await quarantine.put(
      {
        raw: quarantineCopy(item.raw, limits),
        origin: item.origin,
        reason: outcome.reason,
        messageId: c?.messageId ?? peeked?.messageId ?? null,
        subject: result.subject,
        from: c?.from ?? peeked?.from ?? null,
      },
      now,
    );
    return { ...result, status: 'quarantined', reason: outcome.reason, quarantineId: stored.id };
  } catch (error) {
    const message = (error as Error).message;
    // The occurrences could not be written: try to keep the message at least.
    if (outcome.status === 'matched') {
      try {
        const reason: QuarantineReason = { code: 'store-error', detail: { error: message.slice(0, 500) } };
        const stored = await quarantine.put(
          { raw: quarantineCopy(item.raw, limits), origin: item.origin, reason },
          now,
        );
        return { ...result, status: 'quarantined', reason, quarantineId: stored.id };
      } catch {
        // Fall through: reported as failed.
      }
    }
    return { ...result, status: 'failed', error: message };
  }
}

/** Ingests a batch; each message on its own, so one bad message never loses the others. */
export async function ingestMail(
  store: Store,
  items: AsyncIterable<MailItem> | Iterable<MailItem>,
  options: IngestOptions = {},
): Promise<IngestSummary> {
  const now = options.now ?? (() => new Date());
  const runId = await store.scanRuns.start({
    kind: 'email',
    startedAt: now().toISOString(),
    parameters: options.parameters ?? {},
  });
  const results: IngestItemResult[] = [];
  const counts: Record<IngestStatus, number> = { recorded: 0, unchanged: 0, quarantined: 0, failed: 0 };
  let status: 'complete' | 'partial' | 'failed' = 'complete';
  try {
    for await (const item of items) {
      const result = await ingestOne(store, item, { ...options, scanRunId: runId });
      results.push(result);
      counts[result.status] += 1;
      options.onResult?.(result);
    }
  } catch (error) {
    // The source itself broke (unreadable file, lost IMAP connection): keep what was done.
    status = 'partial';
    const failed = { ...emptyResult('(source)'), error: (error as Error).message };
    results.push(failed);
    counts.failed += 1;
    options.onResult?.(failed);
  }
  if (counts.failed > 0 && status === 'complete') status = 'partial';
  await store.scanRuns.finish(runId, {
    status,
    finishedAt: now().toISOString(),
    coverage: [],
    summary: { ...counts },
  });
  return { runId, results, counts };
}

/** Classifies the quarantined messages again (after the catalog grew); those that now match are released. */
export async function retryQuarantine(
  store: Store,
  ids: readonly string[] | 'all',
  options: IngestOptions = {},
): Promise<IngestItemResult[]> {
  const quarantine = quarantineRepository(store);
  const listed = ids === 'all' ? (await quarantine.list({ status: 'quarantined' })).map((q) => q.id) : ids;
  const results: IngestItemResult[] = [];
  for (const id of listed) {
    const entry = await quarantine.get(id);
    if (!entry) {
      results.push({ ...emptyResult(id), error: 'no such quarantined message' });
      continue;
    }
    const now = options.now?.() ?? new Date();
    // Only the head of an oversized message was kept: classifying it again would judge a fragment.
    if (EXCERPT_MARK in entry.reason.detail) {
      const result: IngestItemResult = {
        ...emptyResult(entry.origin),
        status: 'quarantined',
        subject: entry.subject,
        reason: entry.reason,
        quarantineId: entry.id,
      };
      results.push(result);
      options.onResult?.(result);
      continue;
    }
    const result = await ingestOne(store, { origin: entry.origin, raw: entry.raw }, options);
    if (result.status === 'recorded' || result.status === 'unchanged') {
      await quarantine.release(entry.id, result.kind ?? '', now);
    }
    results.push({ ...result, quarantineId: entry.id });
    options.onResult?.(result);
  }
  return results;
}
