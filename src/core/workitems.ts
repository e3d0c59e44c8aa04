import { parseArn } from './arn.js';
import { OpsradarError } from './errors.js';
import { DAY_MS } from './time.js';
import type { Category, JsonObject } from './types.js';

/**
 * Work items: what the team tracks. Pure logic only (no I/O): statuses and the moves between them,
 * due dates and urgency bands, and the correlation key that makes several sightings one item.
 */

export const WORK_ITEM_STATUSES = [
  'open',
  'acknowledged',
  'in_progress',
  'done',
  'wont_do',
  'resolved',
] as const;
export type WorkItemStatus = (typeof WORK_ITEM_STATUSES)[number];

/** Statuses that still need work (counted, reminded, resolvable by a scan). */
export const ACTIVE_STATUSES: readonly WorkItemStatus[] = ['open', 'acknowledged', 'in_progress'];

/**
 * What a person does to an item; `resolve`, `reappear` and `reject` are opsradar's own moves
 * (`reject`: AWS turned a filed request down, so the work is open again).
 */
export const WORK_ITEM_ACTIONS = [
  'ack',
  'start',
  'done',
  'wontdo',
  'reopen',
  'resolve',
  'reappear',
  'reject',
] as const;
export type WorkItemAction = (typeof WORK_ITEM_ACTIONS)[number];
/** The actions a person may take (CLI, API, dashboard). */
export const HUMAN_ACTIONS = ['ack', 'start', 'done', 'wontdo', 'reopen'] as const;
export type HumanAction = (typeof HUMAN_ACTIONS)[number];

const TRANSITIONS: Record<WorkItemAction, { from: readonly WorkItemStatus[]; to: WorkItemStatus }> = {
  ack: { from: ['open'], to: 'acknowledged' },
  start: { from: ['open', 'acknowledged'], to: 'in_progress' },
  done: { from: ['open', 'acknowledged', 'in_progress'], to: 'done' },
  wontdo: { from: ['open', 'acknowledged', 'in_progress'], to: 'wont_do' },
  reopen: { from: ['done', 'wont_do', 'resolved'], to: 'open' },
  resolve: { from: ['open', 'acknowledged', 'in_progress'], to: 'resolved' },
  reappear: { from: ['resolved'], to: 'open' },
  reject: { from: ['acknowledged', 'in_progress'], to: 'open' },
};

export class WorkItemError extends OpsradarError {}

/** Who opsradar itself is in the history (automatic resolution, reopening, creation). */
export const SYSTEM_ACTOR = 'opsradar';

/** What an item is about: the fields correlation sets when it creates one. */
export interface WorkItemSubject {
  correlationKey: string;
  kind: string;
  category: Category;
  service: string;
  accountId: string;
  region: string;
  resource: string;
  title: string;
  eventDate: string | null;
  dueDate: string | null;
}

/** What the team tracks: one real-world event, however many sources reported it. */
export interface WorkItem extends WorkItemSubject {
  /** Sequential number; people write it `#42` (see `ref`). */
  id: number;
  ref: string;
  status: WorkItemStatus;
  /** Computed against the `now` of the query. */
  urgency: Urgency;
  owner: string | null;
  team: string | null;
  /** Reason for won't do, or the evidence of an automatic resolution. */
  resolution: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface WorkItemHistoryEntry {
  id: number;
  workItemId: number;
  at: string;
  actor: string;
  /** created | seen | ack | start | done | wontdo | reopen | resolve | reappear | assign | note | reschedule */
  action: string;
  fromStatus: WorkItemStatus | null;
  toStatus: WorkItemStatus | null;
  note: string | null;
}

/**
 * The status an action leads to, or a WorkItemError (code INVALID_TRANSITION / REASON_REQUIRED).
 * Won't do needs a reason: someone reading the history later must see why the work was skipped.
 */
export function nextStatus(
  current: WorkItemStatus,
  action: WorkItemAction,
  options: { reason?: string } = {},
): WorkItemStatus {
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(current)) {
    throw new WorkItemError(
      `cannot ${action} a work item that is ${current} (allowed from: ${transition.from.join(', ')})`,
      'INVALID_TRANSITION',
    );
  }
  if (action === 'wontdo' && !options.reason?.trim()) {
    throw new WorkItemError("won't do needs a reason", 'REASON_REQUIRED');
  }
  return transition.to;
}

/** The actions a person may take on an item in this status, in HUMAN_ACTIONS order. */
export function allowedActions(status: WorkItemStatus): HumanAction[] {
  return HUMAN_ACTIONS.filter((action) => TRANSITIONS[action].from.includes(status));
}

export function isActive(status: string): boolean {
  return (ACTIVE_STATUSES as readonly string[]).includes(status);
}

/**
 * When the work must start: the event date minus the catalog's lead time. Without an event date
 * (an abuse report, a quota nearly used up) the lead time runs from when it was first seen: due at
 * once for a 0-day kind (abuse), within the kind's lead time for a finding with no AWS deadline.
 */
export function dueDate(eventDate: string | null, leadTimeDays: number, firstSeenAt: string): string {
  if (!eventDate) return new Date(new Date(firstSeenAt).getTime() + leadTimeDays * DAY_MS).toISOString();
  return new Date(new Date(eventDate).getTime() - leadTimeDays * DAY_MS).toISOString();
}

export const URGENCIES = ['overdue', 'within_7_days', 'within_30_days', 'later'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Exclusive bands: overdue (due before now), then due within 7 days, within 30 days, later. */
export function urgencyOf(due: string | null, now: Date): Urgency {
  if (!due) return 'later';
  const t = new Date(due).getTime();
  const n = now.getTime();
  if (t < n) return 'overdue';
  if (t <= n + 7 * DAY_MS) return 'within_7_days';
  if (t <= n + 30 * DAY_MS) return 'within_30_days';
  return 'later';
}

/** The due-date range of a band, for filtering in SQL: from <= due < to (either side open). */
export function urgencyRange(band: Urgency, now: Date): { from?: string; to?: string } {
  const at = (days: number) => new Date(now.getTime() + days * DAY_MS).toISOString();
  switch (band) {
    case 'overdue':
      return { to: at(0) };
    case 'within_7_days':
      return { from: at(0), to: new Date(now.getTime() + 7 * DAY_MS + 1).toISOString() };
    case 'within_30_days':
      return {
        from: new Date(now.getTime() + 7 * DAY_MS + 1).toISOString(),
        to: new Date(now.getTime() + 30 * DAY_MS + 1).toISOString(),
      };
    case 'later':
      return { from: new Date(now.getTime() + 30 * DAY_MS + 1).toISOString() };
  }
}

/** The part of a catalog entry work items need (the catalog's EventKind satisfies it). */
export interface WorkItemKind {
  id: string;
  category: Category;
  services: readonly string[];
  leadTimeDays: number;
  title: { ja: string; en: string };
  correlation: { keys: readonly ('accountId' | 'region' | 'resource' | 'eventDay' | 'kind')[] };
}

/** The fields of an occurrence correlation looks at. */
export interface CorrelationInput {
  accountId: string;
  region: string;
  resource: string;
  eventDate: string | null;
}

/**
 * The resource as every source can name it: an ARN and a bare id (`i-0abc`, a certificate id, a DB
 * identifier) must meet, so an ARN is reduced to its resource id; case does not matter.
 */
export function normalizeResource(resource: string): string {
  const trimmed = resource.trim();
  const rest = parseArn(trimmed)?.resource;
  if (!rest) return trimmed.toLowerCase();
  const separator = rest.search(/[/:]/);
  return (separator === -1 ? rest : rest.slice(separator + 1)).toLowerCase();
}

/**
 * What makes two occurrences the same real-world event, per the catalog's `correlation.keys`
 * (e.g. account + resource + event day for a retirement). The kind is always part of the key.
 */
export function correlationKey(kind: WorkItemKind, occurrence: CorrelationInput): string {
  const parts = [kind.id];
  for (const key of kind.correlation.keys) {
    switch (key) {
      case 'kind':
        break;
      case 'accountId':
        parts.push(`a=${occurrence.accountId}`);
        break;
      case 'region':
        parts.push(`r=${occurrence.region}`);
        break;
      case 'resource':
        parts.push(`res=${normalizeResource(occurrence.resource)}`);
        break;
      case 'eventDay':
        parts.push(
          `d=${occurrence.eventDate ? new Date(occurrence.eventDate).toISOString().slice(0, 10) : ''}`,
        );
        break;
    }
  }
  return parts.join('|');
}

/** The AWS service an item is about: the source's own word, else the ARN's, else the catalog's first. */
export function serviceOf(kind: WorkItemKind, resource: string, evidence: JsonObject): string {
  const stated = evidence.service;
  if (typeof stated === 'string' && stated.trim()) return stated.trim().toUpperCase();
  const arn = parseArn(resource);
  if (arn) return arn.service.toUpperCase();
  return kind.services[0] ?? '';
}

/** Resource tags as the sources report them: `{Key: Value}` or `[{Key, Value}]` under `evidence.tags`. */
export function tagsFromEvidence(evidence: JsonObject): Record<string, string> {
  const tags = evidence.tags;
  const result: Record<string, string> = {};
  if (Array.isArray(tags)) {
    for (const tag of tags) {
      if (tag && typeof tag === 'object' && !Array.isArray(tag)) {
        const key = tag.Key ?? tag.key;
        const value = tag.Value ?? tag.value;
        if (typeof key === 'string') result[key] = typeof value === 'string' ? value : String(value ?? '');
      }
    }
  } else if (tags && typeof tags === 'object') {
    for (const [key, value] of Object.entries(tags)) {
      result[key] = typeof value === 'string' ? value : String(value ?? '');
    }
  }
  return result;
}

/** `#42`, `42` or `W-42` → 42; anything else → undefined. */
export function parseWorkItemId(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isSafeInteger(input) && input > 0 ? input : undefined;
  const match = /^(?:#|w-)?(\d{1,15})$/i.exec(input.trim());
  if (!match?.[1]) return undefined;
  const id = Number(match[1]);
  return id > 0 ? id : undefined;
}

export function formatWorkItemId(id: number): string {
  return `#${id}`;
}
