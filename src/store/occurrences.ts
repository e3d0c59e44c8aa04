import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import {
  type JsonObject,
  OCCURRENCE_SOURCES,
  type Occurrence,
  type OccurrenceSource,
  type StoredOccurrence,
} from '../core/types.js';
import { StoreError } from './errors.js';
import type { Dialect } from './migrations/index.js';
import type { Database, OccurrencesTable } from './schema.js';
import { writeTransaction } from './transaction.js';

export type { StoredOccurrence };

export interface RecordResult {
  id: string;
  created: boolean;
  changed: boolean;
}

export interface OccurrenceFilter {
  /** A catalog id, or null for unmapped occurrences. */
  kind?: string | null;
  source?: string;
  accountId?: string;
  unmapped?: boolean;
  limit?: number;
}

/** What a source said last time about one of its references (see `evidenceBySourceRef`). */
export interface SourceEvidence {
  sourceRef: string;
  accountId: string;
  region: string;
  resource: string;
  /** Null when the stored evidence cannot be read. */
  evidence: JsonObject | null;
}

export interface OccurrencesRepository {
  /** Idempotent upsert keyed by (sourceRef, accountId, region, resource): same input twice = one row. */
  record(items: Occurrence[], options?: { scanRunId?: string }): Promise<RecordResult[]>;
  list(filter?: OccurrenceFilter): Promise<StoredOccurrence[]>;
  get(id: string): Promise<StoredOccurrence | undefined>;
  /** The stored evidence of every occurrence with one of these source references (any number). */
  evidenceBySourceRef(sourceRefs: readonly string[]): Promise<SourceEvidence[]>;
}

function parseEvidence(text: string): JsonObject | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : null;
  } catch {
    return null;
  }
}

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Normalizes an ISO-8601 input to UTC `...Z`; rejects anything else. */
export function toUtcIso(value: string, field: string): string {
  const date = new Date(value);
  if (!ISO.test(value) || Number.isNaN(date.getTime())) {
    throw new StoreError(`${field}: not an ISO-8601 date: ${JSON.stringify(value)}`, 'OCCURRENCE_INVALID');
  }
  return date.toISOString();
}

function validate(item: Occurrence, index: number): void {
  const where = `occurrence ${index}`;
  const fail = (message: string): never => {
    throw new StoreError(`${where}: ${message}`, 'OCCURRENCE_INVALID');
  };
  if (item.kind !== null && (typeof item.kind !== 'string' || item.kind === ''))
    fail('kind must be a catalog id or null');
  if (typeof item.accountId !== 'string') fail('accountId must be a string');
  if (typeof item.region !== 'string') fail('region must be a string');
  if (typeof item.resource !== 'string' || item.resource === '') fail('resource is required');
  if (!OCCURRENCE_SOURCES.includes(item.source as OccurrenceSource))
    fail(`unknown source ${String(item.source)}`);
  if (typeof item.sourceRef !== 'string' || item.sourceRef === '') fail('sourceRef is required');
  if (typeof item.evidence !== 'object' || item.evidence === null || Array.isArray(item.evidence)) {
    fail('evidence must be an object');
  }
}

type Row = Selectable<OccurrencesTable>;

export function occurrenceFromRow(row: Row): StoredOccurrence {
  return {
    id: row.id,
    kind: row.kind,
    accountId: row.account_id,
    region: row.region,
    resource: row.resource,
    eventDate: row.event_date,
    eventEndDate: row.event_end_date,
    source: row.source as OccurrenceSource,
    sourceRef: row.source_ref,
    ...(row.title === null ? {} : { title: row.title }),
    sourceStatus: row.source_status,
    evidence: JSON.parse(row.evidence) as JsonObject,
    verified: row.verified !== 0,
    observedAt: row.observed_at,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    changedAt: row.changed_at,
    lastScanRunId: row.last_scan_run_id,
  };
}

const CONTENT_COLUMNS = [
  'kind',
  'event_date',
  'event_end_date',
  'title',
  'source_status',
  'evidence',
  'verified',
  'source',
] as const;

/** Idempotent upsert keyed by (sourceRef, accountId, region, resource); validates the whole batch first. */
async function recordOccurrences(
  db: Kysely<Database>,
  dialect: Dialect,
  items: Occurrence[],
  options: { scanRunId?: string },
): Promise<RecordResult[]> {
  // Validate everything before writing anything: a bad item must not leave half a batch.
  const rows = items.map((item, index) => {
    validate(item, index);
    const observedAt = toUtcIso(item.observedAt, `occurrence ${index}: observedAt`);
    return {
      kind: item.kind,
      account_id: item.accountId,
      region: item.region,
      resource: item.resource,
      event_date: item.eventDate ? toUtcIso(item.eventDate, `occurrence ${index}: eventDate`) : null,
      event_end_date: item.eventEndDate
        ? toUtcIso(item.eventEndDate, `occurrence ${index}: eventEndDate`)
        : null,
      source: item.source,
      source_ref: item.sourceRef,
      title: item.title ?? null,
      source_status: item.sourceStatus ?? null,
      evidence: JSON.stringify(item.evidence),
      verified: item.verified === false ? 0 : 1,
      observed_at: observedAt,
    };
  });
  const scanRunId = options.scanRunId ?? null;
  return writeTransaction(db, dialect, async (trx) => {
    const results: RecordResult[] = [];
    for (const row of rows) {
      const existing = await trx
        .selectFrom('occurrences')
        .selectAll()
        .where('source_ref', '=', row.source_ref)
        .where('account_id', '=', row.account_id)
        .where('region', '=', row.region)
        .where('resource', '=', row.resource)
        .executeTakeFirst();
      // A verified sighting is never overwritten by an unverified one (a forged mail re-using its
      // Message-ID): the unverified copy is dropped, the verified facts stay.
      if (existing && existing.verified !== 0 && row.verified === 0) {
        results.push({ id: existing.id, created: false, changed: false });
        continue;
      }
      const changed =
        existing !== undefined && CONTENT_COLUMNS.some((column) => existing[column] !== row[column]);
      const lastSeenAt =
        existing && existing.last_seen_at > row.observed_at ? existing.last_seen_at : row.observed_at;
      const changedAt = existing && !changed ? existing.changed_at : row.observed_at;
      const id = randomUUID();
      const written = await trx
        .insertInto('occurrences')
        .values({
          id,
          ...row,
          first_seen_at: row.observed_at,
          last_seen_at: lastSeenAt,
          changed_at: changedAt,
          last_scan_run_id: scanRunId,
        })
        .onConflict((oc) =>
          oc.columns(['source_ref', 'account_id', 'region', 'resource']).doUpdateSet({
            ...row,
            // A replay of an older input does not move the sighting back in time.
            observed_at:
              existing && existing.observed_at > row.observed_at ? existing.observed_at : row.observed_at,
            last_seen_at: lastSeenAt,
            changed_at: changedAt,
            last_scan_run_id: scanRunId ?? existing?.last_scan_run_id ?? null,
          }),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      results.push({ id: written.id, created: written.id === id, changed });
    }
    return results;
  });
}

export function occurrencesRepository(db: Kysely<Database>, dialect: Dialect): OccurrencesRepository {
  return {
    record: (items, options = {}) => recordOccurrences(db, dialect, items, options),

    async list(filter = {}) {
      let query = db.selectFrom('occurrences').selectAll();
      if (filter.unmapped || filter.kind === null) query = query.where('kind', 'is', null);
      else if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
      if (filter.source) query = query.where('source', '=', filter.source);
      if (filter.accountId) query = query.where('account_id', '=', filter.accountId);
      const rows = await query
        .orderBy('last_seen_at', 'desc')
        .orderBy('id')
        .limit(filter.limit ?? 10_000)
        .execute();
      return rows.map(occurrenceFromRow);
    },

    async get(id) {
      const row = await db.selectFrom('occurrences').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? occurrenceFromRow(row) : undefined;
    },

    async evidenceBySourceRef(sourceRefs) {
      const out: SourceEvidence[] = [];
      const refs = [...new Set(sourceRefs)];
      for (let i = 0; i < refs.length; i += 500) {
        const rows = await db
          .selectFrom('occurrences')
          .select(['source_ref', 'account_id', 'region', 'resource', 'evidence'])
          .where('source_ref', 'in', refs.slice(i, i + 500))
          .execute();
        for (const row of rows)
          out.push({
            sourceRef: row.source_ref,
            accountId: row.account_id,
            region: row.region,
            resource: row.resource,
            evidence: parseEvidence(row.evidence),
          });
      }
      return out;
    },
  };
}
