import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { JsonObject } from '../core/types.js';
import { formatWorkItemId, type Urgency, urgencyOf, type WorkItemStatus } from '../core/workitems.js';
import { findRow } from './rows.js';
import type { AwsRequestsTable, Database } from './schema.js';

/** How a request reaches AWS: planned only (a form, a partner, an email), a quota increase, an LCU reservation. */
export const AWS_REQUEST_OPERATIONS = ['plan', 'quota', 'elb-capacity'] as const;
export type AwsRequestOperation = (typeof AWS_REQUEST_OPERATIONS)[number];

export interface AwsRequest {
  id: string;
  workItemId: number;
  kind: string;
  operation: AwsRequestOperation;
  plannedDate: string | null;
  windowEnd: string | null;
  accountId: string;
  region: string;
  resource: string;
  parameters: JsonObject;
  policy: JsonObject;
  awsRequestId: string | null;
  awsStatus: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A request with what its work item says now (for `opsradar request list`). */
export interface AwsRequestView extends AwsRequest {
  ref: string;
  title: string;
  status: WorkItemStatus;
  dueDate: string | null;
  urgency: Urgency;
}

export interface AwsRequestInput {
  workItemId: number;
  kind: string;
  operation: AwsRequestOperation;
  plannedDate: string | null;
  windowEnd?: string | null;
  accountId: string;
  region: string;
  resource: string;
  parameters: JsonObject;
  policy: JsonObject;
}

export interface AwsRequestsRepository {
  /** Creates the request of this operation for the item, or updates it when it exists (planning again). */
  save(input: AwsRequestInput, now?: Date): Promise<AwsRequest>;
  /** Records what AWS said: its request id and status. */
  setAwsState(
    id: string,
    state: { awsRequestId?: string | null; awsStatus: string | null },
    now?: Date,
  ): Promise<void>;
  get(id: string): Promise<AwsRequest | undefined>;
  /** The work item an occurrence was linked to (after a sync), if any. */
  workItemOf(occurrenceId: string): Promise<number | undefined>;
  /** Requests with their item's status and due date, soonest filing date first. */
  list(
    filter?: { kind?: string; active?: boolean; operation?: AwsRequestOperation },
    now?: Date,
  ): Promise<AwsRequestView[]>;
}

function fromRow(row: Selectable<AwsRequestsTable>): AwsRequest {
  return {
    id: row.id,
    workItemId: Number(row.work_item_id),
    kind: row.kind,
    operation: row.operation as AwsRequestOperation,
    plannedDate: row.planned_date,
    windowEnd: row.window_end,
    accountId: row.account_id,
    region: row.region,
    resource: row.resource,
    parameters: JSON.parse(row.parameters) as JsonObject,
    policy: JSON.parse(row.policy) as JsonObject,
    awsRequestId: row.aws_request_id,
    awsStatus: row.aws_status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function awsRequestsRepository(db: Kysely<Database>): AwsRequestsRepository {
  async function get(id: string) {
    const row = await findRow(db, 'aws_requests', { id });
    return row && fromRow(row);
  }
  return {
    get,
    async save(input, now = new Date()) {
      const at = now.toISOString();
      const existing = await db
        .selectFrom('aws_requests')
        .select('id')
        .where('work_item_id', '=', input.workItemId)
        .where('operation', '=', input.operation)
        .executeTakeFirst();
      const values = {
        kind: input.kind,
        planned_date: input.plannedDate,
        window_end: input.windowEnd ?? null,
        account_id: input.accountId,
        region: input.region,
        resource: input.resource,
        parameters: JSON.stringify(input.parameters),
        policy: JSON.stringify(input.policy),
        updated_at: at,
      };
      const id = existing?.id ?? randomUUID();
      if (existing) {
        await db.updateTable('aws_requests').set(values).where('id', '=', id).execute();
      } else {
        await db
          .insertInto('aws_requests')
          .values({
            ...values,
            id,
            work_item_id: input.workItemId,
            operation: input.operation,
            aws_request_id: null,
            aws_status: null,
            created_at: at,
          })
          .execute();
      }
      return (await get(id)) as AwsRequest;
    },
    async setAwsState(id, state, now = new Date()) {
      await db
        .updateTable('aws_requests')
        .set({
          ...(state.awsRequestId !== undefined ? { aws_request_id: state.awsRequestId } : {}),
          aws_status: state.awsStatus,
          updated_at: now.toISOString(),
        })
        .where('id', '=', id)
        .execute();
    },
    async workItemOf(occurrenceId) {
      const row = await findRow(db, 'work_item_occurrences', { occurrence_id: occurrenceId });
      return row && Number(row.work_item_id);
    },
    async list(filter = {}, now = new Date()) {
      let query = db
        .selectFrom('aws_requests as r')
        .innerJoin('work_items as w', 'w.id', 'r.work_item_id')
        .selectAll('r')
        .select(['w.title as title', 'w.status as status', 'w.due_date as due_date']);
      if (filter.kind) query = query.where('r.kind', '=', filter.kind);
      if (filter.operation) query = query.where('r.operation', '=', filter.operation);
      if (filter.active) query = query.where('w.status', 'in', ['open', 'acknowledged', 'in_progress']);
      const rows = await query.orderBy('w.due_date').orderBy('r.created_at').limit(1000).execute();
      return rows.map((row) => ({
        ...fromRow(row),
        ref: formatWorkItemId(Number(row.work_item_id)),
        title: row.title,
        status: row.status as WorkItemStatus,
        dueDate: row.due_date,
        urgency: urgencyOf(row.due_date, now),
      }));
    },
  };
}
