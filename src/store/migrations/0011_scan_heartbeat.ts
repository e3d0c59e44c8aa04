import type { Dialect, MigrationDb } from './types.js';

/**
 * A scan run's last sign of life (coverage written as each account-region completes). A run still
 * `running` whose heartbeat is stale was left by a crashed process: the next start marks it `aborted`.
 */
export async function up(db: MigrationDb, dialect: Dialect): Promise<void> {
  await db.schema.alterTable('scan_runs').addColumn('heartbeat_at', 'text').execute();
  void dialect;
}
