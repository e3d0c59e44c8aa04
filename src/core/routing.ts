import { z } from 'zod';
import { CATEGORIES } from './types.js';

/**
 * Who owns a new work item: the `routing` section of the config file. Rules are tried in order;
 * the first whose every condition matches wins; otherwise `default` applies.
 *
 * routing:
 *   organizationalUnits:            # OU id → member accounts (for `ou` conditions)
 *     ou-abcd-11111111: ['111122223333']
 *   rules:
 *     - match: { kind: abuse-report }
 *       team: security
 *     - match: { account: '111122223333', region: 'ap-*' }
 *       team: payments
 *       owner: sato
 *     - match: { tag: { Team: web } }
 *       team: web
 *   default: { team: platform }
 */
const oneOrMany = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

const matchSchema = z
  .object({
    account: oneOrMany.optional(),
    ou: oneOrMany.optional(),
    region: oneOrMany.optional(),
    service: oneOrMany.optional(),
    kind: oneOrMany.optional(),
    category: z.union([z.enum(CATEGORIES), z.array(z.enum(CATEGORIES)).min(1)]).optional(),
    /** Resource tags: every key must be present with a value matching (glob `*`). */
    tag: z.record(z.string(), z.string()).optional(),
  })
  .strict();

const assigneeSchema = z
  .object({ team: z.string().min(1).optional(), owner: z.string().min(1).optional() })
  .strict()
  .refine((a) => a.team !== undefined || a.owner !== undefined, { message: 'give a team or an owner' });

const ruleSchema = z
  .object({
    match: matchSchema,
    team: z.string().min(1).optional(),
    owner: z.string().min(1).optional(),
  })
  .strict()
  .refine((r) => r.team !== undefined || r.owner !== undefined, {
    message: 'a rule needs a team or an owner',
  });

export const routingSchema = z
  .object({
    organizationalUnits: z
      .record(z.string(), z.array(z.string().regex(/^\d{12}$/, 'a 12-digit account id')))
      .default({}),
    rules: z.array(ruleSchema).default([]),
    default: assigneeSchema.optional(),
  })
  .strict();

export type RoutingConfig = z.infer<typeof routingSchema>;
export type RoutingRule = z.infer<typeof ruleSchema>;

/** What routing looks at for one new item. */
export interface RoutingInput {
  accountId: string;
  region: string;
  service: string;
  kind: string;
  category: string;
  tags: Record<string, string>;
  /** OU ids the account belongs to, from the source (evidence) when it knows. */
  ous?: readonly string[];
}

export interface Assignment {
  team: string | null;
  owner: string | null;
  /** Index of the rule that matched, or null when the default (or nothing) applied. */
  rule: number | null;
}

/** Case-insensitive match with `*` as any run of characters. */
export function glob(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern.toLowerCase() === value.toLowerCase();
  const escaped = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`, 'i').test(value);
}

function anyOf(condition: string | string[] | undefined, value: string): boolean {
  if (condition === undefined) return true;
  return (Array.isArray(condition) ? condition : [condition]).some((pattern) => glob(pattern, value));
}

/** First matching rule wins; then the default; then nobody. */
export function route(config: RoutingConfig, input: RoutingInput): Assignment {
  const ous = new Set(input.ous ?? []);
  for (const [ou, accounts] of Object.entries(config.organizationalUnits)) {
    if (accounts.includes(input.accountId)) ous.add(ou);
  }
  for (const [index, rule] of config.rules.entries()) {
    const m = rule.match;
    if (!anyOf(m.account, input.accountId)) continue;
    if (!anyOf(m.region, input.region)) continue;
    if (!anyOf(m.service, input.service)) continue;
    if (!anyOf(m.kind, input.kind)) continue;
    if (!anyOf(m.category, input.category)) continue;
    if (m.ou !== undefined) {
      const wanted = Array.isArray(m.ou) ? m.ou : [m.ou];
      if (!wanted.some((ou) => [...ous].some((member) => glob(ou, member)))) continue;
    }
    if (
      m.tag &&
      !Object.entries(m.tag).every(([key, value]) => key in input.tags && glob(value, input.tags[key] ?? ''))
    ) {
      continue;
    }
    return { team: rule.team ?? null, owner: rule.owner ?? null, rule: index };
  }
  return { team: config.default?.team ?? null, owner: config.default?.owner ?? null, rule: null };
}

export const EMPTY_ROUTING: RoutingConfig = { organizationalUnits: {}, rules: [] };
