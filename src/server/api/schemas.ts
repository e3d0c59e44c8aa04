import { z } from 'zod';
import { CATEGORIES } from '../../core/types.js';
import { URGENCIES, WORK_ITEM_STATUSES } from '../../core/workitems.js';
import { TOKEN_KINDS, WORK_ITEM_SORTS, type WorkItemFilter } from '../../store/index.js';
import { ROLES } from '../tokens.js';

/** A query parameter that takes one value or several, comma-separated (`status=open,acknowledged`). */
function multi<T extends z.ZodType<string>>(item: T, description: string) {
  return z
    .string()
    .max(2000)
    .optional()
    .describe(`${description} (comma-separated for several)`)
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return undefined;
      const parts = value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean);
      const out: string[] = [];
      for (const part of parts) {
        const parsed = item.safeParse(part);
        if (!parsed.success) {
          ctx.addIssue({ code: 'custom', message: `not allowed: ${part}` });
          return z.NEVER;
        }
        out.push(parsed.data);
      }
      return out;
    });
}

/** PostgreSQL text cannot hold NUL, and no person types one: refuse it as bad input (400), not a 500. */
const NO_NUL = [(value: string) => !value.includes('\u0000'), 'must not contain NUL characters'] as const;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const dueBefore = z
  .union([day, z.iso.datetime({ offset: true })])
  .optional()
  .describe('Due on or before this day (YYYY-MM-DD, end of the UTC day) or instant');
const optionalText = (max: number, description: string) =>
  z
    .string()
    .max(max)
    .refine(...NO_NUL)
    .optional()
    .describe(description)
    .transform((v) => (v?.trim() ? v.trim() : undefined));

/** Filters shared by the list, the exports, the calendar and the dashboard. */
export const listQuerySchema = z.object({
  account: multi(z.string().regex(/^\d{12}$/, 'a 12-digit account id'), 'AWS account id'),
  region: multi(z.string().regex(/^[a-z0-9-]{2,32}$/), 'Region (or global)'),
  service: multi(
    z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
    'AWS service as AWS Health names it (EC2, ACM, ...)',
  ),
  category: multi(z.enum(CATEGORIES), 'Category'),
  kind: multi(z.string().regex(/^[a-z0-9-]{1,80}$/), 'Catalog id'),
  status: multi(
    z.enum([...WORK_ITEM_STATUSES, 'active']),
    'Status, or active = open + acknowledged + in_progress',
  ),
  owner: optionalText(200, 'Owner or team'),
  text: optionalText(200, 'Substring of title, resource, kind or account'),
  urgency: multi(z.enum(URGENCIES), 'Urgency band (implies active items unless status is given)'),
  dueBefore,
  sort: z.enum(WORK_ITEM_SORTS).optional().describe('Sort order; default due (soonest first)'),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/)
    .optional()
    .describe('nextCursor of the previous page (keyset paging; stable, fast at any depth)'),
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .max(10_000_000)
    .default(0)
    .describe('Deprecated: items to skip (slow deep in the list); use cursor'),
  limit: z.coerce.number().int().min(1).max(1000).default(50).describe('Page size (1-1000)'),
});
export type ListQuery = z.output<typeof listQuerySchema>;

export function toFilter(query: ListQuery): WorkItemFilter {
  const filter: WorkItemFilter = {};
  if (query.account) filter.account = query.account;
  if (query.region) filter.region = query.region;
  if (query.service) filter.service = query.service;
  if (query.category) filter.category = query.category;
  if (query.kind) filter.kind = query.kind;
  if (query.status) filter.status = query.status;
  if (query.owner) filter.owner = query.owner;
  if (query.text) filter.text = query.text;
  if (query.urgency) filter.urgency = query.urgency as WorkItemFilter['urgency'];
  if (query.dueBefore) filter.dueBefore = query.dueBefore;
  return filter;
}

export const exportQuerySchema = listQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(100_000).default(10_000).describe('Rows to export (1-100000)'),
  lang: z.enum(['ja', 'en']).optional().describe('Language of the column headers'),
});

export const itemIdParam = z.object({
  id: z
    .string()
    .regex(/^(#|W-)?\d{1,15}$/i, 'a work item id such as 42')
    .describe('Work item id'),
});

const note = z
  .string()
  .trim()
  .max(4000)
  .refine(...NO_NUL);

export const actionBodySchema = z
  .object({ note: note.optional().describe('Recorded in the history') })
  .strict();
export const wontdoBodySchema = z
  .object({
    reason: note.min(1, "won't do needs a reason").describe('Why the work is not done'),
    note: note.optional(),
  })
  .strict();
export const assignBodySchema = z
  .object({
    owner: z
      .string()
      .trim()
      .max(200)
      .refine(...NO_NUL)
      .nullable()
      .describe('New owner; null or empty unassigns'),
    team: z
      .string()
      .trim()
      .max(200)
      .refine(...NO_NUL)
      .nullable()
      .optional()
      .describe('New team; omitted keeps it'),
    note: note.optional(),
  })
  .strict();
export const noteBodySchema = z.object({ note: note.min(1, 'a note cannot be empty') }).strict();

export const changesQuerySchema = z.object({
  since: z.iso.datetime({ offset: true }).optional().describe('Default: 24 hours ago'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const tokenCreateSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .refine(...NO_NUL),
    role: z.enum(ROLES),
    kind: z
      .enum(TOKEN_KINDS)
      .default('api')
      .describe('api: the API and dashboard; feed: only the calendar feed (its role is viewer)'),
  })
  .strict();

export const calendarQuerySchema = listQuerySchema
  .omit({ offset: true, cursor: true, limit: true, sort: true })
  .extend({
    token: z.string().max(200).optional().describe('Feed token (calendar clients cannot send headers)'),
    lang: z.enum(['ja', 'en']).optional(),
  });
