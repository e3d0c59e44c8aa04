import { createHash, randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { findRow } from './rows.js';
import type { Database, MailQuarantineTable } from './schema.js';

/**
 * Mail that could not become occurrences, kept whole with the reason, so nothing is lost and
 * `opsradar mail quarantine retry` can classify it again after the catalog grows. The reason codes
 * belong to mail ingestion (`Code`); the store keeps them as text.
 */

/** Why a message was quarantined, with facts for the message (sizes, limits, part names). */
export interface QuarantineReason<Code extends string = string> {
  code: Code;
  detail: Record<string, string | number>;
}

export type QuarantineStatus = 'quarantined' | 'released';

export interface QuarantinedMail<Code extends string = string> {
  id: string;
  contentSha256: string;
  messageId: string | null;
  subject: string | null;
  from: string | null;
  /** Where it was read: a file path, `mbox:<file>#<n>`, `imap://user@host/folder;UID=n`. */
  origin: string;
  reason: QuarantineReason<Code>;
  size: number;
  status: QuarantineStatus;
  attempts: number;
  quarantinedAt: string;
  lastAttemptAt: string;
  releasedAt: string | null;
  releasedKind: string | null;
}

export interface QuarantineInput<Code extends string = string> {
  raw: Buffer;
  origin: string;
  reason: QuarantineReason<Code>;
  messageId?: string | null;
  subject?: string | null;
  from?: string | null;
}

export function contentSha256(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('hex');
}

type Row = Selectable<MailQuarantineTable>;

function fromRow(row: Omit<Row, 'raw'>): QuarantinedMail {
  let detail: Record<string, string | number> = {};
  try {
    detail = JSON.parse(row.reason_detail) as Record<string, string | number>;
  } catch {
    detail = {};
  }
  return {
    id: row.id,
    contentSha256: row.content_sha256,
    messageId: row.message_id,
    subject: row.subject,
    from: row.from_address,
    origin: row.origin,
    reason: { code: row.reason_code, detail },
    size: Number(row.size),
    status: row.status as QuarantineStatus,
    attempts: Number(row.attempts),
    quarantinedAt: row.quarantined_at,
    lastAttemptAt: row.last_attempt_at,
    releasedAt: row.released_at,
    releasedKind: row.released_kind,
  };
}

const LISTED = [
  'id',
  'content_sha256',
  'message_id',
  'subject',
  'from_address',
  'origin',
  'reason_code',
  'reason_detail',
  'size',
  'status',
  'attempts',
  'quarantined_at',
  'last_attempt_at',
  'released_at',
  'released_kind',
] as const;

export interface MailQuarantineRepository<Code extends string = string> {
  /** Keeps the message; the same bytes quarantined again update the reason and count the attempt. */
  put(input: QuarantineInput<Code>, now?: Date): Promise<{ id: string; created: boolean }>;
  list(filter?: { status?: QuarantineStatus | 'all'; limit?: number }): Promise<QuarantinedMail<Code>[]>;
  /** By id or by a unique id prefix (as printed by `list`). */
  get(idOrPrefix: string): Promise<(QuarantinedMail<Code> & { raw: Buffer }) | undefined>;
  /** Marks a message that now classifies as released (kept for the record, no longer pending). */
  release(id: string, kind: string, now?: Date): Promise<void>;
  /** Records a failed retry with its (possibly new) reason. */
  touch(id: string, reason: QuarantineReason<Code>, now?: Date): Promise<void>;
  /** Marks quarantined copies of these bytes released, when the message later classified. */
  releaseByContent(raw: Buffer, kind: string, now?: Date): Promise<void>;
}

/** Keeps the message; the same bytes quarantined again update the reason and count the attempt. */
async function putMail(
  db: Kysely<Database>,
  input: QuarantineInput,
  now: Date,
): Promise<{ id: string; created: boolean }> {
  const sha = contentSha256(input.raw);
  const at = now.toISOString();
  const detail = JSON.stringify(input.reason.detail);
  const existing = await db
    .selectFrom('mail_quarantine')
    .select(['id', 'attempts'])
    .where('content_sha256', '=', sha)
    .executeTakeFirst();
  if (existing) {
    await db
      .updateTable('mail_quarantine')
      .set({
        reason_code: input.reason.code,
        reason_detail: detail,
        attempts: Number(existing.attempts) + 1,
        last_attempt_at: at,
        status: 'quarantined',
        released_at: null,
        released_kind: null,
      })
      .where('id', '=', existing.id)
      .execute();
    return { id: existing.id, created: false };
  }
  const id = randomUUID();
  await db
    .insertInto('mail_quarantine')
    .values({
      id,
      content_sha256: sha,
      message_id: input.messageId ?? null,
      subject: input.subject ?? null,
      from_address: input.from ?? null,
      origin: input.origin,
      reason_code: input.reason.code,
      reason_detail: detail,
      raw: input.raw,
      size: input.raw.length,
      status: 'quarantined',
      attempts: 1,
      quarantined_at: at,
      last_attempt_at: at,
      released_at: null,
      released_kind: null,
    })
    // A concurrent ingest of the same bytes already stored it: that row is the one.
    .onConflict((oc) => oc.column('content_sha256').doNothing())
    .execute();
  return { id, created: true };
}

export function mailQuarantineRepository(db: Kysely<Database>): MailQuarantineRepository {
  return {
    put: (input, now = new Date()) => putMail(db, input, now),

    async list(filter = {}) {
      let query = db
        .selectFrom('mail_quarantine')
        .select(LISTED)
        .orderBy('quarantined_at', 'desc')
        .orderBy('id');
      const status = filter.status ?? 'quarantined';
      if (status !== 'all') query = query.where('status', '=', status);
      if (filter.limit) query = query.limit(filter.limit);
      return (await query.execute()).map(fromRow);
    },

    async get(idOrPrefix) {
      const exact = await findRow(db, 'mail_quarantine', { id: idOrPrefix });
      const rows = exact
        ? [exact]
        : await db
            .selectFrom('mail_quarantine')
            .selectAll()
            .where('id', 'like', `${idOrPrefix.replace(/[%_\\]/g, '')}%`)
            .limit(2)
            .execute();
      if (rows.length !== 1 || !rows[0]) return undefined;
      const row = rows[0];
      return { ...fromRow(row), raw: Buffer.isBuffer(row.raw) ? row.raw : Buffer.from(row.raw) };
    },

    async release(id, kind, now = new Date()) {
      const at = now.toISOString();
      await db
        .updateTable('mail_quarantine')
        .set((eb) => ({
          status: 'released',
          released_at: at,
          released_kind: kind,
          last_attempt_at: at,
          attempts: eb('attempts', '+', 1),
        }))
        .where('id', '=', id)
        .execute();
    },

    async touch(id, reason, now = new Date()) {
      await db
        .updateTable('mail_quarantine')
        .set((eb) => ({
          reason_code: reason.code,
          reason_detail: JSON.stringify(reason.detail),
          last_attempt_at: now.toISOString(),
          attempts: eb('attempts', '+', 1),
        }))
        .where('id', '=', id)
        .execute();
    },

    async releaseByContent(raw, kind, now = new Date()) {
      const at = now.toISOString();
      await db
        .updateTable('mail_quarantine')
        .set({ status: 'released', released_at: at, released_kind: kind })
        .where('content_sha256', '=', contentSha256(raw))
        .where('status', '=', 'quarantined')
        .execute();
    },
  };
}
