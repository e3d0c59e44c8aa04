import type { Catalog, EventKind } from '../catalog/index.js';
import { OpsradarError } from '../core/errors.js';
import type { RoutingConfig } from '../core/routing.js';
import type { JsonObject, Lang } from '../core/types.js';
import type { MessageParams } from '../i18n/index.js';
import { type RequestMessageKey, requestMessages } from '../i18n/messages/requests.js';
import type { AwsRequest, AwsRequestOperation, Store, WorkItem } from '../store/index.js';

/**
 * A request that cannot be planned or filed (unknown kind, bad date, no confirmation...). The flows
 * do not know the reader's language, so the error carries its message key and the CLI renders it.
 */
export class RequestError extends OpsradarError {
  constructor(
    readonly key: RequestMessageKey,
    readonly params: MessageParams,
    code: string,
    exitCode?: number,
  ) {
    super(requestMessages('en', key, params), code, exitCode);
  }

  override messageIn(lang: Lang): string {
    return requestMessages(lang, this.key, this.params);
  }
}

/** What every request flow needs: the store, the catalog, routing, a clock, who acts. */
export interface RequestDeps {
  store: Store;
  catalog: Catalog;
  routing: RoutingConfig;
  now(): Date;
  actor: string;
}

export interface PlanInput {
  kind: string;
  /** The day of the event (YYYY-MM-DD, UTC) or an ISO-8601 instant. */
  date: string;
  /** End of the event window (a reservation's release time), ISO-8601. */
  until?: string;
  accountId?: string;
  region?: string;
  resource?: string;
  operation?: AwsRequestOperation;
  parameters?: JsonObject;
}

export interface PlannedRequest {
  request: AwsRequest;
  item: WorkItem;
  kind: EventKind;
  /** The latest day to file with AWS: the event date minus the catalog's lead time. */
  fileBy: string;
  /** True when that day has already passed. */
  late: boolean;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** `2026-12-20` (a UTC day) or an ISO-8601 instant with its zone → UTC ISO; anything else → RequestError. */
export function parseRequestDate(value: string, option: string): string {
  const text = value.trim();
  const date = DAY.test(text) ? new Date(`${text}T00:00:00Z`) : INSTANT.test(text) ? new Date(text) : null;
  if (!date || Number.isNaN(date.getTime()) || (DAY.test(text) && date.toISOString().slice(0, 10) !== text))
    throw new RequestError('error.badDate', { option, value: JSON.stringify(value) }, 'REQUEST_BAD_DATE', 2);
  return date.toISOString();
}

/** The catalog's request kinds (category 申請作業), sorted by id. */
export function requestKinds(catalog: Catalog): EventKind[] {
  return catalog.entries.filter((e) => e.category === 'request').sort((a, b) => a.id.localeCompare(b.id));
}

function requireRequestKind(catalog: Catalog, id: string): EventKind {
  const kind = catalog.get(id);
  const known = requestKinds(catalog).map((k) => k.id);
  if (kind?.category !== 'request')
    throw new RequestError('error.unknownKind', { id, kinds: known.join(', ') }, 'REQUEST_UNKNOWN_KIND', 2);
  return kind as EventKind;
}

/** The policy as the catalog states it today, kept with the request: AWS changes these pages. */
export function policySnapshot(kind: EventKind): JsonObject {
  return {
    title: { ja: kind.title.ja, en: kind.title.en },
    summary: { ja: kind.summary.ja, en: kind.summary.en },
    sources: kind.references.map((r) => ({ title: r.title, url: r.url, verifiedOn: r.verifiedOn })),
    checklist: { ja: [...kind.runbook.ja], en: [...kind.runbook.en] },
    leadTimeDays: kind.leadTimeDays,
  };
}

/**
 * Creates (or, planned again, updates) a request work item: a manual occurrence on the event date,
 * turned into a work item by the usual sync, so it is due `leadTimeDays` before the event and shows
 * on the timeline and in the calendar feed like any other work.
 */
export async function planRequest(deps: RequestDeps, input: PlanInput): Promise<PlannedRequest> {
  const kind = requireRequestKind(deps.catalog, input.kind);
  const eventDate = parseRequestDate(input.date, '--date');
  const until = input.until ? parseRequestDate(input.until, '--until') : null;
  if (until && until <= eventDate)
    throw new RequestError('error.untilBeforeStart', {}, 'REQUEST_BAD_DATE', 2);
  const operation = input.operation ?? 'plan';
  const accountId = input.accountId ?? '';
  const region = input.region ?? '';
  const resource = input.resource?.trim() || (accountId ? `account/${accountId}` : 'account');
  const now = deps.now();
  const [recorded] = await deps.store.occurrences.record([
    {
      kind: kind.id,
      accountId,
      region,
      resource,
      eventDate,
      eventEndDate: until,
      source: 'manual',
      // One occurrence per planned event; planning the same one again updates it.
      sourceRef:
        operation === 'plan' ? `request:${kind.id}:${eventDate.slice(0, 10)}` : `request:${operation}`,
      title: `${kind.title.en} (${eventDate.slice(0, 10)})`,
      evidence: { operation, plannedBy: deps.actor, ...(input.parameters ?? {}) },
      observedAt: now.toISOString(),
    },
  ]);
  await deps.store.workItems.syncFromOccurrences(deps.catalog, deps.routing, now);
  const itemId = recorded ? await deps.store.awsRequests.workItemOf(recorded.id) : undefined;
  if (itemId === undefined) throw new RequestError('error.notLinked', {}, 'REQUEST_NOT_LINKED');
  const request = await deps.store.awsRequests.save(
    {
      workItemId: itemId,
      kind: kind.id,
      operation,
      plannedDate: eventDate,
      windowEnd: until,
      accountId,
      region,
      resource,
      parameters: input.parameters ?? {},
      policy: policySnapshot(kind),
    },
    now,
  );
  const item = await deps.store.workItems.addNote(
    itemId,
    `request planned (${operation}) for ${eventDate}${until ? ` until ${until}` : ''}`,
    deps.actor,
    { now },
  );
  const fileBy = item.dueDate ?? eventDate;
  return { request, item, kind, fileBy, late: fileBy < now.toISOString() };
}
