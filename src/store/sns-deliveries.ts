import type { Kysely } from 'kysely';
import { findRow } from './rows.js';
import type { Database } from './schema.js';

/**
 * SNS MessageIds already handled (migration 0008). SNS delivers at least once and retries for a while,
 * so the same MessageId can arrive again within the replay window; such a copy is acknowledged and
 * dropped. Rows older than the window are pruned: a message that old is refused by its timestamp.
 */
export interface SnsDeliveriesRepository {
  /** Whether this MessageId was handled. */
  seen(messageId: string): Promise<boolean>;
  /** Records a handled MessageId and prunes those received before `pruneBefore`. */
  remember(input: {
    messageId: string;
    topicArn: string;
    receivedAt: Date;
    pruneBefore: Date;
  }): Promise<void>;
}

export function snsDeliveriesRepository(db: Kysely<Database>): SnsDeliveriesRepository {
  return {
    async seen(messageId) {
      return (await findRow(db, 'sns_deliveries', { message_id: messageId })) !== undefined;
    },
    async remember({ messageId, topicArn, receivedAt, pruneBefore }) {
      await db.deleteFrom('sns_deliveries').where('received_at', '<', pruneBefore.toISOString()).execute();
      await db
        .insertInto('sns_deliveries')
        .values({ message_id: messageId, topic_arn: topicArn, received_at: receivedAt.toISOString() })
        .onConflict((oc) => oc.column('message_id').doNothing())
        .execute();
    },
  };
}
