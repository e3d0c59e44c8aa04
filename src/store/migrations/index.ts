import * as store0001 from './0001_store.js';
import * as store0002 from './0002_work_items.js';
import * as mail0003 from './0003_mail.js';
import * as versionCatalog0006 from './0006_version_catalog.js';
import * as sessions0008 from './0008_sessions.js';
import * as notify0009 from './0009_notify_outbox.js';
import * as awsRequests0010 from './0010_aws_requests.js';
import * as scanHeartbeat0011 from './0011_scan_heartbeat.js';
import * as hotPaths0012 from './0012_hot_paths.js';
import type { StoreMigration } from './types.js';

/**
 * Every migration, in order. Slots: 0001 store, 0002 work items, 0003 email, 0004 health, 0006 version catalog.
 * Add yours in its slot; never rename or reorder one that has shipped.
 */
export const migrations: ReadonlyArray<readonly [name: string, migration: StoreMigration]> = [
  ['0001_store', store0001],
  ['0002_work_items', store0002],
  ['0003_mail', mail0003],
  ['0006_version_catalog', versionCatalog0006],
  ['0008_sessions', sessions0008],
  ['0009_notify_outbox', notify0009],
  ['0010_aws_requests', awsRequests0010],
  ['0011_scan_heartbeat', scanHeartbeat0011],
  ['0012_hot_paths', hotPaths0012],
];

export type { Dialect, MigrationDb, StoreMigration } from './types.js';
