/**
 * The scanner test harness — one shape for every scanner, like typescript-eslint's RuleTester.
 *
 * Each case is a small sandbox world (a scenario) and what the scanner must report in it. The
 * harness starts the sandbox on that world with a fixed clock, runs the REAL scan engine with the
 * REAL AWS SDK clients against it, reads the occurrences back from a real (temporary SQLite)
 * store and compares them exactly. Every spec also runs {@link EMPTY_ACCOUNT} (an account with
 * nothing in it must yield nothing and be covered). It then checks the IAM actions the sandbox
 * saw: every case may only call declared `permissions`, and the cases together must call all of
 * them.
 *
 * @example
 *   testScanner(acmCertificateExpiry, {
 *     now: '2026-01-10T00:00:00Z',
 *     horizonDays: { 'acm-certificate-expiry': 60 },
 *     quiet: [{ name: 'a certificate expiring after the horizon', scenario: world({ ... }) }],
 *     found: [{ name: 'expires in 30 days', scenario: world({ ... }), expected: [{ ... }] }],
 *   });
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/core/types.js';
import { startSandbox } from '../../src/sandbox/index.js';
import type { ScenarioInput } from '../../src/sandbox/scenario.js';
import { runScan } from '../../src/scan/engine.js';
import type { CoverageEntry, ScanResult } from '../../src/scan/types.js';
import type { Scanner } from '../../src/scanners/types.js';
import { openStore } from '../../src/store/index.js';

export type { ScenarioInput } from '../../src/sandbox/scenario.js';

/** The management account of harness worlds (the caller's account when a case does not scan an org). */
export const TEST_ACCOUNT = '111111111111';
/** A second account, for multi-account cases (`org: true`). */
export const OTHER_ACCOUNT = '222222222222';

/**
 * A one-account world: this service data in us-east-1 (with optional sandbox knobs there) and this
 * AWS Health data (the version catalog lifecycle scanners read).
 */
export function oneAccountWorld(
  regionData: Record<string, unknown>,
  health: Record<string, unknown> = {},
  knobs?: Record<string, unknown>,
): ScenarioInput {
  return {
    accounts: [
      {
        id: TEST_ACCOUNT,
        regions: { 'us-east-1': { ...regionData, ...(knobs ? { knobs } : {}) } },
        global: { health },
      },
    ],
  } as ScenarioInput;
}

/**
 * The quiet case the harness runs for every scanner: one account with no data in any service.
 * Specs need not repeat it; they list the empty worlds that say more (other regions, sandbox
 * defaults replaced).
 */
export const EMPTY_ACCOUNT: ScannerCase = {
  name: 'an account with no resources (every scanner)',
  scenario: oneAccountWorld({}),
};

/** Actions the engine itself calls to find accounts and regions; they are not the scanner's. */
const ENGINE_ACTIONS = new Set([
  'ec2:DescribeRegions',
  'organizations:ListAccounts',
  'sts:AssumeRole',
  'sts:GetCallerIdentity',
]);

export interface ScannerCase {
  /** What the world is, in a few words: the test name. */
  name: string;
  /** The sandbox world (same format as data/scenarios/*.yaml). Keep it small and literal. */
  scenario: ScenarioInput;
  /** Regions to scan (default: us-east-1). Global scanners run in their global region regardless. */
  regions?: string[];
  /** Scan the organization's accounts through AssumeRole instead of the caller's account. */
  org?: boolean;
  /** Overrides of numeric settings for this case (`quotaUsageThreshold`...). */
  settings?: Record<string, number>;
  /**
   * Expected coverage (account, region, scanner, status), sorted as the harness sorts it.
   * Default: every entry `ok` — a quiet case must mean "looked and found nothing".
   */
  coverage?: Array<Pick<CoverageEntry, 'accountId' | 'region' | 'status'>>;
}

/** One expected occurrence, in full: the test fails on any difference. */
export interface ExpectedOccurrence {
  kind: string;
  accountId: string;
  region: string;
  resource: string;
  eventDate: string | null;
  evidence: JsonObject;
  /** Checked when given. */
  title?: string;
}

/**
 * An occurrence as a found case writes it: what it leaves out is filled in before comparing —
 * `kind`: the scanner's one event kind (required when it reports several); `accountId`:
 * {@link TEST_ACCOUNT}; `region`: `global` for a global scanner, else the one region the case scans
 * (required when it scans several).
 */
export interface ExpectedFinding extends Omit<ExpectedOccurrence, 'kind' | 'accountId' | 'region'> {
  kind?: string;
  accountId?: string;
  region?: string;
}

export interface FoundCase extends ScannerCase {
  expected: ExpectedFinding[];
}

export interface ScannerSpec {
  /** The fixed scan and sandbox clock, ISO-8601. Scenario dates like `30d` are relative to it. */
  now: string;
  /** Horizon per kind, pinned so cases don't move when the catalog is tuned. Default: the catalog's. */
  horizonDays?: Record<string, number>;
  /** Settings for every case (a case's `settings` override these). */
  settings?: Record<string, number>;
  /** Worlds in which the scanner must report nothing. */
  quiet: ScannerCase[];
  /** Worlds and exactly what the scanner must report in each. */
  found: FoundCase[];
}

/** What one case produced; exported for suites that want to assert more than the harness does. */
export interface CaseRun {
  result: ScanResult;
  /** The run's coverage entries, as the store kept them. */
  coverage: CoverageEntry[];
  occurrences: ExpectedOccurrence[];
  actions: string[];
  /** How many times the scanner called each action (`service:Action`), for specs of a gate. */
  callCounts: Record<string, number>;
}

/** Runs one case through the sandbox, the engine and a temporary store. */
export async function runCase(
  scanner: Scanner,
  spec: Omit<ScannerSpec, 'quiet' | 'found'>,
  c: ScannerCase,
): Promise<CaseRun> {
  const now = new Date(spec.now);
  const sandbox = await startSandbox({ scenario: c.scenario, now });
  const dir = mkdtempSync(join(tmpdir(), 'opsradar-scanner-'));
  const store = await openStore(join(dir, 'scan.sqlite'));
  try {
    const horizon = spec.horizonDays;
    const result = await runScan({
      store,
      scanners: [scanner],
      aws: {
        endpoint: sandbox.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIAOPSRADARTEST0001', secretAccessKey: 'harness-secret' },
        maxAttempts: 2,
      },
      regions: c.regions ?? ['us-east-1'],
      org: c.org ?? false,
      now,
      ...(horizon
        ? {
            horizonDays: (kind: string) => {
              const days = horizon[kind];
              if (days === undefined) throw new Error(`harness: no horizonDays for ${kind}`);
              return days;
            },
          }
        : {}),
      settings: { ...spec.settings, ...c.settings },
    });
    const coverage = await store.scanRuns.coverage(result.runId);
    const stored = await store.occurrences.list({ source: 'scanner' });
    const occurrences = stored.map((o) => ({
      kind: o.kind as string,
      accountId: o.accountId,
      region: o.region,
      resource: o.resource,
      eventDate: o.eventDate,
      evidence: o.evidence,
      ...(o.title ? { title: o.title } : {}),
    }));
    const callCounts: Record<string, number> = {};
    for (const call of sandbox.calls) {
      const action = `${call.service}:${call.action}`;
      if (!ENGINE_ACTIONS.has(action) || scanner.permissions.includes(action))
        callCounts[action] = (callCounts[action] ?? 0) + 1;
    }
    const actions = Object.keys(callCounts).sort();
    return { result, coverage, occurrences: sortOccurrences(occurrences), actions, callCounts };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    await sandbox.close();
  }
}

function sortOccurrences<T extends { accountId: string; region: string; resource: string; kind: string }>(
  items: T[],
): T[] {
  const key = (o: T) => `${o.accountId}\u0000${o.region}\u0000${o.resource}\u0000${o.kind}`;
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** The occurrence a case expects, with what it left out filled in (see {@link ExpectedFinding}). */
function completeFinding(scanner: Scanner, c: ScannerCase, o: ExpectedFinding): ExpectedOccurrence {
  const regions = c.regions ?? ['us-east-1'];
  const kind = o.kind ?? (scanner.eventKinds.length === 1 ? scanner.eventKinds[0] : undefined);
  const region =
    o.region ?? (scanner.scope === 'global' ? 'global' : regions.length === 1 ? regions[0] : undefined);
  if (kind === undefined) {
    throw new Error(
      `harness: ${scanner.id} reports several kinds; "${c.name}" must give each occurrence's kind`,
    );
  }
  if (region === undefined) {
    throw new Error(`harness: "${c.name}" scans several regions; it must give each occurrence's region`);
  }
  return { ...o, kind, accountId: o.accountId ?? TEST_ACCOUNT, region };
}

function coverageView(coverage: readonly CoverageEntry[]) {
  return coverage
    .map((e) => ({ accountId: e.accountId, region: e.region, status: e.status }))
    .sort((a, b) => `${a.accountId}/${a.region}`.localeCompare(`${b.accountId}/${b.region}`));
}

/**
 * Declares the vitest suite of a scanner: one test per case, then the permissions check.
 * Call it at the top level of `<id>.test.ts`.
 */
export function testScanner(scanner: Scanner, spec: ScannerSpec): void {
  const seen = new Set<string>();
  const declared = [...scanner.permissions].sort();
  const complete = (c: FoundCase) => c.expected.map((o) => completeFinding(scanner, c, o));

  const check = async (c: ScannerCase, expected: ExpectedOccurrence[]) => {
    // Act
    const run = await runCase(scanner, spec, c);
    for (const action of run.actions) seen.add(action);
    // Assess
    // Titles are compared when the case writes them out (all of them), else left aside.
    const withTitles = expected.length > 0 && expected.every((o) => o.title !== undefined);
    const strip = (o: ExpectedOccurrence) => {
      const { title, ...rest } = o;
      return withTitles ? { ...rest, title } : rest;
    };
    expect(run.occurrences.map(strip)).toEqual(sortOccurrences(expected).map(strip));
    if (c.coverage) {
      expect(coverageView(run.coverage)).toEqual(coverageView(c.coverage as CoverageEntry[]));
    } else {
      expect(
        run.coverage.filter((e) => e.status !== 'ok'),
        'every account and region must be covered (status ok)',
      ).toEqual([]);
      expect(run.result.status).toBe('complete');
    }
    const undeclared = run.actions.filter((a) => !scanner.permissions.includes(a));
    expect(undeclared, 'actions called but not declared in permissions').toEqual([]);
  };

  describe(`scanner ${scanner.id}`, () => {
    it('has at least one quiet and one found case', () => {
      expect(spec.quiet.length).toBeGreaterThan(0);
      expect(spec.found.length).toBeGreaterThan(0);
    });
    // Every scanner, before its own cases: an account with nothing in it yields nothing and is covered.
    it(`quiet: ${EMPTY_ACCOUNT.name}`, () => check(EMPTY_ACCOUNT, []));
    for (const c of spec.quiet) it(`quiet: ${c.name}`, () => check(c, []));
    for (const c of spec.found) it(`found: ${c.name}`, () => check(c, complete(c)));
    // Runs last (vitest runs a file's tests in order): the cases together exercise every permission.
    it('the cases call exactly the declared permissions', () => {
      expect([...seen].sort()).toEqual(declared);
    });
  });
}
