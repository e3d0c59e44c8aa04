import { randomUUID } from 'node:crypto';
import {
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type Selectable,
  type SqlBool,
  sql,
} from 'kysely';
import {
  type JsonObject,
  OCCURRENCE_SOURCES,
  type Occurrence,
  type OccurrenceSource,
  type StoredOccurrence,
} from '../core/types.js';
import { type ArrayColumn, unnestRows } from './bulk.js';
import { StoreError } from './errors.js';
import type { Dialect } from './migrations/index.js';
import { findRow, takeIncoming } from './rows.js';
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

function toRow(item: Occurrence, index: number) {
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
}

type InputRow = ReturnType<typeof toRow>;
type Trx = Kysely<Database>;
type Keyed = { source_ref: string; account_id: string; region: string; resource: string };

const keyOf = (r: Keyed) => `${r.source_ref}\u0000${r.account_id}\u0000${r.region}\u0000${r.resource}`;
/** Rows per statement: well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const CHUNK = 250;

const KEY_COLUMNS: ReadonlyArray<ArrayColumn<keyof Keyed>> = [
  ['source_ref', 'text'],
  ['account_id', 'text'],
  ['region', 'text'],
  ['resource', 'text'],
];

/**
 * "The row's key is one of these". PostgreSQL gets the keys as arrays, which it joins through the
 * identity index (a list of row tuples is planned as one OR per tuple and, on a table without
 * statistics yet, as a scan of the whole table). SQLite searches the index per listed tuple.
 */
function keyIn(dialect: Dialect, rows: readonly Keyed[]) {
  return (eb: ExpressionBuilder<Database, 'occurrences'>): Expression<SqlBool> => {
    if (dialect === 'postgres') {
      return sql<SqlBool>`(source_ref, account_id, region, resource) in (${unnestRows(rows, KEY_COLUMNS)})`;
    }
    return eb(
      eb.refTuple('source_ref', 'account_id', 'region', 'resource'),
      'in',
      rows.map((r) => eb.tuple(r.source_ref, r.account_id, r.region, r.resource)),
    );
  };
}

/** The stored rows for these keys, by key (one query per chunk, not one per row). */
async function existingRows(
  trx: Trx,
  dialect: Dialect,
  rows: readonly InputRow[],
): Promise<Map<string, Row>> {
  const out = new Map<string, Row>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const found = await trx.selectFrom('occurrences').selectAll().where(keyIn(dialect, chunk)).execute();
    for (const row of found) out.set(keyOf(row), row);
  }
  return out;
}

/** The row to write for one input given what is stored, or null when nothing may change. */
function plannedWrite(row: InputRow, existing: Row | undefined, scanRunId: string | null) {
  // A verified sighting is never overwritten by an unverified one (a forged mail re-using its
  // Message-ID): the unverified copy is dropped, the verified facts stay.
  if (existing && existing.verified !== 0 && row.verified === 0) return null;
  const changed =
    existing !== undefined && CONTENT_COLUMNS.some((column) => existing[column] !== row[column]);
  return {
    changed,
    values: {
      id: randomUUID(),
      ...row,
      // A replay of an older input does not move the sighting back in time.
      observed_at:
        existing && existing.observed_at > row.observed_at ? existing.observed_at : row.observed_at,
      first_seen_at: row.observed_at,
      last_seen_at:
        existing && existing.last_seen_at > row.observed_at ? existing.last_seen_at : row.observed_at,
      changed_at: existing && !changed ? existing.changed_at : row.observed_at,
      last_scan_run_id: scanRunId ?? existing?.last_scan_run_id ?? null,
    },
  };
}

type Planned = NonNullable<ReturnType<typeof plannedWrite>>;

const ROW_COLUMNS: ReadonlyArray<ArrayColumn<keyof Row>> = [
  ['id', 'text'],
  ['kind', 'text'],
  ['account_id', 'text'],
  ['region', 'text'],
  ['resource', 'text'],
  ['event_date', 'text'],
  ['event_end_date', 'text'],
  ['source', 'text'],
  ['source_ref', 'text'],
  ['title', 'text'],
  ['source_status', 'text'],
  ['evidence', 'text'],
  ['verified', 'integer'],
  ['observed_at', 'text'],
  ['first_seen_at', 'text'],
  ['last_seen_at', 'text'],
  ['changed_at', 'text'],
  ['last_scan_run_id', 'text'],
];

/**
 * One multi-row upsert (on PostgreSQL the rows go as one array per column); first_seen_at and id
 * stay as stored on conflict. Returns the id by key.
 */
async function upsert(trx: Trx, dialect: Dialect, writes: readonly Planned[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (writes.length === 0) return ids;
  const values = writes.map((w) => w.values);
  const insert = trx.insertInto('occurrences');
  const written = await (dialect === 'postgres'
    ? insert.columns(ROW_COLUMNS.map(([column]) => column)).expression(unnestRows(values, ROW_COLUMNS))
    : insert.values(values)
  )
    .onConflict((oc) =>
      oc
        .columns(['source_ref', 'account_id', 'region', 'resource'])
        .doUpdateSet(
          takeIncoming('occurrences', [
            ...CONTENT_COLUMNS,
            'observed_at',
            'last_seen_at',
            'changed_at',
            'last_scan_run_id',
          ]),
        ),
    )
    .returning(['id', 'source_ref', 'account_id', 'region', 'resource'])
    .execute();
  for (const row of written) ids.set(keyOf(row), row.id);
  return ids;
}

/**
 * Writes one round: inputs with distinct keys, in chunks. An input whose key repeats in the batch goes
 * to a later round, so it sees the earlier one as stored (one statement cannot update a row twice).
 */
async function writeRound(
  trx: Trx,
  dialect: Dialect,
  rows: ReadonlyArray<{ row: InputRow; index: number }>,
  scanRunId: string | null,
  results: RecordResult[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const stored = await existingRows(
      trx,
      dialect,
      chunk.map((c) => c.row),
    );
    const planned: Array<{ index: number; key: string; write: Planned | null; existing: Row | undefined }> =
      chunk.map(({ row, index }) => {
        const key = keyOf(row);
        const existing = stored.get(key);
        return { index, key, existing, write: plannedWrite(row, existing, scanRunId) };
      });
    const ids = await upsert(
      trx,
      dialect,
      planned.flatMap((p) => (p.write ? [p.write] : [])),
    );
    for (const p of planned) {
      if (!p.write) {
        results[p.index] = { id: p.existing?.id ?? '', created: false, changed: false };
        continue;
      }
      const id = ids.get(p.key) ?? p.write.values.id;
      results[p.index] = { id, created: id === p.write.values.id, changed: p.write.changed };
    }
  }
}

/** Idempotent upsert keyed by (sourceRef, accountId, region, resource); validates the whole batch first. */
async function recordOccurrences(
  db: Kysely<Database>,
  dialect: Dialect,
  items: Occurrence[],
  options: { scanRunId?: string },
): Promise<RecordResult[]> {
  // Validate everything before writing anything: a bad item must not leave half a batch.
  const rows = items.map(toRow);
  const rounds: Array<Array<{ row: InputRow; index: number }>> = [];
  const seen = new Map<string, number>();
  rows.forEach((row, index) => {
    const key = keyOf(row);
    const round = seen.get(key) ?? 0;
    seen.set(key, round + 1);
    const bucket = rounds[round] ?? [];
    rounds[round] = bucket;
    bucket.push({ row, index });
  });
  const scanRunId = options.scanRunId ?? null;
  return writeTransaction(db, dialect, async (trx) => {
    const results: RecordResult[] = new Array(rows.length);
    for (const round of rounds) await writeRound(trx, dialect, round, scanRunId, results);
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
      const row = await findRow(db, 'occurrences', { id });
      return row && occurrenceFromRow(row);
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
