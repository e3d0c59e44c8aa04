import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/** Where the corpus of real AWS notices lives (issue #10): mail/, health/ and index.yaml. */
export const realCorpusDir = join(import.meta.dirname, '..', 'fixtures', 'real');

/** The shapes people keep Health events in; `classify health` must accept each. */
export const HEALTH_SHAPES = [
  'eventbridge',
  'list',
  'sns',
  'putevents',
  'aha',
  'describe-events',
  'describe-event-details',
  'describe-events-for-organization',
] as const;

/** Catalog ids issue #11 adds in parallel; an item may expect one before its entry lands. */
export const ISSUE_11_IDS = [
  'engine-maintenance',
  'engine-end-of-support',
  'capacity-reservation-expiry',
  'credentials-exposed',
  'tls-endpoint-deprecation',
  'shield-subscription-renewal',
  'scim-token-expiry',
  'availability-zone-retirement',
] as const;

const itemSchema = z
  .object({
    file: z.string().regex(/^(mail\/[a-z0-9-]+\.eml|health\/[a-z0-9-]+\.json)$/),
    type: z.enum(['mail', 'health']),
    /** The catalog id a correct classifier gives, or null for a notice that needs no work. */
    expected: z.string().min(1).nullable(),
    source: z.string().url(),
    retrieved: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    shape: z.enum(HEALTH_SHAPES).optional(),
    lang: z.enum(['en', 'ja', 'both']).optional(),
    /** A variant built by make-variants.ts from another item of the corpus. */
    derivedFrom: z.string().optional(),
    note: z.string().optional(),
  })
  .strict();

const indexSchema = z
  .object({
    items: z.array(itemSchema),
    /** Catalog kinds with no public sample found yet, each with the reason. */
    uncovered: z.array(z.object({ id: z.string(), reason: z.string().min(1) }).strict()).default([]),
  })
  .strict();

export type RealCorpusItem = z.infer<typeof itemSchema>;
export type RealCorpusIndex = z.infer<typeof indexSchema>;

/** Reads and validates index.yaml; throws with the offending path when an item is malformed. */
export function loadRealCorpusIndex(dir: string = realCorpusDir): RealCorpusIndex {
  return indexSchema.parse(parse(readFileSync(join(dir, 'index.yaml'), 'utf8')));
}

/** The raw bytes of one item (mail is bytes so charsets stay untouched). */
export function readRealCorpusItem(item: RealCorpusItem, dir: string = realCorpusDir): Buffer {
  return readFileSync(join(dir, item.file));
}
