import { z } from 'zod';
import { CATEGORIES } from '../core/types.js';

const text = z.string().trim().min(1);
/** Characters written without spaces between them in Japanese text. */
const JA = String.raw`[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}、。「」『』（）・：！？]`;
const JA_GAP = new RegExp(`(${JA})[ \\t\\n]+(?=${JA})`, 'gu');
/**
 * Japanese text; YAML folding (`>-`) turns line breaks into spaces, which Japanese does not use
 * between two Japanese characters, so those are removed.
 */
const JA_PUNCT_GAP = /([、。「」『』（）])[ \t\n]+/gu;
const jaText = text.transform((s) => s.replace(JA_GAP, '$1').replace(JA_PUNCT_GAP, '$1'));
const localized = z.object({ ja: jaText, en: text }).strict();
const localizedSteps = z
  .object({ ja: z.array(jaText).min(1), en: z.array(text).min(1) })
  .strict()
  .refine((s) => s.ja.length === s.en.length, {
    message: 'runbook.ja and runbook.en must have the same number of steps',
  });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
/** A regular expression given as a string; checked to compile. Email patterns match case-insensitively, Health code patterns case-sensitively. */
const regex = z.string().refine(
  (s) => {
    try {
      new RegExp(s, 'iu');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);

export const referenceSchema = z
  .object({
    title: text,
    url: z.url({ protocol: /^https$/ }),
    /** The day someone checked this page says what the entry says. */
    verifiedOn: isoDate,
  })
  .strict();

export const healthDetectionSchema = z
  .object({
    /** Exact AWS Health eventTypeCode values. */
    eventTypeCodes: z.array(text).default([]),
    /** Families of codes, as regular expressions over the whole code (anchored and case-sensitive when matched). */
    eventTypeCodePatterns: z.array(regex).default([]),
    /** Codes that the patterns above would catch but that belong elsewhere (e.g. operational issues); searched anywhere in the code (use `^`/`$` to anchor), case-sensitive. An exclude also overrides `eventTypeCodes`. */
    excludeEventTypeCodePatterns: z.array(regex).default([]),
    /** AWS Health service names these codes come from (EC2, RDS, DIRECTCONNECT, ...); narrows pattern matches when the input names its service. */
    services: z.array(text).default([]),
    /** Real codes that must map to this entry; the meta-tests check them. */
    samples: z.array(text).default([]),
  })
  .strict();

export const emailDetectionSchema = z
  .object({
    /** Regular expression over the subject (after Fwd:/転送: prefixes are removed). */
    subject: regex,
    /** Sender addresses or domains (`@amazonaws.com`) this notice comes from; empty = any AWS domain. */
    from: z.array(text).default([]),
    /** Optional regular expression the body must match too, to split notices sharing one subject. */
    body: regex.optional(),
    /** Real subjects that must match this pattern; the meta-tests check them and that no other entry matches. */
    samples: z.array(text).min(1),
  })
  .strict();

export const eventBridgeDetectionSchema = z
  .object({
    source: text,
    detailType: text,
    /** For aws.health events the detail's eventTypeCode decides; this narrows other sources further. */
    detailPattern: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
  })
  .strict();

export const correlationKeys = ['accountId', 'region', 'resource', 'eventDay', 'kind'] as const;

export const eventKindSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id must be kebab-case'),
    /** AWS services involved, as AWS Health names them (ACM, ROUTE53DOMAINS, EC2, RDS, ...). */
    services: z.array(text).min(1),
    category: z.enum(CATEGORIES),
    title: localized,
    summary: localized,
    runbook: localizedSteps,
    /** How many days before the event date the work must start: the due date is eventDate - leadTimeDays. */
    leadTimeDays: z
      .number()
      .int()
      .min(0)
      .max(730)
      .describe('Days before the event date the work must start.'),
    /** Days before the due date on which people are reminded (0 = on the due date). */
    reminderDays: z
      .array(z.number().int().min(0).max(365))
      .default([])
      .describe('Days before the due date on which people are reminded.'),
    /** How far ahead scanners report future dates for this kind. */
    horizonDays: z.number().int().min(1).max(1095).describe('How far ahead scanners report future dates.'),
    detection: z
      .object({
        scanners: z.array(text).default([]).describe('Ids of the scanners that report this kind.'),
        health: healthDetectionSchema.optional(),
        email: z.array(emailDetectionSchema).default([]),
        eventbridge: z.array(eventBridgeDetectionSchema).default([]),
      })
      .strict(),
    /** What makes two occurrences the same real-world event (one work item). */
    correlation: z.object({ keys: z.array(z.enum(correlationKeys)).min(1), rule: localized }).strict(),
    avoidance: localized,
    references: z.array(referenceSchema).min(1),
    /** What AWS changed since the 2018 source document, newest last. */
    changes: z.array(z.object({ date: isoDate, description: localized }).strict()).default([]),
  })
  .strict();

export type EventKind = z.infer<typeof eventKindSchema>;
export type EventKindInput = z.input<typeof eventKindSchema>;
export type Reference = z.infer<typeof referenceSchema>;
