import type { Dialect, MigrationDb } from './types.js';

/**
 * Requests to AWS (申請作業) planned or filed through opsradar: the policy and checklist as they
 * stood when the request was planned, what was asked of AWS, and AWS's answer so far. The work
 * item (dates, status, history) stays in `work_items`; this table holds what only a request has.
 */
export async function up(db: MigrationDb, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('aws_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('work_item_id', 'integer', (c) => c.notNull().references('work_items.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    // plan | quota | elb-capacity
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('planned_date', 'text')
    .addColumn('window_end', 'text')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('parameters', 'text', (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('aws_request_id', 'text')
    .addColumn('aws_status', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // One request of each operation per work item: planning it again updates it.
  await db.schema
    .createIndex('aws_requests_item_operation')
    .on('aws_requests')
    .columns(['work_item_id', 'operation'])
    .unique()
    .execute();
  await db.schema
    .createIndex('aws_requests_status')
    .on('aws_requests')
    .columns(['aws_status', 'updated_at'])
    .execute();
  void dialect;
}
