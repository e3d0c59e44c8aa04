import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { DAY_MS } from '../core/time.js';
import { type Urgency, urgencyRange } from '../core/workitems.js';
import type { Dialect } from './migrations/index.js';
import { toUtcIso } from './occurrences.js';
import type { Database } from './schema.js';
import { ACTIVE } from './work-item-rows.js';

export interface WorkItemFilter {
  category?: string | string[];
  /** A status, several, or 'active' (open, acknowledged, in progress). */
  status?: string | string[];
  account?: string | string[];
  region?: string | string[];
  service?: string | string[];
  kind?: string | string[];
  /** Matches the owner or the team. */
  owner?: string;
  /** Due on or before this instant (a bare date YYYY-MM-DD means the end of that UTC day). */
  dueBefore?: string;
  /** Case-insensitive substring of the title or the resource. */
  text?: string;
  /** An urgency band; without a status filter it implies active items. */
  urgency?: Urgency | Urgency[];
}

type ItemsExpression = ExpressionBuilder<Database, 'work_items'>;

function asList(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const list = (Array.isArray(value) ? value : [value]).filter((v) => v !== '');
  return list.length > 0 ? list : undefined;
}

/** Substring of title or resource, case-insensitive, served by an index on both dialects. */
function textCondition(eb: ItemsExpression, dialect: Dialect, text: string): Expression<SqlBool> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  if (dialect === 'postgres') return eb.or([eb('title', 'ilike', pattern), eb('resource', 'ilike', pattern)]);
  // The FTS5 trigram index needs 3 characters; shorter text falls back to LIKE.
  if ([...text].length >= 3) {
    const phrase = `"${text.replaceAll('"', '""')}"`;
    return sql<SqlBool>`work_items.id in (select rowid from work_items_text where work_items_text match ${phrase})`;
  }
  return sql<SqlBool>`(work_items.title like ${pattern} escape '\\' or work_items.resource like ${pattern} escape '\\')`;
}

function dueBeforeLimit(dueBefore: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(dueBefore))
    return new Date(new Date(`${dueBefore}T00:00:00Z`).getTime() + DAY_MS).toISOString();
  return new Date(new Date(toUtcIso(dueBefore, 'dueBefore')).getTime() + 1).toISOString();
}

function urgencyCondition(eb: ItemsExpression, urgency: Urgency[], now: Date): Expression<SqlBool> {
  return eb.or(
    urgency.map((band) => {
      const range = urgencyRange(band, now);
      const parts = [];
      if (range.from) parts.push(eb('due_date', '>=', range.from));
      if (range.to) parts.push(eb('due_date', '<', range.to));
      return band === 'later' ? eb.or([eb.and(parts), eb('due_date', 'is', null)]) : eb.and(parts);
    }),
  );
}

/** The filter as a where clause on `work_items`; urgency bands are taken against `now`. */
export function applyFilter(filter: WorkItemFilter, dialect: Dialect, now: Date) {
  return (eb: ItemsExpression) => {
    const conditions = [];
    const category = asList(filter.category);
    if (category) conditions.push(eb('category', 'in', category));
    let status = asList(filter.status);
    if (status?.includes('active')) status = [...status.filter((s) => s !== 'active'), ...ACTIVE];
    const urgency = asList(filter.urgency) as Urgency[] | undefined;
    if (!status && urgency) status = [...ACTIVE];
    if (status) conditions.push(eb('status', 'in', status));
    const account = asList(filter.account);
    if (account) conditions.push(eb('account_id', 'in', account));
    const region = asList(filter.region);
    if (region) conditions.push(eb('region', 'in', region));
    const service = asList(filter.service)?.map((s) => s.toUpperCase());
    if (service) conditions.push(eb('service', 'in', service));
    const kind = asList(filter.kind);
    if (kind) conditions.push(eb('kind', 'in', kind));
    if (filter.owner) conditions.push(eb.or([eb('owner', '=', filter.owner), eb('team', '=', filter.owner)]));
    if (filter.dueBefore) conditions.push(eb('due_date', '<', dueBeforeLimit(filter.dueBefore)));
    const text = filter.text?.trim();
    if (text) conditions.push(textCondition(eb, dialect, text));
    if (urgency) conditions.push(urgencyCondition(eb, urgency, now));
    return eb.and(conditions);
  };
}
