import type { Generated } from 'kysely';

/**
 * Table types for Kysely. Columns are snake_case; times are UTC ISO-8601 text, JSON is text,
 * booleans are 0/1 integers, so that one set of queries runs on SQLite and PostgreSQL alike.
 */
export interface OccurrencesTable {
  id: string;
  kind: string | null;
  account_id: string;
  region: string;
  resource: string;
  event_date: string | null;
  event_end_date: string | null;
  source: string;
  source_ref: string;
  title: string | null;
  source_status: string | null;
  /** JSON object. */
  evidence: string;
  verified: number;
  observed_at: string;
  first_seen_at: string;
  last_seen_at: string;
  /** When the content (not just the sighting time) last changed: what reopening looks at. */
  changed_at: string;
  last_scan_run_id: string | null;
}

export interface ScanRunsTable {
  id: string;
  kind: string;
  /** running | complete | partial | failed | aborted */
  status: string;
  started_at: string;
  finished_at: string | null;
  /** Last coverage write of a running scan (migration 0011); stale means its process died. */
  heartbeat_at?: string | null;
  /** JSON object. */
  parameters: string;
  /** JSON object. */
  summary: string | null;
}

export interface ScanCoverageTable {
  scan_run_id: string;
  account_id: string;
  region: string;
  scanner: string;
  status: string;
  reason: string | null;
  calls: number | null;
  /** JSON array of strings (migration 0006). */
  notes: string | null;
}

export interface CursorsTable {
  name: string;
  value: string;
  updated_at: string;
}

export interface WorkItemsTable {
  id: Generated<number>;
  correlation_key: string;
  kind: string;
  category: string;
  service: string;
  account_id: string;
  region: string;
  resource: string;
  title: string;
  event_date: string | null;
  due_date: string | null;
  status: string;
  owner: string | null;
  team: string | null;
  /** The reason given for won't do, or the evidence of an automatic resolution. */
  resolution: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export interface WorkItemOccurrencesTable {
  work_item_id: number;
  occurrence_id: string;
  linked_at: string;
}

export interface WorkItemHistoryTable {
  id: Generated<number>;
  work_item_id: number;
  at: string;
  actor: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  /** viewer | operator | admin */
  role: string;
  /** Hex SHA-256 of the token; the token itself is never stored. */
  token_hash: string;
  /** api | feed (the calendar feed only). */
  kind: Generated<string>;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** AWS Health's version catalog as last read per account and service (migration 0006). */
export interface VersionCatalogTable {
  account_id: string;
  service: string;
  retrieved_at: string;
  /** JSON array of VersionCatalogEntry. */
  entries: string;
}

/** A request to AWS planned or filed through opsradar (申請作業); its work item holds dates and status. */
export interface AwsRequestsTable {
  id: string;
  work_item_id: number;
  kind: string;
  /** plan | quota | elb-capacity */
  operation: string;
  planned_date: string | null;
  window_end: string | null;
  account_id: string;
  region: string;
  resource: string;
  /** JSON object: what was asked (service/quota code and value, load balancer and LCUs...). */
  parameters: string;
  /** JSON object: the policy summary, sources and checklist as they stood when planned. */
  policy: string;
  aws_request_id: string | null;
  aws_status: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  /** Hex SHA-256 of the session id in the browser's cookie. */
  id_hash: string;
  token_id: string | null;
  role: string;
  actor: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface SnsDeliveriesTable {
  message_id: string;
  topic_arn: string;
  received_at: string;
}

/** Mail that could not become occurrences, kept whole (migration 0003). */
export interface MailQuarantineTable {
  id: string;
  /** SHA-256 of the raw bytes: the same bad message read twice is one row. */
  content_sha256: string;
  message_id: string | null;
  subject: string | null;
  from_address: string | null;
  origin: string;
  reason_code: string;
  /** JSON object. */
  reason_detail: string;
  raw: Buffer;
  size: number;
  /** quarantined | released */
  status: string;
  attempts: number;
  quarantined_at: string;
  last_attempt_at: string;
  released_at: string | null;
  released_kind: string | null;
}

export interface NotifyOutboxTable {
  id: string;
  /** Item + reminder/digest + channel: one row per message that must be sent once. */
  idempotency_key: string;
  channel: string;
  /** announce | reminder | digest | escalation | test */
  purpose: string;
  work_item_id: number | null;
  /** JSON: the channel-neutral message (src/notify/message.ts), rendered per channel at send time. */
  payload: string;
  /** pending | sending | sent | dead */
  status: string;
  attempts: number;
  not_before: string;
  lease_until: string | null;
  last_error: string | null;
  /** JSON array of delivered parts. */
  parts_done: string;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

export interface Database {
  occurrences: OccurrencesTable;
  scan_runs: ScanRunsTable;
  scan_coverage: ScanCoverageTable;
  cursors: CursorsTable;
  work_items: WorkItemsTable;
  work_item_occurrences: WorkItemOccurrencesTable;
  work_item_history: WorkItemHistoryTable;
  api_tokens: ApiTokensTable;
  version_catalog: VersionCatalogTable;
  aws_requests: AwsRequestsTable;
  sessions: SessionsTable;
  sns_deliveries: SnsDeliveriesTable;
  mail_quarantine: MailQuarantineTable;
  notify_outbox: NotifyOutboxTable;
}
