import { z } from 'zod';
import { AwsError, dateSpec, resolveDate, stableId } from '../helpers.js';
import type { Scenario, ScenarioAccount } from '../scenario.js';
import { defineService, type HandlerContext } from './types.js';

const entitySchema = z.object({
  /** The resource id AWS names (instance id, DB identifier, dxcon-..., function ARN, 'AWS_ACCOUNT'). */
  value: z.string().min(1),
  /** IMPAIRED | UNIMPAIRED | UNKNOWN | PENDING | RESOLVED */
  status: z.enum(['IMPAIRED', 'UNIMPAIRED', 'UNKNOWN', 'PENDING', 'RESOLVED']).optional(),
  tags: z.record(z.string(), z.string()).default({}),
  lastUpdatedTime: dateSpec.optional(),
  url: z.string().optional(),
});

const eventSchema = z.object({
  /** Scenario-local id; the event ARN is derived from it unless `arn` is given. */
  id: z.string().min(1),
  /** Set to share one ARN between accounts (an event ARN isn't unique to an account). */
  arn: z.string().optional(),
  service: z.string().min(1),
  eventTypeCode: z.string().min(1),
  eventTypeCategory: z.enum(['issue', 'accountNotification', 'scheduledChange', 'investigation']),
  eventScopeCode: z.enum(['ACCOUNT_SPECIFIC', 'PUBLIC', 'NONE']).default('ACCOUNT_SPECIFIC'),
  region: z.string().min(1),
  availabilityZone: z.string().optional(),
  startTime: dateSpec,
  endTime: dateSpec.optional(),
  lastUpdatedTime: dateSpec,
  statusCode: z.enum(['open', 'closed', 'upcoming']),
  /** `{startTime}` / `{endTime}` are replaced by the resolved dates (YYYY-MM-DD HH:MM UTC). */
  description: z.string().default(''),
  metadata: z.record(z.string(), z.string()).default({}),
  entities: z.array(entitySchema).default([]),
});

/** One version of the version catalog (DescribeServiceLifecycle); dates are scenario dates (`90d`, ISO). */
const serviceLifecycleSchema = z.object({
  service: z.string().min(2).max(30),
  version: z.string().min(1),
  title: z.string().optional(),
  recommendedVersion: z.string().optional(),
  lifecycleEvents: z
    .array(
      z.object({
        lifecycleEventType: z.string().min(1),
        date: dateSpec,
        description: z.string().optional(),
        impactRisks: z.array(z.enum(['END_OF_SUPPORT', 'BILLING', 'AVAILABILITY'])).default([]),
        regions: z.array(z.string()).default(['all']),
      }),
    )
    .default([]),
});

export const healthScenarioSchema = z.object({
  /** AWS Support plan: the Health API answers SubscriptionRequiredException below Business. */
  supportPlan: z
    .enum([
      'basic',
      'developer',
      'business',
      'business-plus',
      'enterprise-on-ramp',
      'enterprise',
      'unified-operations',
    ])
    .default('business'),
  /** Organizational view enabled (management or delegated administrator account). */
  organizationView: z.boolean().default(false),
  events: z.array(eventSchema).default([]),
  /** AWS's version catalog as this account sees it (an AWS-wide list; put the same one in each account). */
  serviceLifecycles: z.array(serviceLifecycleSchema).default([]),
});
type HealthData = z.output<typeof healthScenarioSchema>;
type ScenarioEvent = z.output<typeof eventSchema>;

const WITHOUT_API = new Set(['basic', 'developer']);
/** Documented bounds of DescribeServiceLifecycle's maxResults. */
const MAX_LIFECYCLE_RESULTS = 20;
/** Documented batch limits: up to 10 event ARNs / filters per call. */
const MAX_ARNS = 10;

interface Resolved {
  accountId: string;
  arn: string;
  event: ScenarioEvent;
  start: Date;
  end: Date | undefined;
  updated: Date;
}

const EMPTY: HealthData = healthScenarioSchema.parse({});

/** The scenario already parsed each account's part with `healthScenarioSchema`. */
function healthData(account: ScenarioAccount): HealthData {
  return (account.global.health as HealthData | undefined) ?? EMPTY;
}

function eventArn(accountId: string, event: ScenarioEvent): string {
  if (event.arn) return event.arn;
  return `arn:aws:health:${event.region}::event/${event.service}/${event.eventTypeCode}/${event.eventTypeCode}_${stableId(`${accountId}/${event.id}`, 32).toUpperCase()}`;
}

/** Resolved events per account for one clock reading: large scenarios are asked many times a second. */
const resolvedCache = new WeakMap<ScenarioAccount, { at: number; events: Resolved[] }>();

function resolveEvents(account: ScenarioAccount, now: Date): Resolved[] {
  const hit = resolvedCache.get(account);
  if (hit && hit.at === now.getTime()) return hit.events;
  const events = resolveEventsUncached(account, now);
  resolvedCache.set(account, { at: now.getTime(), events });
  return events;
}

function resolveEventsUncached(account: ScenarioAccount, now: Date): Resolved[] {
  return healthData(account).events.map((event) => ({
    accountId: account.id,
    arn: eventArn(account.id, event),
    event,
    start: resolveDate(event.startTime, now),
    end: event.endTime ? resolveDate(event.endTime, now) : undefined,
    updated: resolveDate(event.lastUpdatedTime, now),
  }));
}

function utcText(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function description(r: Resolved): string {
  return r.event.description
    .replaceAll('{startTime}', utcText(r.start))
    .replaceAll('{endTime}', r.end ? utcText(r.end) : '');
}

function apiEvent(r: Resolved): Record<string, unknown> {
  return {
    arn: r.arn,
    service: r.event.service,
    eventTypeCode: r.event.eventTypeCode,
    eventTypeCategory: r.event.eventTypeCategory,
    region: r.event.region,
    availabilityZone: r.event.availabilityZone,
    startTime: r.start,
    endTime: r.end,
    lastUpdatedTime: r.updated,
    statusCode: r.event.statusCode,
    eventScopeCode: r.event.eventScopeCode,
  };
}

function apiEntities(r: Resolved, now: Date, statusCodes?: unknown): Record<string, unknown>[] {
  const wanted =
    Array.isArray(statusCodes) && statusCodes.length > 0 ? new Set(statusCodes.map(String)) : null;
  return r.event.entities
    .filter((e) => !wanted || wanted.has(e.status ?? 'UNKNOWN'))
    .map((e) => ({
      entityArn: `arn:aws:health:${r.event.region}:${r.accountId}:entity/${stableId(`${r.arn}/${r.accountId}/${e.value}`, 20)}`,
      eventArn: r.arn,
      entityValue: e.value,
      entityUrl: e.url,
      awsAccountId: r.accountId,
      lastUpdatedTime: e.lastUpdatedTime ? resolveDate(e.lastUpdatedTime, now) : r.updated,
      statusCode: e.status,
      tags: Object.keys(e.tags).length > 0 ? e.tags : undefined,
    }));
}

/** Health answers only accounts on a Business-class support plan. */
function requireSubscription(ctx: HandlerContext<HealthData>): void {
  if (WITHOUT_API.has(ctx.data.supportPlan)) {
    throw new AwsError(
      'SubscriptionRequiredException',
      'The AWS Health API is only available to accounts with a Business, Enterprise On-Ramp, or Enterprise Support plan.',
    );
  }
}

function requireOrganizationView(ctx: HandlerContext<HealthData>): void {
  requireSubscription(ctx);
  const isManagement = ctx.scenario.organization.managementAccount === ctx.accountId;
  if (!ctx.data.organizationView || !isManagement) {
    throw new AwsError(
      'AccessDeniedException',
      'Organizational view is not enabled for this account. Call EnableHealthServiceAccessForOrganization from the management account.',
    );
  }
}

function tooMany(name: string, list: unknown[]): void {
  if (list.length === 0 || list.length > MAX_ARNS) {
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value at '${name}' failed to satisfy constraint: Member must have length between 1 and ${MAX_ARNS}`,
    );
  }
}

interface TimeRange {
  from?: unknown;
  to?: unknown;
}

function inRange(d: Date | undefined, range: TimeRange | undefined): boolean {
  if (!range) return true;
  if (!d) return false;
  const from =
    range.from instanceof Date ? range.from : range.from ? new Date(String(range.from)) : undefined;
  const to = range.to instanceof Date ? range.to : range.to ? new Date(String(range.to)) : undefined;
  if (from && d < from) return false;
  if (to && d > to) return false;
  return true;
}

function inRanges(d: Date | undefined, ranges: unknown): boolean {
  if (!Array.isArray(ranges) || ranges.length === 0) return true;
  return ranges.some((r) => inRange(d, r as TimeRange));
}

function listFilter(values: unknown): Set<string> | null {
  return Array.isArray(values) && values.length > 0 ? new Set(values.map(String)) : null;
}

/** Filters shared by DescribeEvents (plural time lists) and DescribeEventsForOrganization (single ranges). */
function matches(r: Resolved, filter: Record<string, unknown>, now: Date): boolean {
  const check = (key: string, value: string): boolean => {
    const set = listFilter(filter[key]);
    return !set || set.has(value);
  };
  if (!check('eventArns', r.arn)) return false;
  if (!check('eventTypeCodes', r.event.eventTypeCode)) return false;
  if (!check('services', r.event.service)) return false;
  if (!check('regions', r.event.region)) return false;
  if (!check('eventTypeCategories', r.event.eventTypeCategory)) return false;
  if (!check('eventStatusCodes', r.event.statusCode)) return false;
  if (!check('awsAccountIds', r.accountId)) return false;
  if (r.event.availabilityZone !== undefined && !check('availabilityZones', r.event.availabilityZone))
    return false;
  const values = listFilter(filter.entityValues);
  if (values && !r.event.entities.some((e) => values.has(e.value))) return false;
  const arns = listFilter(filter.entityArns);
  if (arns && !apiEntities(r, now).some((e) => arns.has(String(e.entityArn)))) return false;
  if (!inRanges(r.updated, filter.lastUpdatedTimes) || !inRanges(r.start, filter.startTimes)) return false;
  if (!inRanges(r.end, filter.endTimes)) return false;
  if (!inRange(r.updated, filter.lastUpdatedTime as TimeRange | undefined)) return false;
  if (!inRange(r.start, filter.startTime as TimeRange | undefined)) return false;
  if (filter.endTime && !inRange(r.end, filter.endTime as TimeRange)) return false;
  return true;
}

function newestFirst(a: Resolved, b: Resolved): number {
  return b.updated.getTime() - a.updated.getTime() || a.arn.localeCompare(b.arn);
}

function organizationEvents(scenario: Scenario, now: Date): Resolved[] {
  return scenario.accounts.flatMap((account) => resolveEvents(account, now));
}

function filterObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/**
 * AWS Health: account view (DescribeEvents, DescribeEventDetails, DescribeAffectedEntities,
 * DescribeEventTypes) and organizational view (the *ForOrganization operations). Events live under
 * `accounts[].global.health.events`; the management account with `organizationView: true` sees
 * every account's events. DescribeServiceLifecycle serves the version catalog from
 * `accounts[].global.health.serviceLifecycles`.
 */
export const health = defineService<HealthData>({
  name: 'health',
  model: 'health-2016-08-04',
  scope: 'global',
  // The API's two regional endpoints (active/passive behind global.health.amazonaws.com).
  regions: ['us-east-1', 'us-east-2'],
  scenario: healthScenarioSchema,
  handlers: {
    DescribeEvents: (ctx) => {
      requireSubscription(ctx);
      const filter = filterObject(ctx.input.filter);
      const events = resolveEvents(ctx.account, ctx.now)
        .filter((r) => matches(r, filter, ctx.now))
        .sort(newestFirst);
      return { events: events.map(apiEvent) };
    },
    DescribeEventDetails: (ctx) => {
      requireSubscription(ctx);
      const arns = Array.isArray(ctx.input.eventArns) ? ctx.input.eventArns.map(String) : [];
      tooMany('eventArns', arns);
      const mine = resolveEvents(ctx.account, ctx.now);
      const successfulSet: unknown[] = [];
      const failedSet: unknown[] = [];
      for (const arn of arns) {
        const r = mine.find((e) => e.arn === arn);
        if (!r) {
          failedSet.push({ eventArn: arn, errorName: 'NotFoundException', errorMessage: 'Event not found.' });
          continue;
        }
        successfulSet.push({
          event: apiEvent(r),
          eventDescription: { latestDescription: description(r) },
          eventMetadata: r.event.metadata,
        });
      }
      return { successfulSet, failedSet };
    },
    DescribeAffectedEntities: (ctx) => {
      requireSubscription(ctx);
      const filter = filterObject(ctx.input.filter);
      const arns = Array.isArray(filter.eventArns) ? filter.eventArns.map(String) : [];
      tooMany('filter.eventArns', arns);
      const values = listFilter(filter.entityValues);
      const entities = resolveEvents(ctx.account, ctx.now)
        .filter((r) => arns.includes(r.arn))
        .flatMap((r) => apiEntities(r, ctx.now, filter.statusCodes))
        .filter((e) => !values || values.has(String(e.entityValue)));
      return { entities };
    },
    DescribeEventTypes: (ctx) => {
      requireSubscription(ctx);
      const filter = filterObject(ctx.input.filter);
      const codes = listFilter(filter.eventTypeCodes);
      const services = listFilter(filter.services);
      const categories = listFilter(filter.eventTypeCategories);
      const seen = new Map<string, { service: string; code: string; category: string }>();
      for (const r of organizationEvents(ctx.scenario, ctx.now)) {
        const t = {
          service: r.event.service,
          code: r.event.eventTypeCode,
          category: r.event.eventTypeCategory,
        };
        if (codes && !codes.has(t.code)) continue;
        if (services && !services.has(t.service)) continue;
        if (categories && !categories.has(t.category)) continue;
        seen.set(t.code, t);
      }
      return { eventTypes: [...seen.values()].sort((a, b) => a.code.localeCompare(b.code)) };
    },
    DescribeServiceLifecycle: (ctx) => {
      requireSubscription(ctx);
      const max = ctx.input.maxResults;
      if (typeof max === 'number' && (max < 1 || max > MAX_LIFECYCLE_RESULTS)) {
        throw new AwsError(
          'ValidationException',
          `1 validation error detected: Value '${max}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and ${MAX_LIFECYCLE_RESULTS}`,
        );
      }
      const service = filterObject(ctx.input.filter).service;
      const serviceLifecycles = ctx.data.serviceLifecycles
        .filter((s) => service === undefined || s.service.toUpperCase() === String(service).toUpperCase())
        .map((s) => ({
          ...s,
          lifecycleEvents: s.lifecycleEvents.map((e) => ({ ...e, date: ctx.date(e.date) })),
        }));
      return { serviceLifecycles };
    },
    DescribeHealthServiceStatusForOrganization: (ctx) => {
      requireSubscription(ctx);
      const enabled =
        ctx.data.organizationView && ctx.scenario.organization.managementAccount === ctx.accountId;
      return { healthServiceAccessStatusForOrganization: enabled ? 'ENABLED' : 'DISABLED' };
    },
    DescribeEventsForOrganization: (ctx) => {
      requireOrganizationView(ctx);
      const filter = filterObject(ctx.input.filter);
      const byArn = new Map<string, Resolved>();
      for (const r of organizationEvents(ctx.scenario, ctx.now)) {
        if (!matches(r, filter, ctx.now)) continue;
        const seen = byArn.get(r.arn);
        if (!seen || r.updated > seen.updated) byArn.set(r.arn, r);
      }
      const events = [...byArn.values()].sort(newestFirst).map((r) => {
        const { availabilityZone: _az, ...event } = apiEvent(r);
        return event;
      });
      return { events };
    },
    DescribeAffectedAccountsForOrganization: (ctx) => {
      requireOrganizationView(ctx);
      const arn = String(ctx.input.eventArn ?? '');
      const all = organizationEvents(ctx.scenario, ctx.now).filter((r) => r.arn === arn);
      const scope = all[0]?.event.eventScopeCode ?? 'NONE';
      // AWS leaves affectedAccounts empty for PUBLIC events.
      const affectedAccounts = scope === 'PUBLIC' ? [] : [...new Set(all.map((r) => r.accountId))].sort();
      return { affectedAccounts, eventScopeCode: scope };
    },
    DescribeEventDetailsForOrganization: (ctx) => {
      requireOrganizationView(ctx);
      const filters = Array.isArray(ctx.input.organizationEventDetailFilters)
        ? ctx.input.organizationEventDetailFilters.map(filterObject)
        : [];
      tooMany('organizationEventDetailFilters', filters);
      const all = organizationEvents(ctx.scenario, ctx.now);
      const successfulSet: unknown[] = [];
      const failedSet: unknown[] = [];
      for (const f of filters) {
        const arn = String(f.eventArn ?? '');
        const account = f.awsAccountId === undefined ? undefined : String(f.awsAccountId);
        const r = all.find((e) => e.arn === arn && (account === undefined || e.accountId === account));
        if (!r) {
          failedSet.push({
            awsAccountId: account,
            eventArn: arn,
            errorName: 'NotFoundException',
            errorMessage: 'Event not found for this account.',
          });
          continue;
        }
        successfulSet.push({
          awsAccountId: account,
          event: apiEvent(r),
          eventDescription: { latestDescription: description(r) },
          eventMetadata: r.event.metadata,
        });
      }
      return { successfulSet, failedSet };
    },
    DescribeAffectedEntitiesForOrganization: (ctx) => {
      requireOrganizationView(ctx);
      const raw = Array.isArray(ctx.input.organizationEntityAccountFilters)
        ? ctx.input.organizationEntityAccountFilters
        : Array.isArray(ctx.input.organizationEntityFilters)
          ? ctx.input.organizationEntityFilters
          : [];
      const filters = raw.map(filterObject);
      tooMany('organizationEntityAccountFilters', filters);
      const all = organizationEvents(ctx.scenario, ctx.now);
      const entities: Record<string, unknown>[] = [];
      const failedSet: unknown[] = [];
      for (const f of filters) {
        const arn = String(f.eventArn ?? '');
        const account = f.awsAccountId === undefined ? undefined : String(f.awsAccountId);
        const found = all.filter((e) => e.arn === arn && (account === undefined || e.accountId === account));
        if (found.length === 0) {
          failedSet.push({
            awsAccountId: account,
            eventArn: arn,
            errorName: 'NotFoundException',
            errorMessage: 'Event not found for this account.',
          });
          continue;
        }
        for (const r of found) entities.push(...apiEntities(r, ctx.now, f.statusCodes));
      }
      return { entities, failedSet };
    },
  },
  defaultPageSize: {
    // Small, so the catalog is read over several pages as from AWS.
    DescribeServiceLifecycle: 10,
    DescribeAffectedEntities: 10,
    DescribeAffectedEntitiesForOrganization: 10,
  },
});
