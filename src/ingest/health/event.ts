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
  const entity: HealthEntity = { value: entityValue, accountId: str(value.awsAccountId) ?? accountId };
  const status = str(value.status) ?? str(value.statusCode);
  if (status) entity.status = status;
  const tags = stringMap(value.tags);
  if (Object.keys(tags).length > 0) entity.tags = tags;
  const updated = toIsoDate(value.lastUpdatedTime);
  if (updated) entity.lastUpdatedTime = updated;
  return entity;
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
  const entities: HealthEntity[] = [];
  if (Array.isArray(detail.affectedEntities)) {
    for (const raw of detail.affectedEntities) {
      const entity = entityFromEventBridge(raw, accountId);
      if (entity) entities.push(entity);
    }
  } else if (Array.isArray(envelope.resources)) {
    // Some events list resources only in the envelope.
    for (const raw of envelope.resources) {
      const entity = entityFromEventBridge(raw, accountId);
      if (entity) entities.push(entity);
    }
  }
  const event: HealthEvent = {
    arn,
    service: str(detail.service) ?? arn.split('/')[1] ?? '',
    eventTypeCode: required(detail, 'eventTypeCode', where),
    eventTypeCategory: str(detail.eventTypeCategory) ?? '',
    region:
      str(detail.eventRegion) ?? str(detail.region) ?? (regionFromEventArn(arn) || envelope.region || ''),
    startTime: toIsoDate(detail.startTime),
    endTime: toIsoDate(detail.endTime),
    lastUpdatedTime: toIsoDate(detail.lastUpdatedTime),
    statusCode: str(detail.statusCode) ?? null,
    metadata: stringMap(detail.eventMetadata),
    accountId,
    entities,
  };
  const scope = str(detail.eventScopeCode);
  if (scope) event.eventScopeCode = scope;
  const description = eventBridgeDescription(detail.eventDescription);
  if (description) event.description = description;
  const communicationId = str(detail.communicationId);
  if (communicationId) event.communicationId = communicationId;
  const actionability = str(detail.actionability);
  if (actionability) event.actionability = actionability;
  if (Array.isArray(detail.personas))
    event.personas = detail.personas.map(str).filter((p) => p !== undefined);
  const page = Number(str(detail.page));
  const totalPages = Number(str(detail.totalPages));
  if (Number.isInteger(page) && Number.isInteger(totalPages) && page > 0) event.page = { page, totalPages };
  if (envelope.id) event.eventBridgeId = envelope.id;
  return event;
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
  const result: HealthEvent = {
    arn,
    service: str(event.service) ?? arn.split('/')[1] ?? '',
    eventTypeCode: required(event, 'eventTypeCode', where),
    eventTypeCategory: str(event.eventTypeCategory) ?? '',
    region: str(event.region) ?? regionFromEventArn(arn),
    startTime: toIsoDate(event.startTime),
    endTime: toIsoDate(event.endTime),
    lastUpdatedTime: toIsoDate(event.lastUpdatedTime),
    statusCode: str(event.statusCode) ?? null,
    metadata: details.metadata ?? {},
    accountId: details.accountId ?? '',
    entities,
  };
  const scope = str(event.eventScopeCode);
  if (scope) result.eventScopeCode = scope;
  const az = str(event.availabilityZone);
  if (az) result.availabilityZone = az;
  if (details.description) result.description = details.description;
  return result;
}

/** The API's `AffectedEntity`. */
export function entityFromApi(value: unknown): HealthEntity | null {
  if (!isObj(value)) return null;
  const entityValue = str(value.entityValue);
  if (!entityValue) return null;
  const entity: HealthEntity = { value: entityValue };
  const arn = str(value.entityArn);
  if (arn) entity.arn = arn;
  const url = str(value.entityUrl);
  if (url) entity.url = url;
  const status = str(value.statusCode);
  if (status) entity.status = status;
  const account = str(value.awsAccountId);
  if (account) entity.accountId = account;
  const updated = toIsoDate(value.lastUpdatedTime);
  if (updated) entity.lastUpdatedTime = updated;
  const tags = stringMap(value.tags);
  if (Object.keys(tags).length > 0) entity.tags = tags;
  return entity;
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
