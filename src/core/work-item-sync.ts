import { appendTo } from './collections.js';
import { type CoverageEntry, coverageFor } from './coverage.js';
import { type Assignment, type RoutingConfig, route } from './routing.js';
import { parseScannerSourceRef } from './source-ref.js';
import type { StoredOccurrence } from './types.js';
import {
  correlationKey,
  dueDate,
  serviceOf,
  tagsFromEvidence,
  type WorkItemKind,
  type WorkItemSubject,
} from './workitems.js';

/**
 * The rules that turn occurrences into work items and keep them in step with what the sources say:
 * correlation (several sightings are one item), comeback (a resolved item seen again reopens),
 * reschedule (a moved event moves the item's dates) and resolution under full coverage. Pure: the
 * store reads the rows these rules look at and persists the decisions they return.
 */

/** The part of the catalog correlation needs (`Catalog` from src/catalog satisfies it). */
export interface CatalogLookup {
  get(id: string): WorkItemKind | undefined;
}

/** A work item as correlation creates it (status open, no resolution). */
export interface NewWorkItem extends WorkItemSubject {
  owner: string | null;
  team: string | null;
}

/**
 * One step of linking new sightings, in order: `create` makes the item of a correlation key (its
 * first sighting), `link` attaches a sighting to the item that already has that key.
 */
export type SightingStep =
  | { type: 'create'; occurrenceId: string; item: NewWorkItem; note: string }
  | { type: 'link'; occurrenceId: string; correlationKey: string; note: string };

export interface SightingPlan {
  steps: SightingStep[];
  /** Occurrences whose kind is not in the catalog (left unlinked, retried next time). */
  unknownKinds: string[];
}

/** The correlation keys of mapped occurrences whose kind the catalog knows. */
export function correlationKeys(fresh: readonly StoredOccurrence[], catalog: CatalogLookup): string[] {
  const keys = new Set<string>();
  for (const occurrence of fresh) {
    const kind = catalog.get(occurrence.kind ?? '');
    if (kind) keys.add(correlationKey(kind, occurrence));
  }
  return [...keys];
}

function routedNote(assignment: Assignment): string {
  if (!assignment.team && !assignment.owner) return '';
  const who = [assignment.team, assignment.owner].filter(Boolean).join(' / ');
  return `; routed to ${who}${assignment.rule === null ? ' (default)' : ` (rule ${assignment.rule + 1})`}`;
}

function newItem(kind: WorkItemKind, occurrence: StoredOccurrence, key: string, routing: RoutingConfig) {
  const service = serviceOf(kind, occurrence.resource, occurrence.evidence);
  const ous = typeof occurrence.evidence.ouId === 'string' ? [occurrence.evidence.ouId] : [];
  const assignment = route(routing, {
    accountId: occurrence.accountId,
    region: occurrence.region,
    service,
    kind: kind.id,
    category: kind.category,
    tags: tagsFromEvidence(occurrence.evidence),
    ous,
  });
  const item: NewWorkItem = {
    correlationKey: key,
    kind: kind.id,
    category: kind.category,
    service,
    accountId: occurrence.accountId,
    region: occurrence.region,
    resource: occurrence.resource,
    title: occurrence.title?.trim() || kind.title.en,
    eventDate: occurrence.eventDate,
    dueDate: dueDate(occurrence.eventDate, kind.leadTimeDays, occurrence.firstSeenAt),
    owner: assignment.owner,
    team: assignment.team,
  };
  return { item, note: `seen by ${occurrence.source}: ${occurrence.sourceRef}${routedNote(assignment)}` };
}

/**
 * Correlation: each new sighting (oldest first) joins the item of its correlation key, or creates it
 * and is routed to its owner. `existingKeys` are the keys that already have an item.
 */
export function planSightings(
  fresh: readonly StoredOccurrence[],
  catalog: CatalogLookup,
  routing: RoutingConfig,
  existingKeys: ReadonlySet<string>,
): SightingPlan {
  const known = new Set(existingKeys);
  const unknown = new Set<string>();
  const steps: SightingStep[] = [];
  for (const occurrence of fresh) {
    const kind = catalog.get(occurrence.kind ?? '');
    if (!kind) {
      unknown.add(occurrence.kind ?? '');
      continue;
    }
    const key = correlationKey(kind, occurrence);
    if (known.has(key)) {
      const note = `also seen by ${occurrence.source}: ${occurrence.sourceRef}`;
      steps.push({ type: 'link', occurrenceId: occurrence.id, correlationKey: key, note });
      continue;
    }
    known.add(key);
    steps.push({ type: 'create', occurrenceId: occurrence.id, ...newItem(kind, occurrence, key, routing) });
  }
  return { steps, unknownKinds: [...unknown].sort() };
}

/** A sighting linked to a resolved item. */
export interface ResolvedItemSighting {
  itemId: number;
  closedAt: string | null;
  source: string;
  sourceRef: string;
  lastSeenAt: string;
  changedAt: string;
  sourceStatus: string | null;
  /** False for mail whose sender could not be verified: it adds evidence, never reopens. */
  verified: boolean;
  /** A Health entity's status; RESOLVED is not a comeback. */
  entityStatus?: string | null;
}

/**
 * Comeback: a resolved item whose condition came back — a scanner saw it again after the resolution,
 * or another source reported something new (a closed Health event is not a comeback). Unverified
 * sightings never reopen: a forged mail must not undo the team's work.
 */
export function comebacks(
  sightings: readonly ResolvedItemSighting[],
): Array<{ itemId: number; note: string }> {
  const reopen = new Map<number, string>();
  for (const s of sightings) {
    if (!s.verified) continue;
    const closedAt = s.closedAt ?? '';
    const back =
      s.source === 'scanner'
        ? s.lastSeenAt > closedAt
        : s.changedAt > closedAt &&
          (s.sourceStatus ?? '').toLowerCase() !== 'closed' &&
          (s.entityStatus ?? '').toUpperCase() !== 'RESOLVED';
    if (back && !reopen.has(s.itemId)) reopen.set(s.itemId, `seen again by ${s.source}: ${s.sourceRef}`);
  }
  return [...reopen].map(([itemId, note]) => ({ itemId, note }));
}

/** A linked sighting whose content changed after it was linked, with a date. */
export interface ChangedSighting {
  itemId: number;
  kind: string;
  itemDate: string | null;
  eventDate: string;
  firstSeenAt: string;
  changedAt: string;
  /** False for mail whose sender could not be verified: it never moves an item's dates. */
  verified: boolean;
}

export interface RescheduleStep {
  itemId: number;
  /** Links of the item older than this are taken as read (the change is handled). */
  changedAt: string;
  /** Absent when the item's date stays (same date, or a kind the catalog no longer has). */
  move?: { eventDate: string; dueDate: string; note: string };
}

/**
 * Reschedule: a moved event (maintenance moved, Health start time changed) moves the item's dates.
 * An unverified sighting is kept as evidence but moves nothing.
 */
export function reschedules(sightings: readonly ChangedSighting[], catalog: CatalogLookup): RescheduleStep[] {
  return sightings.map((s) => {
    const kind = catalog.get(s.kind);
    if (!kind || !s.verified || s.eventDate === s.itemDate)
      return { itemId: s.itemId, changedAt: s.changedAt };
    return {
      itemId: s.itemId,
      changedAt: s.changedAt,
      move: {
        eventDate: s.eventDate,
        dueDate: dueDate(s.eventDate, kind.leadTimeDays, s.firstSeenAt),
        note: `event date ${s.itemDate ?? '-'} → ${s.eventDate}`,
      },
    };
  });
}

/** A scanner's sighting linked to an active item. */
export interface ActiveItemSighting {
  itemId: number;
  sourceRef: string;
  accountId: string;
  region: string;
  lastScanRunId: string | null;
  lastSeenAt: string;
  /** When the scan that last saw it started (null when unknown). */
  seenRunStartedAt: string | null;
}

export interface UnseenVerdicts {
  resolve: Array<{ itemId: number; note: string }>;
  /** Items not seen but left open because the scan could not look there (denied, failed, not scanned). */
  keptForCoverage: number[];
}

/**
 * Resolution after a scan: an active item none of whose sightings the scan saw resolves, but only
 * where every scanner that had seen it looked again with coverage 'ok'. Seen by a later scan: that
 * scan decides.
 */
export function unseenVerdicts(
  sightings: readonly ActiveItemSighting[],
  run: { id: string; startedAt: string; finishedAt: string },
  coverage: readonly CoverageEntry[],
): UnseenVerdicts {
  const byItem = new Map<number, ActiveItemSighting[]>();
  for (const s of sightings) appendTo(byItem, s.itemId, s);
  const result: UnseenVerdicts = { resolve: [], keptForCoverage: [] };
  for (const [itemId, seen] of byItem) {
    const stillSeen = seen.some((s) =>
      s.lastScanRunId === null
        ? s.lastSeenAt > run.startedAt
        : s.lastScanRunId === run.id || (s.seenRunStartedAt ?? '') > run.startedAt,
    );
    if (stillSeen) continue;
    const verdicts = seen.map((s) => {
      const scanner = parseScannerSourceRef(s.sourceRef)?.scanner ?? '';
      return {
        s,
        scanner,
        ok: scanner !== '' && coverageFor(coverage, s.accountId, s.region, scanner) === 'ok',
      };
    });
    if (!verdicts.every((v) => v.ok)) {
      result.keptForCoverage.push(itemId);
      continue;
    }
    const evidence = verdicts
      .map(
        (v) =>
          `${v.scanner} scanned ${v.s.accountId}/${v.s.region || 'global'} (coverage ok) and no longer saw it`,
      )
      .join('; ');
    result.resolve.push({
      itemId,
      note: `not seen by scan ${run.id} finished ${run.finishedAt}: ${evidence}`,
    });
  }
  return result;
}

/** Sources that carry AWS Health events (the API, EventBridge, SNS): they say when AWS closes one. */
const HEALTH_SOURCES = new Set(['health', 'eventbridge', 'sns']);

/** A Health sighting linked to an item that is not resolved. */
export interface HealthItemSighting {
  itemId: number;
  source: string;
  sourceRef: string;
  /** The event's statusCode: open | upcoming | closed. */
  sourceStatus: string | null;
  /** The affected entity's status (a planned lifecycle event marks each resource RESOLVED when done). */
  entityStatus: string | null;
  entity: string;
}

function closedNote(s: HealthItemSighting): string | null {
  if ((s.sourceStatus ?? '').toLowerCase() === 'closed') return `AWS closed the Health event ${s.sourceRef}`;
  if ((s.entityStatus ?? '').toUpperCase() === 'RESOLVED') {
    return `AWS Health marked ${s.entity} RESOLVED in ${s.sourceRef}`;
  }
  return null;
}

/**
 * Closed by the source: an item all of whose Health sightings AWS has closed (the event is closed, or
 * the affected entity is RESOLVED) is resolved. Other sources (scanners, mail) do not keep it open:
 * a scanner that still sees the condition reopens it as a comeback.
 */
export function closedBySource(
  sightings: readonly HealthItemSighting[],
): Array<{ itemId: number; note: string }> {
  const byItem = new Map<number, HealthItemSighting[]>();
  for (const s of sightings) {
    if (HEALTH_SOURCES.has(s.source)) appendTo(byItem, s.itemId, s);
  }
  const result: Array<{ itemId: number; note: string }> = [];
  for (const [itemId, seen] of byItem) {
    const notes = seen.map(closedNote);
    if (notes.every((n): n is string => n !== null))
      result.push({ itemId, note: [...new Set(notes)].join('; ') });
  }
  return result;
}
