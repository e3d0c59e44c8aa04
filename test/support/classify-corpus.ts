import type { Catalog } from '../../src/catalog/index.js';
import { classifyHealthJson } from '../../src/cli/classify-health.js';
import { classifyEmail } from '../../src/ingest/email/classify.js';
import { type RealCorpusItem, readRealCorpusItem } from './real-corpus.js';

/** What the classifier made of one corpus item. */
export interface CorpusResult {
  item: RealCorpusItem;
  /** The catalog id it gave (every event of a Health file, when they agree), null for none. */
  got: string | null;
  right: boolean;
  /** Why, for a person reading the misses: matchedBy, or the quarantine reason. */
  why: string;
}

/**
 * Classifies one item through the same code paths as `opsradar classify email` (mail) and
 * `opsradar classify health` (Health files).
 */
export async function classifyCorpusItem(item: RealCorpusItem, catalog: Catalog): Promise<CorpusResult> {
  const raw = readRealCorpusItem(item);
  if (item.type === 'mail') {
    const outcome = await classifyEmail(raw, { catalog, now: new Date('2026-12-02T00:00:00Z') });
    const got = outcome.status === 'matched' ? (outcome.classification.kind ?? null) : null;
    const why =
      outcome.status === 'matched'
        ? (outcome.classification.matchedBy ?? '')
        : `${outcome.reason.code} ${JSON.stringify(outcome.reason.detail)}`;
    return { item, got, right: got === item.expected, why };
  }
  let kinds: Array<string | null>;
  let why: string;
  try {
    const results = classifyHealthJson(JSON.parse(raw.toString('utf8')), catalog);
    kinds = results.map((r) => r.kind);
    why = results.map((r) => `${r.eventTypeCode}: ${r.matchedBy ?? 'no match'}`).join(' | ');
  } catch (error) {
    return { item, got: null, right: false, why: `refused: ${(error as Error).message}` };
  }
  const distinct = [...new Set(kinds)];
  const got =
    distinct.length === 1 ? (distinct[0] ?? null) : (distinct.find((k) => k !== item.expected) ?? null);
  return { item, got, right: kinds.length > 0 && kinds.every((k) => k === item.expected), why };
}
