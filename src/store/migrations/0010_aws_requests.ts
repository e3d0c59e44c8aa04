import { addIndex, belongsTo, createdUpdated, optionalText, text, textKey } from './columns.js';
import type { Dialect, MigrationDb } from './types.js';

/**
 * Requests to AWS (申請作業) planned or filed through opsradar: the policy and checklist as they
 * stood when the request was planned, what was asked of AWS, and AWS's answer so far. The work
 * item (dates, status, history) stays in `work_items`; this table holds what only a request has.
 */
export async function up(db: MigrationDb, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('aws_requests')
    .$call(textKey('id'))
    .$call(belongsTo('work_item_id', 'integer', 'work_items.id'))
    // operation: plan | quota | elb-capacity
    .$call(text('kind', 'operation'))
    .$call(optionalText('planned_date', 'window_end'))
    .$call(text('account_id', 'region', 'resource', 'parameters', 'policy'))
    .$call(optionalText('aws_request_id', 'aws_status'))
    .$call(createdUpdated)
    .execute();
  // One request of each operation per work item: planning it again updates it.
  await addIndex(db, 'aws_requests', 'aws_requests_item_operation', ['work_item_id', 'operation'], {
    unique: true,
  });
  await addIndex(db, 'aws_requests', 'aws_requests_status', ['aws_status', 'updated_at']);
}
