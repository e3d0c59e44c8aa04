import type { AwsClientClass } from '../aws/client-class.js';
import type { JsonObject, Localized } from '../core/types.js';
import type { VersionCatalogAnswer } from '../core/version-catalog.js';

export type { AwsClientClass } from '../aws/client-class.js';

/** What the scan engine hands a scanner for one account and region. */
export interface ScanContext {
  readonly accountId: string;
  readonly region: string;
  /** An SDK client for this account and region, created once and reused (credentials, endpoint, retries set). */
  client<T>(clientClass: AwsClientClass<T>): T;
  /** The scan's clock: scanners never read Date.now(). */
  readonly now: Date;
  /** How far ahead (days) to report future dates of a catalog kind (catalog horizonDays, overridable in config). */
  horizonDays(kind: string): number;
  /** A numeric setting from the user's config with the scanner's default (thresholds live here, not in code). */
  setting(key: string, fallback: number): number;
  readonly signal: AbortSignal;
  /**
   * AWS Health's version catalog for one service as Health names it (`LAMBDA`, `RDS`, `EKS`,
   * `ELASTICACHE`...): read once per account and cached with its retrieval time. `available: false`
   * (no support plan: SubscriptionRequiredException, or the call refused) means "use the tables";
   * the engine notes that in coverage. Never throws. Declare `health:DescribeServiceLifecycle`.
   */
  versionCatalog(service: string): Promise<VersionCatalogAnswer>;
  /**
   * Runs an optional enrichment call. When AWS refuses it (AccessDenied...) or does not implement
   * it, coverage notes it as missing and `undefined` comes back, so the scanner still reports what
   * its required calls show. Other errors fail the scanner as usual.
   */
  optional<T>(label: string, call: () => Promise<T>): Promise<T | undefined>;
  /** Adds a note to this task's coverage: what the findings lack, and why. */
  note(text: string): void;
  /**
   * A value computed once per account-region and shared by the scanners running there (a listing
   * several of them read, see shared.ts): the first caller's `load` runs, later callers get its
   * answer or its error. `key` names the call (`ec2:DescribeInstances`).
   */
  shared<T>(key: string, load: () => Promise<T>): Promise<T>;
  /**
   * Whether AWS offers a service (IAM prefix: `memorydb`, `ses`) in this region, from AWS's
   * endpoint data (data/service-regions.yaml). A scanner that looks at several services skips the
   * calls of one that is not offered; a scanner of one service is not even started there.
   */
  offered(service: string): boolean;
}

/** A fact a scanner reports: no severity, no due date — those are decided downstream from the catalog. */
export interface Finding {
  /** Catalog id; must be one of the scanner's `eventKinds`. */
  kind: string;
  /** ARN when the resource has one, else its id. */
  resource: string;
  /** The date that matters (expiry, deadline, end of support), UTC ISO-8601, or null when there is none. */
  eventDate: string | null;
  /** End of a window, when the event has one. */
  eventEndDate?: string | null;
  /** Short English title of the fact (shown with the localized catalog title). */
  title: string;
  /** Region to record when it differs from the scanned one (global resources). */
  region?: string;
  evidence: JsonObject;
}

export interface Scanner {
  /** Equal to the file name: `acm-certificate-expiry.ts` has id `acm-certificate-expiry`. */
  readonly id: string;
  /** Catalog ids this scanner reports. */
  readonly eventKinds: readonly string[];
  /** `regional`: every enabled region; `global`: once per account, in `globalRegion`. */
  readonly scope: 'regional' | 'global';
  readonly globalRegion?: string;
  /** IAM actions the scanner calls; the least-privilege policy is generated from these. */
  readonly permissions: readonly string[];
  readonly summary: Localized;
  scan(ctx: ScanContext): AsyncGenerator<Finding, void, undefined>;
}
