import { DAY_MS } from '../core/time.js';
import type { JsonObject, JsonValue } from '../core/types.js';
import type { Finding, ScanContext } from './types.js';

/** Small helpers every scanner needs: dates as the SDK returns them, and the horizon test. */

/**
 * An SDK timestamp (Date), an ISO string or epoch seconds → UTC ISO-8601, or null when absent
 * or unreadable. Optional fields are often absent in real responses.
 */
export function isoOrNull(value: Date | string | number | undefined | null): string | null {
  if (value === undefined || value === null || value === '') return null;
  const date =
    value instanceof Date ? value : typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** `start + seconds`, for reservations that report StartTime and Duration instead of an end date. */
export function addSeconds(start: Date | string | undefined, seconds: number | undefined): string | null {
  const from = isoOrNull(start);
  if (from === null || seconds === undefined || !Number.isFinite(seconds)) return null;
  return new Date(Date.parse(from) + seconds * 1000).toISOString();
}

/** True when `date` (ISO) is at or before now + the kind's horizon (already-past dates included). */
export function withinHorizon(
  ctx: Pick<ScanContext, 'now' | 'horizonDays'>,
  kind: string,
  date: string,
): boolean {
  return Date.parse(date) <= ctx.now.getTime() + ctx.horizonDays(kind) * DAY_MS;
}

/**
 * The SDK date (see `isoOrNull`) as ISO-8601 when it is at or before now + the kind's horizon
 * (already-past dates included), else null: the date of a finding, or no finding.
 *
 * @example
 * const expiry = dateWithinHorizon(ctx, KIND, domain.Expiry);
 * if (expiry === null) continue;
 */
export function dateWithinHorizon(
  ctx: Pick<ScanContext, 'now' | 'horizonDays'>,
  kind: string,
  value: Date | string | number | undefined | null,
): string | null {
  const date = isoOrNull(value);
  return date !== null && withinHorizon(ctx, kind, date) ? date : null;
}

/** A title's "expires 2026-04-01", or "expired on 2026-04-01" once the date (ISO) has passed. */
export function expiresOn(now: Date, date: string): string {
  return `${Date.parse(date) < now.getTime() ? 'expired on' : 'expires'} ${date.slice(0, 10)}`;
}

/** Whole days from the scan clock to `date` (negative once past), for titles and evidence. */
export function daysFrom(now: Date, date: string): number {
  return Math.floor((Date.parse(date) - now.getTime()) / DAY_MS);
}

/** `undefined` → null, so evidence is valid JSON with every key present. */
export function orNull<T extends JsonValue>(value: T | undefined): T | null {
  return value === undefined ? null : value;
}

/** API fields as evidence (evidence key → field): dates as UTC ISO-8601, absent as null. */
export function fieldsOf<R>(r: R, fields: Readonly<Record<string, keyof R>>): JsonObject {
  const out: JsonObject = {};
  for (const [key, field] of Object.entries(fields)) {
    const value = r[field];
    out[key] = value instanceof Date ? isoOrNull(value) : ((value ?? null) as JsonValue);
  }
  return out;
}

/** A pending maintenance action as RDS, DocumentDB and Neptune answer it (one API, three SDK types). */
export interface PendingActionInput {
  Action?: string;
  Description?: string;
  OptInStatus?: string;
  CurrentApplyDate?: Date;
  AutoAppliedAfterDate?: Date;
  ForcedApplyDate?: Date;
}

/** The action's fields as evidence, and when it will happen: the earliest of its three dates. */
export function pendingAction(a: PendingActionInput) {
  const fields = {
    action: orNull(a.Action),
    description: orNull(a.Description),
    optInStatus: orNull(a.OptInStatus),
    currentApplyDate: isoOrNull(a.CurrentApplyDate),
    autoAppliedAfterDate: isoOrNull(a.AutoAppliedAfterDate),
    forcedApplyDate: isoOrNull(a.ForcedApplyDate),
  };
  const date =
    [fields.currentApplyDate, fields.autoAppliedAfterDate, fields.forcedApplyDate]
      .filter((d): d is string => d !== null)
      .sort()[0] ?? null;
  return { fields, date };
}

/**
 * The items of every page of an SDK paginator, in order, read page by page as they are consumed:
 * one loop where "for each page, for each item" would take two.
 *
 * @example
 * for await (const cert of pageItems(paginateListCertificates({ client, pageSize: 1000 }, {}), (p) => p.CertificateSummaryList)) …
 */
export async function* pageItems<P, T>(
  pages: AsyncIterable<P>,
  items: (page: P) => readonly T[] | undefined,
): AsyncGenerator<T, void, undefined> {
  for await (const page of pages) yield* items(page) ?? [];
}

/**
 * Every item of every page, in one array: for a listing the scanner needs whole before it looks
 * (to stop on an empty region, or to join it with another call).
 *
 * @example
 * const clusters = await allPageItems(paginateDescribeClusters({ client, pageSize: 100 }, {}), (p) => p.Clusters);
 */
export async function allPageItems<P, T>(
  pages: AsyncIterable<P>,
  items: (page: P) => readonly T[] | undefined,
): Promise<T[]> {
  const out: T[] = [];
  for await (const item of pageItems(pages, items)) out.push(item);
  return out;
}

/**
 * Whether an AWS error is one of the named ones (`ResourceNotFoundException`...): for the few
 * errors that are a normal answer, such as a resource deleted between a list and a describe.
 *
 * @example
 * catch (error) { if (!isAwsError(error, 'NotFoundException')) throw error; }
 */
export function isAwsError(error: unknown, ...names: string[]): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && names.includes(name);
}

/**
 * The finding of something that ends on `end` ("<subject> ends 2026-03-20", "... ended on ..."), or
 * undefined when there is no end date or it lies beyond the kind's horizon. `end` joins the evidence.
 */
export function endFinding(
  ctx: Pick<ScanContext, 'now' | 'horizonDays'>,
  kind: string,
  f: { resource: string; subject: string; end: string | null; evidence: JsonObject; region?: string },
): Finding | undefined {
  if (f.end === null || !withinHorizon(ctx, kind, f.end)) return undefined;
  const verb = Date.parse(f.end) < ctx.now.getTime() ? 'ended on' : 'ends';
  return {
    kind,
    resource: f.resource,
    eventDate: f.end,
    title: `${f.subject} ${verb} ${f.end.slice(0, 10)}`,
    ...(f.region ? { region: f.region } : {}),
    evidence: { ...f.evidence, end: f.end },
  };
}

/**
 * The findings `find` makes of `items`, in order; items it returns null (or undefined) for are
 * skipped. For a scanner that judges each listed resource on its own.
 *
 * @example
 * yield* findingsOf(brokers, (b) => pendingUpgrade(ctx, b));
 */
export function* findingsOf<T>(
  items: Iterable<T>,
  find: (item: T) => Finding | null | undefined,
): Generator<Finding, void, undefined> {
  for (const item of items) {
    const finding = find(item);
    if (finding) yield finding;
  }
}

/**
 * `rows` in date order (ISO-8601 strings sort by time), undated ones last in their original order,
 * and the earliest date (null when no row has one): for a resource whose pending updates or actions
 * make one finding, dated by the first.
 *
 * @example
 * const { rows, first } = inDateOrder(updates, (u) => u.autoUpdateStartDate);
 */
export function inDateOrder<T>(
  rows: readonly T[],
  date: (row: T) => string | null,
): { rows: T[]; first: string | null } {
  const sorted = [...rows].sort((a, b) => (date(a) ?? '9999').localeCompare(date(b) ?? '9999'));
  const head = sorted[0];
  return { rows: sorted, first: head === undefined ? null : date(head) };
}

/**
 * Pending maintenance actions as evidence rows (their fields and `applyDate`, the earliest of their
 * dates), in date order with undated (opt-in) ones last, and the first apply date.
 */
export function pendingActionRows(actions: readonly PendingActionInput[]) {
  const rows = actions.map((a) => {
    const { fields, date } = pendingAction(a);
    return { ...fields, applyDate: date };
  });
  return inDateOrder(rows, (row) => row.applyDate);
}
