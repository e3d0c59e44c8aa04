import { parseArn } from '../../core/arn.js';
import { OpsradarError } from '../../core/errors.js';
import { toIsoDate } from './dates.js';

/** One affected entity as AWS Health reports it (API `AffectedEntity` or EventBridge `affectedEntities[]`). */
export interface HealthEntity {
  /** The resource id AWS names: instance id, DB identifier, connection id, ARN... ('UNKNOWN' / 'AWS_ACCOUNT' when none). */
  value: string;
  /** Health's own entity ARN (API only; not the resource's ARN). */
  arn?: string;
  url?: string;
  /** API: IMPAIRED | UNIMPAIRED | UNKNOWN | PENDING | RESOLVED; EventBridge: the same in `status`. */
  status?: string;
  lastUpdatedTime?: string | null;
  tags?: Record<string, string>;
  /** The account the entity belongs to (API entities and organization view). */
  accountId?: string;
}

/**
 * One Health event for one affected account, whatever route brought it: the API (account or organization
 * view), an EventBridge "AWS Health Event", or an SNS notification carrying one.
 */
export interface HealthEvent {
  arn: string;
  service: string;
  eventTypeCode: string;
  /** issue | accountNotification | scheduledChange | investigation */
  eventTypeCategory: string;
  /** ACCOUNT_SPECIFIC | PUBLIC | NONE */
  eventScopeCode?: string;
  region: string;
  availabilityZone?: string;
  startTime: string | null;
  endTime: string | null;
  lastUpdatedTime: string | null;
  /** open | upcoming | closed */
  statusCode: string | null;
  description?: string;
  metadata: Record<string, string>;
  communicationId?: string;
  actionability?: string;
  personas?: string[];
  /** The affected account; '' when the route did not say (account view without entities). */
  accountId: string;
  /** Affected entities; empty when none were reported. */
  entities: HealthEntity[];
  /** EventBridge splits large entity lists into pages; each page carries part of the entities. */
  page?: { page: number; totalPages: number };
  /** EventBridge envelope id, when the event came through EventBridge. */
  eventBridgeId?: string;
}

export class HealthEventError extends OpsradarError {
  constructor(message: string) {
    super(message, 'HEALTH_EVENT_INVALID', 2);
  }
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObj(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    const s = str(v);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

function required(obj: Obj, key: string, where: string): string {
  const value = str(obj[key]);
  if (!value) throw new HealthEventError(`${where}: missing "${key}"`);
  return value;
}

/** `target` with each field of `fields` that has a value: optional fields stay absent, never undefined. */
function withPresent<T extends object>(target: T, fields: { [K in keyof T]?: T[K] | undefined }): T {
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined && value !== null && value !== '')
      (target as Record<string, unknown>)[key] = value;
  }
  return target;
}

/** A string map, or undefined when it has no entries. */
function nonEmptyMap(value: unknown): Record<string, string> | undefined {
  const map = stringMap(value);
  return Object.keys(map).length > 0 ? map : undefined;
}

/** The fields the API's `Event` and EventBridge's `detail` share, under the same names. */
function healthEventCommon(
  source: Obj,
  where: string,
  arn: string,
  region: string,
  rest: Pick<HealthEvent, 'metadata' | 'accountId' | 'entities'>,
): HealthEvent {
  const event: HealthEvent = {
    arn,
    service: str(source.service) ?? arn.split('/')[1] ?? '',
    eventTypeCode: required(source, 'eventTypeCode', where),
    eventTypeCategory: str(source.eventTypeCategory) ?? '',
    region,
    startTime: toIsoDate(source.startTime),
    endTime: toIsoDate(source.endTime),
    lastUpdatedTime: toIsoDate(source.lastUpdatedTime),
    statusCode: str(source.statusCode) ?? null,
    ...rest,
  };
  return withPresent(event, { eventScopeCode: str(source.eventScopeCode) });
}

/** The region is the fourth field of the event ARN: arn:aws:health:us-east-1::event/EC2/CODE/ID. */
export function regionFromEventArn(arn: string): string {
  return parseArn(arn)?.region ?? '';
}

/** The English text of an EventBridge `eventDescription` list (AWS sends en_US; other languages may follow). */
function eventBridgeDescription(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  // AWS Health Aware re-publishes DescribeEventDetails' object form: { latestDescription }.
  if (isObj(value)) return str(value.latestDescription);
  if (!Array.isArray(value)) return undefined;
  const items = value.filter(isObj);
  const english = items.find((d) => str(d.language)?.toLowerCase().startsWith('en')) ?? items[0];
  return english ? str(english.latestDescription) : undefined;
}

function entityFromEventBridge(value: unknown, accountId: string): HealthEntity | null {
  if (typeof value === 'string') return { value, accountId };
  if (!isObj(value)) return null;
  const entityValue = str(value.entityValue);
  if (!entityValue) return null;
  return withPresent<HealthEntity>(
    { value: entityValue, accountId: str(value.awsAccountId) ?? accountId },
    {
      status: str(value.status) ?? str(value.statusCode),
      tags: nonEmptyMap(value.tags),
      lastUpdatedTime: toIsoDate(value.lastUpdatedTime),
    },
  );
}

/**
 * The `detail` of an EventBridge "AWS Health Event" / "AWS Health Abuse Event".
 * `envelopeAccount` is the event's `account` (the receiving account; in an organization view the
 * affected account is `detail.affectedAccount`).
 */
export function healthEventFromEventBridgeDetail(
  detail: unknown,
  envelope: { account?: string; region?: string; id?: string; resources?: unknown } = {},
): HealthEvent {
  if (!isObj(detail)) throw new HealthEventError('AWS Health event: "detail" is not an object');
  const where = 'AWS Health event detail';
  // AWS Health Aware forwards the API's `arn` where EventBridge says `eventArn`.
  const arn = str(detail.eventArn) ?? required(detail, 'arn', where);
  const accountId = str(detail.affectedAccount) ?? envelope.account ?? '';
  // Some events list resources only in the envelope.
  const raws: unknown[] = Array.isArray(detail.affectedEntities)
    ? detail.affectedEntities
    : Array.isArray(envelope.resources)
      ? envelope.resources
      : [];
  const entities = raws
    .map((raw) => entityFromEventBridge(raw, accountId))
    .filter((e): e is HealthEntity => e !== null);
  const region =
    str(detail.eventRegion) ?? str(detail.region) ?? (regionFromEventArn(arn) || envelope.region || '');
  const metadata = stringMap(detail.eventMetadata);
  const event = healthEventCommon(detail, where, arn, region, { metadata, accountId, entities });
  const page = Number(str(detail.page));
  const totalPages = Number(str(detail.totalPages));
  return withPresent(event, {
    description: eventBridgeDescription(detail.eventDescription),
    communicationId: str(detail.communicationId),
    actionability: str(detail.actionability),
    personas: Array.isArray(detail.personas)
      ? detail.personas.map(str).filter((p) => p !== undefined)
      : undefined,
    page:
      Number.isInteger(page) && Number.isInteger(totalPages) && page > 0 ? { page, totalPages } : undefined,
    eventBridgeId: envelope.id,
  });
}

/** The API's `Event` / `OrganizationEvent` (SDK objects with Date fields, or JSON with epoch seconds / ISO). */
export function healthEventFromApi(
  event: unknown,
  details: { description?: string; metadata?: Record<string, string>; accountId?: string } = {},
  entities: HealthEntity[] = [],
): HealthEvent {
  if (!isObj(event)) throw new HealthEventError('AWS Health API event: not an object');
  const where = 'AWS Health API event';
  const arn = required(event, 'arn', where);
  const rest = { metadata: details.metadata ?? {}, accountId: details.accountId ?? '', entities };
  const result = healthEventCommon(event, where, arn, str(event.region) ?? regionFromEventArn(arn), rest);
  return withPresent(result, {
    availabilityZone: str(event.availabilityZone),
    description: details.description,
  });
}

/** The API's `AffectedEntity`. */
export function entityFromApi(value: unknown): HealthEntity | null {
  if (!isObj(value)) return null;
  const entityValue = str(value.entityValue);
  if (!entityValue) return null;
  return withPresent<HealthEntity>(
    { value: entityValue },
    {
      arn: str(value.entityArn),
      url: str(value.entityUrl),
      status: str(value.statusCode),
      accountId: str(value.awsAccountId),
      lastUpdatedTime: toIsoDate(value.lastUpdatedTime),
      tags: nonEmptyMap(value.tags),
    },
  );
}

/** Entity values AWS uses when an event has no specific resource. */
export const NO_RESOURCE_ENTITY_VALUES = new Set(['UNKNOWN', 'AWS_ACCOUNT', '']);

/** Where the input came from decides how strict the reader is. */
export interface HealthReadOptions {
  /**
   * Accept an EventBridge event whatever its `source` (mocks use `awsmock.health`, AWS Health Aware
   * `aha`): right for looking at a file, never for a push endpoint, which keeps its source checks.
   */
  anySource?: boolean;
}

function parseJsonField(value: unknown, what: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new HealthEventError(`${what} is not JSON`);
  }
}

/** A PutEvents entry (`aws events put-events --entries`): PascalCase fields, `Detail` as a JSON string. */
function fromPutEventsEntry(entry: Obj): Obj {
  return {
    source: entry.Source,
    'detail-type': entry.DetailType,
    detail: parseJsonField(entry.Detail, 'PutEvents entry: Detail'),
    resources: entry.Resources,
    time: entry.Time,
  };
}

function fromEventBridgeEnvelope(input: Obj, options: HealthReadOptions): HealthEvent[] {
  const detail = parseJsonField(input.detail, 'EventBridge event: detail');
  const healthLike = isObj(detail) && 'eventTypeCode' in detail;
  if (input.source !== 'aws.health' && !(options.anySource && healthLike)) {
    // JSON text, not String(): a pushed {"toString": 0} must not turn the refusal into a TypeError.
    const source = str(input.source) ?? JSON.stringify(input.source) ?? 'nothing';
    throw new HealthEventError(`EventBridge event from "${source}" is not an AWS Health event`);
  }
  const account = str(input.account)?.replace(/[^0-9]/g, '');
  return [
    healthEventFromEventBridgeDetail(detail, {
      account: account || undefined,
      region: str(input.region),
      id: str(input.id),
      resources: input.resources,
    }),
  ];
}

function fromDescribeEventDetails(input: Obj, successfulSet: unknown[]): HealthEvent[] {
  const rawEntities = Array.isArray(input.entities) ? input.entities.filter(isObj) : [];
  return successfulSet.filter(isObj).map((item) => {
    const arn = isObj(item.event) ? str(item.event.arn) : undefined;
    const accountId = str(item.awsAccountId);
    const entities = rawEntities
      .filter(
        (e) => str(e.eventArn) === arn && (accountId === undefined || str(e.awsAccountId) === accountId),
      )
      .map(entityFromApi)
      .filter((e): e is HealthEntity => e !== null);
    return healthEventFromApi(
      item.event,
      {
        description: isObj(item.eventDescription) ? str(item.eventDescription.latestDescription) : undefined,
        metadata: stringMap(item.eventMetadata),
        accountId: accountId ?? entities[0]?.accountId ?? '',
      },
      entities,
    );
  });
}

/**
 * Reads any saved Health input: an EventBridge event (or a list of them), an SNS notification carrying
 * one, PutEvents entries (`{"Entries": [...]}` or a bare list), an event re-published by AWS Health Aware,
 * a DescribeEvents / DescribeEventsForOrganization response, a DescribeEventDetails(ForOrganization)
 * response, one API `Event`, or a bare EventBridge `detail`. Optional `entities` (a
 * DescribeAffectedEntities response) may sit beside `successfulSet` in a saved file.
 */
export function healthEventsFromJson(input: unknown, options: HealthReadOptions = {}): HealthEvent[] {
  if (Array.isArray(input)) return input.flatMap((item) => healthEventsFromJson(item, options));
  if (!isObj(input)) throw new HealthEventError('not a JSON object or array');
  // SNS notification: the Message is the JSON of an EventBridge event.
  if (input.Type === 'Notification' && typeof input.Message === 'string') {
    return healthEventsFromJson(parseJsonField(input.Message, 'SNS notification: Message'), options);
  }
  if (Array.isArray(input.Entries)) return healthEventsFromJson(input.Entries, options);
  if ('DetailType' in input && 'Detail' in input) {
    return healthEventsFromJson(fromPutEventsEntry(input), options);
  }
  if ('detail-type' in input || ('source' in input && 'detail' in input)) {
    return fromEventBridgeEnvelope(input, options);
  }
  if ('eventTypeCode' in input && ('eventArn' in input || ('arn' in input && 'eventDescription' in input))) {
    return [healthEventFromEventBridgeDetail(input)];
  }
  if (Array.isArray(input.successfulSet)) return fromDescribeEventDetails(input, input.successfulSet);
  if (Array.isArray(input.events)) return input.events.map((event) => healthEventFromApi(event));
  if ('arn' in input && 'eventTypeCode' in input) return [healthEventFromApi(input)];
  throw new HealthEventError(
    'not a recognised AWS Health shape (EventBridge event, PutEvents entries, SNS notification, AWS Health Aware event, DescribeEvents or DescribeEventDetails output)',
  );
}
