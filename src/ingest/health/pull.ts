import {
  type AffectedEntity,
  DescribeAffectedAccountsForOrganizationCommand,
  DescribeAffectedEntitiesCommand,
  DescribeAffectedEntitiesForOrganizationCommand,
  DescribeEventDetailsCommand,
  DescribeEventDetailsForOrganizationCommand,
  DescribeEventsCommand,
  DescribeEventsForOrganizationCommand,
  DescribeHealthServiceStatusForOrganizationCommand,
  type Event,
  type EventDetails,
  type OrganizationEvent,
  type OrganizationEventDetails,
} from '@aws-sdk/client-health';
import { classifyAwsError } from '../../aws/errors.js';
import { appendTo } from '../../core/collections.js';
import type { Occurrence } from '../../core/types.js';
import type { CoverageEntry, Store } from '../../store/index.js';
import { emptySummary, type IngestSummary, recordOccurrences } from '../eventbridge/ingest.js';
import { type CatalogMatcher, healthOccurrences } from './classify.js';
import type { HealthApi } from './client.js';
import { entityFromApi, type HealthEntity, healthEventFromApi } from './event.js';
import { allItems, chunks, eachPage } from './paging.js';
import { storedUpdateTimes } from './stored.js';

/** Documented limits: 10 event ARNs (or account filters) per details/entities call, 100 items per page. */
export const HEALTH_BATCH = 10;
export const HEALTH_PAGE = 100;
/**
 * Each run re-reads events updated shortly before the cursor: the API is eventually consistent, and
 * re-reading is harmless because recording is idempotent.
 */
export const CURSOR_OVERLAP_MS = 15 * 60_000;

export interface HealthPullOptions {
  api: HealthApi;
  store: Pick<Store, 'occurrences' | 'cursors' | 'scanRuns'>;
  catalog: CatalogMatcher;
  /** The organization view (management or delegated administrator account). */
  org: boolean;
  /** The calling account (from STS); the account view's events belong to it. */
  accountId: string;
  now: () => Date;
  /** Ignore the stored cursor and read everything the API keeps (90 days). */
  full?: boolean;
}

/** Why the API could not be read: shown to a person, recorded as a coverage gap. */
export interface HealthGap {
  code: 'SUBSCRIPTION_REQUIRED' | 'ORGANIZATION_VIEW_DISABLED' | 'ACCESS_DENIED' | 'FAILED';
  reason: string;
}

export interface HealthPullResult {
  runId: string;
  status: 'complete' | 'partial' | 'failed';
  events: number;
  summary: IngestSummary;
  coverage: CoverageEntry[];
  /** The lastUpdatedTime the next run starts from. */
  cursor: string | null;
  gap?: HealthGap;
  /** Events or accounts the API could not describe (failedSet), with AWS's reason. */
  failed: Array<{ eventArn: string; accountId?: string; error: string }>;
}

export function healthCursorName(org: boolean, accountId: string): string {
  return `health:${org ? 'org' : 'account'}:${accountId}`;
}

/** A failed item of a details or entities call, with AWS's reason (and the account in the organization view). */
function failure(f: { eventArn?: string; awsAccountId?: string; errorName?: string; errorMessage?: string }) {
  return {
    eventArn: f.eventArn ?? '',
    ...(f.awsAccountId ? { accountId: f.awsAccountId } : {}),
    error: `${f.errorName ?? ''}: ${f.errorMessage ?? ''}`,
  };
}

function maxTime(times: Array<Date | undefined>, previous: string | undefined): string | null {
  let best = previous ? Date.parse(previous) : Number.NEGATIVE_INFINITY;
  for (const t of times) if (t && t.getTime() > best) best = t.getTime();
  return Number.isFinite(best) ? new Date(best).toISOString() : null;
}

/**
 * Of the events listed since (cursor - overlap), keeps those not already stored at the same
 * lastUpdatedTime, so the overlap costs one cheap list call, not details and entities again.
 */
async function changedSince<E extends { arn?: string; lastUpdatedTime?: Date }>(
  store: Pick<Store, 'occurrences'>,
  events: E[],
  cursor: string | undefined,
): Promise<E[]> {
  if (!cursor) return events;
  const limit = Date.parse(cursor);
  const overlap = events.filter((e) => e.arn && e.lastUpdatedTime && e.lastUpdatedTime.getTime() <= limit);
  if (overlap.length === 0) return events;
  const stored = await storedUpdateTimes(
    store,
    overlap.map((e) => e.arn as string),
    (o) => o.sourceRef,
  );
  return events.filter((e) => {
    if (!e.arn || !e.lastUpdatedTime) return true;
    const known = stored.get(e.arn);
    return known === undefined || e.lastUpdatedTime.getTime() > known;
  });
}

function gapOf(error: unknown): HealthGap {
  const info = classifyAwsError(error);
  if (info.code === 'SubscriptionRequiredException')
    return { code: 'SUBSCRIPTION_REQUIRED', reason: info.reason };
  if (info.class === 'denied') return { code: 'ACCESS_DENIED', reason: info.reason };
  return { code: 'FAILED', reason: info.reason };
}

function coverageStatus(gap: HealthGap | undefined): CoverageEntry['status'] {
  if (!gap) return 'ok';
  if (gap.code === 'SUBSCRIPTION_REQUIRED' || gap.code === 'ORGANIZATION_VIEW_DISABLED') return 'unsupported';
  if (gap.code === 'ACCESS_DENIED') return 'denied';
  return 'failed';
}

/** One pull's window (events updated since `from`, the stored `cursor`) and the failures it collects. */
interface PullWindow {
  from: Date | undefined;
  cursor: string | undefined;
  failed: HealthPullResult['failed'];
}

/** What a view read: its occurrences, the events read in full, and every event listed. */
interface ViewResult<E> {
  occurrences: Occurrence[];
  events: E[];
  listed: E[];
}

/** Every event the list pages hold (`listed`), and those of them changed since the cursor (`events`). */
async function listChanged<E extends { arn?: string; lastUpdatedTime?: Date }>(
  o: HealthPullOptions,
  window: PullWindow,
  page: (nextToken: string | undefined) => Promise<{ events?: E[]; nextToken?: string }>,
): Promise<{ listed: E[]; events: E[] }> {
  const listed = await allItems(page, (p) => p.events);
  return { listed, events: await changedSince(o.store, listed, window.cursor) };
}

async function accountView(o: HealthPullOptions, window: PullWindow): Promise<ViewResult<Event>> {
  const { from, failed } = window;
  const filter = from ? { filter: { lastUpdatedTimes: [{ from }] } } : {};
  const { listed, events } = await listChanged(o, window, (nextToken) =>
    o.api.call((c) => c.send(new DescribeEventsCommand({ ...filter, maxResults: HEALTH_PAGE, nextToken }))),
  );

  const details = new Map<string, EventDetails>();
  const entities = new Map<string, HealthEntity[]>();
  for (const batch of chunks(
    events.map((e) => e.arn).filter((a): a is string => !!a),
    HEALTH_BATCH,
  )) {
    const result = await o.api.call((c) => c.send(new DescribeEventDetailsCommand({ eventArns: batch })));
    for (const item of result.successfulSet ?? []) if (item.event?.arn) details.set(item.event.arn, item);
    failed.push(...(result.failedSet ?? []).map(failure));
    await eachPage(
      (nextToken) =>
        o.api.call((c) =>
          c.send(
            new DescribeAffectedEntitiesCommand({
              filter: { eventArns: batch },
              maxResults: HEALTH_PAGE,
              nextToken,
            }),
          ),
        ),
      (page) => addEntities(entities, page.entities ?? [], o.accountId),
    );
  }

  const observedAt = o.now().toISOString();
  const occurrences: Occurrence[] = [];
  for (const summary of events) {
    if (!summary.arn) continue;
    const detail = details.get(summary.arn);
    const event = healthEventFromApi(
      detail?.event ?? summary,
      {
        description: detail?.eventDescription?.latestDescription,
        metadata: detail?.eventMetadata ?? {},
        accountId: o.accountId,
      },
      entities.get(summary.arn) ?? [],
    );
    occurrences.push(...healthOccurrences(event, o.catalog, { source: 'health', observedAt }));
  }
  return { occurrences, events, listed };
}

function addEntities(
  into: Map<string, HealthEntity[]>,
  raw: AffectedEntity[],
  fallbackAccount?: string,
): void {
  for (const item of raw) {
    const entity = entityFromApi(item);
    if (!entity || !item.eventArn) continue;
    if (!entity.accountId && fallbackAccount) entity.accountId = fallbackAccount;
    const list = into.get(item.eventArn) ?? [];
    list.push(entity);
    into.set(item.eventArn, list);
  }
}

async function organizationView(
  o: HealthPullOptions,
  window: PullWindow,
): Promise<ViewResult<OrganizationEvent>> {
  const { from, failed } = window;
  const filter = from ? { filter: { lastUpdatedTime: { from } } } : {};
  const { listed, events } = await listChanged(o, window, (nextToken) =>
    o.api.call((c) =>
      c.send(new DescribeEventsForOrganizationCommand({ ...filter, maxResults: HEALTH_PAGE, nextToken })),
    ),
  );

  // (event, account) pairs; a PUBLIC event has no affected accounts and is read without one.
  const pairs: Array<{ eventArn: string; awsAccountId?: string }> = [];
  for (const event of events) {
    if (!event.arn) continue;
    const accounts = await allItems(
      (nextToken) =>
        o.api.call((c) =>
          c.send(
            new DescribeAffectedAccountsForOrganizationCommand({
              eventArn: event.arn,
              maxResults: HEALTH_PAGE,
              nextToken,
            }),
          ),
        ),
      (page) => page.affectedAccounts,
    );
    if (accounts.length === 0) pairs.push({ eventArn: event.arn });
    else for (const account of accounts) pairs.push({ eventArn: event.arn, awsAccountId: account });
  }

  const details = new Map<string, OrganizationEventDetails>();
  const entities = new Map<string, HealthEntity[]>();
  const key = (arn: string, account: string | undefined) => `${arn}\u0000${account ?? ''}`;
  for (const batch of chunks(pairs, HEALTH_BATCH)) {
    const result = await o.api.call((c) =>
      c.send(new DescribeEventDetailsForOrganizationCommand({ organizationEventDetailFilters: batch })),
    );
    for (const item of result.successfulSet ?? []) {
      if (item.event?.arn) details.set(key(item.event.arn, item.awsAccountId), item);
    }
    failed.push(...(result.failedSet ?? []).map(failure));
    const withAccount = batch.filter((p) => p.awsAccountId);
    if (withAccount.length === 0) continue;
    await eachPage(
      (nextToken) =>
        o.api.call((c) =>
          c.send(
            new DescribeAffectedEntitiesForOrganizationCommand({
              organizationEntityAccountFilters: withAccount.map((p) => ({
                eventArn: p.eventArn,
                awsAccountId: p.awsAccountId,
              })),
              maxResults: HEALTH_PAGE,
              nextToken,
            }),
          ),
        ),
      (page) => {
        for (const item of page.entities ?? []) {
          const entity = entityFromApi(item);
          if (!entity || !item.eventArn) continue;
          const k = key(item.eventArn, item.awsAccountId);
          appendTo(entities, k, entity);
        }
        failed.push(...(page.failedSet ?? []).map(failure));
      },
    );
  }

  const byArn = new Map(events.map((e) => [e.arn, e]));
  const observedAt = o.now().toISOString();
  const occurrences: Occurrence[] = [];
  for (const pair of pairs) {
    const detail = details.get(key(pair.eventArn, pair.awsAccountId));
    const event = healthEventFromApi(
      detail?.event ?? byArn.get(pair.eventArn),
      {
        description: detail?.eventDescription?.latestDescription,
        metadata: detail?.eventMetadata ?? {},
        accountId: pair.awsAccountId ?? '',
      },
      entities.get(key(pair.eventArn, pair.awsAccountId)) ?? [],
    );
    occurrences.push(...healthOccurrences(event, o.catalog, { source: 'health', observedAt }));
  }
  return { occurrences, events, listed };
}

/**
 * Reads AWS Health (account or organization view) since the stored cursor, records one occurrence per
 * affected resource, and records the run with its coverage. A missing support plan or a disabled
 * organization view is a coverage gap with a reason, not a crash; the cursor only moves on success.
 */
export async function pullHealth(o: HealthPullOptions): Promise<HealthPullResult> {
  const startedAt = o.now().toISOString();
  const cursorName = healthCursorName(o.org, o.accountId);
  const cursor = o.full ? undefined : await o.store.cursors.get(cursorName);
  const from = cursor ? new Date(Date.parse(cursor) - CURSOR_OVERLAP_MS) : undefined;
  const runId = await o.store.scanRuns.start({
    kind: 'health',
    startedAt,
    parameters: {
      org: o.org,
      full: o.full ?? false,
      from: from?.toISOString() ?? null,
      accountId: o.accountId,
    },
  });
  const summary = emptySummary();
  const failed: HealthPullResult['failed'] = [];
  let gap: HealthGap | undefined;
  let newCursor: string | null = cursor ?? null;
  let eventCount = 0;
  try {
    if (o.org) {
      const status = await o.api.call((c) =>
        c.send(new DescribeHealthServiceStatusForOrganizationCommand({})),
      );
      if (status.healthServiceAccessStatusForOrganization !== 'ENABLED') {
        gap = {
          code: 'ORGANIZATION_VIEW_DISABLED',
          reason: `organizational view is ${status.healthServiceAccessStatusForOrganization ?? 'not enabled'} for account ${o.accountId}`,
        };
      }
    }
    if (!gap) {
      const { occurrences, events, listed } = o.org
        ? await organizationView(o, { from, cursor, failed })
        : await accountView(o, { from, cursor, failed });
      eventCount = events.length;
      summary.events = events.length;
      await recordOccurrences(o.store, occurrences, summary, { scanRunId: runId });
      newCursor = maxTime(
        listed.map((e) => e.lastUpdatedTime),
        cursor,
      );
      if (newCursor) await o.store.cursors.set(cursorName, newCursor);
    }
  } catch (error) {
    gap = gapOf(error);
  }
  const coverage: CoverageEntry[] = [
    {
      accountId: o.accountId,
      region: o.api.region,
      scanner: o.org ? 'health-organization' : 'health',
      status: coverageStatus(gap),
      ...(gap
        ? { reason: gap.reason }
        : failed.length > 0
          ? { reason: `${failed.length} event(s) not described` }
          : {}),
      calls: o.api.calls,
    },
  ];
  const status = !gap
    ? failed.length > 0
      ? 'partial'
      : 'complete'
    : gap.code === 'FAILED'
      ? 'failed'
      : 'partial';
  await o.store.scanRuns.finish(runId, {
    status,
    finishedAt: o.now().toISOString(),
    coverage,
    summary: {
      events: eventCount,
      occurrences: summary.occurrences,
      created: summary.created,
      updated: summary.updated,
      unmapped: summary.unmapped,
      failovers: o.api.failovers,
    },
  });
  return {
    runId,
    status,
    events: eventCount,
    summary,
    coverage,
    cursor: newCursor,
    ...(gap ? { gap } : {}),
    failed,
  };
}
