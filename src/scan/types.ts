import type { AwsOptions, AwsSession } from '../aws/clients.js';
import type { JsonObject, Occurrence } from '../core/types.js';
import type { Scanner } from '../scanners/types.js';
import type { CoverageEntry, Store } from '../store/index.js';
import type { Rate } from './limits.js';

export type { CoverageEntry } from '../store/index.js';

/** The part of the store a scan writes to. */
export type ScanStore = Pick<Store, 'occurrences' | 'scanRuns'> & Partial<Pick<Store, 'versionCatalog'>>;

export interface ScanOptions {
  store: ScanStore;
  /** Credentials, endpoint, retries. Ignored when `session` is given. */
  aws?: AwsOptions;
  /** A session to reuse (benchmarks); the scan then leaves it open. */
  session?: AwsSession;
  /** Scan every ACTIVE account of the organization (Organizations ListAccounts). */
  org?: boolean;
  /** Role assumed in member accounts (default OrganizationAccountAccessRole). */
  roleName?: string;
  externalId?: string;
  /** Only these account ids (without --org: these accounts, through the role). */
  accounts?: readonly string[];
  excludeAccounts?: readonly string[];
  /** Only these regions (each still checked against the account's enabled regions). */
  regions?: readonly string[];
  /** Scanners to run (default: the registry). */
  scanners?: readonly Scanner[];
  /** Most scanner tasks in flight across the scan (default 256); the scan sizes the limit to the latency below it. */
  concurrency?: number;
  /** Most scanner tasks in flight per account and region (default 4), halved while AWS throttles it. */
  regionConcurrency?: number;
  /** Accounts in flight (default: enough to keep `concurrency` busy). Bounds memory. */
  accountConcurrency?: number;
  /** Client-side pacing per account, region and service; `false` turns it off. */
  rates?: Readonly<Record<string, Rate>> | false;
  /** The scan clock (default: now). Scanners see it as `ctx.now`; occurrences carry it as observedAt. */
  now?: Date;
  /** Days ahead to report per catalog kind (default: the catalog's horizonDays). */
  horizonDays?: (kind: string) => number;
  /** Numeric settings handed to scanners (`quotaUsageThreshold`...). */
  settings?: Readonly<Record<string, number>>;
  /** Occurrences written to the store per batch (default 200). */
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ScanProgress) => void;
  /** Sees every batch of occurrences as it is stored (for `--format json`). */
  onOccurrences?: (batch: readonly Occurrence[]) => void;
  /** Recorded with the run (what the user asked for). */
  parameters?: JsonObject;
}

export interface ScanProgress {
  accountsTotal: number;
  accountsDone: number;
  tasksDone: number;
  /** Tasks known so far (grows as accounts' regions are discovered). */
  tasksKnown: number;
  occurrences: number;
  calls: number;
}

export interface ScanStats {
  accounts: number;
  tasks: number;
  occurrences: number;
  /** HTTP attempts, retries included. */
  calls: number;
  /** Attempts AWS answered with a throttling error. */
  throttled: number;
  durationMs: number;
}

export type CoverageCounts = Record<CoverageEntry['status'], number>;

/** What a scan's coverage says, kept small so memory stays flat however many accounts are scanned. */
export interface CoverageSummary {
  counts: CoverageCounts;
  /** Counts per scanner id ('*' for entries about a whole account). */
  byScanner: Record<string, CoverageCounts>;
  /** The denied and failed entries, in the order they happened. */
  problems: CoverageEntry[];
}

export interface ScanResult {
  runId: string;
  status: 'complete' | 'partial' | 'failed';
  startedAt: string;
  finishedAt: string;
  /** Counts only: the entries themselves are in the store (`scanRuns.coverage(runId)`). */
  coverage: CoverageSummary;
  stats: ScanStats;
  summary: JsonObject;
}
