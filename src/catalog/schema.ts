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

/**
 * A regular expression given as a string, checked to compile with `flags` (the catalog's and the
 * lifecycle tables' patterns).
 *
 * @example
 * z.object({ match: regexSource('i') })
 */
export function regexSource(flags: string) {
  const compiles = (source: string) => {
    try {
      new RegExp(source, flags);
      return true;
    } catch {
      return false;
    }
  };
  return z.string().refine(compiles, { message: 'not a valid regular expression' });
}

/** Email patterns match case-insensitively, Health code patterns case-sensitively. */
const regex = regexSource('iu');

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

/** Resource ids the mail and Health text readers know how to find. */
export const RESOURCE_TYPES = [
  'ec2-instance',
  'rds-db-instance',
  'dx-connection',
  'dx-lag',
  'dx-virtual-interface',
  'vpn-connection',
  'domain',
  'acm-certificate',
  'lambda-function',
  'arn',
  'ip-address',
  'account',
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/**
 * A phrase as written in notices. Matched on normalized text (NFKC, lower case, one space for any run
 * of white space, no space between Japanese characters), at word boundaries. `…` (or ` ... `) allows up
 * to 160 characters between two parts; a trailing `*` accepts any word ending (`retire*`).
 */
const phrase = z
  .string()
  .trim()
  .min(2)
  .refine((s) => !/[\\[\](){}|^$+?]/.test(s), {
    message:
      'a phrase is plain text (use … for a gap and a trailing * for a word ending), not a regular expression',
  });
const phrases = z
  .object({ en: z.array(phrase).default([]), ja: z.array(phrase).default([]) })
  .strict()
  .default({ en: [], ja: [] });

/** Quantified groups that contain a quantifier (`(a+)+`) backtrack exponentially; refused in user patterns. */
function hasNestedQuantifier(source: string): boolean {
  // One flag per open group: does it contain a quantifier?
  const groups: boolean[] = [];
  for (let i = 0; i < source.length; i += 1) {
    const c = source[i];
    if (c === '\\') {
      i += 1;
    } else if (c === '(') {
      groups.push(false);
    } else if (c === ')') {
      const inner = groups.pop() ?? false;
      const next = source[i + 1];
      if (inner && (next === '*' || next === '+' || next === '{')) return true;
      if (inner && groups.length > 0) groups[groups.length - 1] = true;
    } else if ((c === '*' || c === '+' || c === '{') && groups.length > 0) {
      groups[groups.length - 1] = true;
    }
  }
  return false;
}

const linearRegex = regex.refine((s) => !hasNestedQuantifier(s) && !/\\[1-9]/.test(s), {
  message:
    'patterns run over untrusted mail: no quantified group that contains a quantifier, no back-references',
});

/**
 * What identifies the kind in a mail body, a Health description or an EventBridge detail, and how the
 * resource and the date are read from it. One matcher reads every source with these rules.
 */
export const contentDetectionSchema = z
  .object({
    /** Phrases AWS uses for this notice; one is enough to name the kind. */
    phrases,
    /** Words that support the kind (a service name, "maintenance window"); they never decide alone. */
    cues: phrases,
    /** Phrases that say the text is something else (a completed action, a different notice). */
    notPhrases: phrases,
    /**
     * Which resource ids are "the resource" of this kind, in order of preference: the first item (a type,
     * or a list of types taken together) found in the text wins; the rest stays in the evidence.
     */
    resources: z.array(z.union([z.enum(RESOURCE_TYPES), z.array(z.enum(RESOURCE_TYPES)).min(1)])).default([]),
    /** Extra resource ids, as regular expressions (the whole match, or group 1, is the id). */
    resourcePatterns: z.array(linearRegex).default([]),
    dates: z
      .object({
        /** The notice gives a window (start and end), as maintenance does. */
        window: z.boolean().default(false),
        /** The event happens when the notice is sent (a report, an attack): the message date stands in. */
        atNotice: z.boolean().default(false),
        /** Words right before (en) or after (ja) the date that matters: "retirement", "有効期限". */
        cues: phrases,
      })
      .strict()
      .default({ window: false, atNotice: false, cues: { en: [], ja: [] } }),
    /** The notice concerns the whole account (no resource of its own). */
    accountWide: z.boolean().default(false),
    /** The kind has no Region (domains, account-level programmes): occurrences say `global`. */
    global: z.boolean().default(false),
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

/** A work item's title as a sentence with `{resource}` and `{date}` (YYYY-MM-DD) in it. */
const titleTemplate = (t: z.ZodType<string>) =>
  t.refine((s) => s.includes('{resource}') && s.includes('{date}'), {
    message: 'an item title names {resource} and {date}',
  });
const itemTitleWording = (t: z.ZodType<string>) =>
  z
    .object({
      /** Before the date: "ACM certificate {resource} expires on {date}". */
      upcoming: titleTemplate(t),
      /** Once the date has passed: "ACM certificate {resource} expired on {date}". */
      past: titleTemplate(t),
    })
    .strict();
export const itemTitleSchema = z
  .object({ ja: itemTitleWording(jaText), en: itemTitleWording(text) })
  .strict()
  .describe(
    'How a work item of this kind is titled once its date is known; {resource} and {date} are filled in. Without it: "<title>: <resource> (<date>)".',
  );

export const correlationKeys = ['accountId', 'region', 'resource', 'eventDay', 'kind'] as const;

export const eventKindSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id must be kebab-case'),
    /** AWS services involved, as AWS Health names them (ACM, ROUTE53DOMAINS, EC2, RDS, ...). */
    services: z.array(text).min(1),
    category: z.enum(CATEGORIES),
    title: localized,
    /** Optional wording of work-item titles; without it, "<title>: <resource> (<date>)". */
    itemTitle: itemTitleSchema.optional(),
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
        content: contentDetectionSchema.optional(),
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
export type ItemTitleWording = z.infer<typeof itemTitleSchema>['en'];
export type ContentDetection = z.infer<typeof contentDetectionSchema>;
