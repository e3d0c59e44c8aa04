import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, type ScenarioInput, startSandbox } from '../src/sandbox/index.js';
import { countCoverage, runScan, ScanError } from '../src/scan/engine.js';
import type { CoverageEntry, ScanOptions } from '../src/scan/types.js';
import { acmCertificateExpiry } from '../src/scanners/acm/acm-certificate-expiry.js';
import { iamServerCertificateExpiry } from '../src/scanners/iam/iam-server-certificate-expiry.js';
import type { Store } from '../src/store/index.js';
import { storeTargets } from './support/stores.js';

const NOW = new Date('2026-03-01T00:00:00.000Z');
const MGMT = '100000000001';
const MEMBER = '100000000002';
const LOCKED = '100000000003';
const SUSPENDED = '100000000004';
const CREDENTIALS = { accessKeyId: 'AKIAENGINETEST000001', secretAccessKey: 'engine-test-secret' };

const cert = (id: string, notAfter: string) => ({ id, domain: `${id}.example.com`, notAfter });

/**
 * An organization: the management account, a member with certificates in two regions and an opt-in
 * region it enabled (ACM denied in eu-west-1), a member whose role cannot be assumed, and a
 * suspended account that must not be scanned.
 */
const org: ScenarioInput = {
  organization: { managementAccount: MGMT, regions: ['eu-west-1', 'us-east-1'], optInRegions: ['ap-east-1'] },
  accounts: [
    {
      id: MGMT,
      regions: { 'us-east-1': { acm: { certificates: [cert('mgmt-soon', '2026-03-15T00:00:00Z')] } } },
      global: { iam: { serverCertificates: [{ name: 'legacy', expiration: '2026-03-20T00:00:00Z' }] } },
    },
    {
      id: MEMBER,
      optInRegions: { 'ap-east-1': 'ENABLED' },
      regions: {
        'us-east-1': {
          acm: {
            certificates: [
              cert('member-soon', '2026-03-10T00:00:00Z'),
              cert('member-late', '2027-01-01T00:00:00Z'),
            ],
          },
        },
        'ap-east-1': { acm: { certificates: [cert('member-hk', '2026-04-01T00:00:00Z')] } },
        'eu-west-1': { knobs: { services: { acm: { deny: true } } } },
      },
    },
    { id: LOCKED, assumeRole: { deny: true } },
    { id: SUSPENDED, status: 'SUSPENDED' },
  ],
} as ScenarioInput;

const horizonDays = () => 60;
type Place = Pick<CoverageEntry, 'accountId' | 'region' | 'scanner'>;
const byPlace = (a: Place, b: Place) =>
  `${a.accountId}/${a.region}/${a.scanner}`.localeCompare(`${b.accountId}/${b.region}/${b.scanner}`);

function scanOptions(sandbox: Sandbox, store: Store, extra: Partial<ScanOptions> = {}): ScanOptions {
  return {
    store,
    aws: { endpoint: sandbox.url, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 3 },
    scanners: [acmCertificateExpiry, iamServerCertificateExpiry],
    now: NOW,
    horizonDays,
    ...extra,
  };
}

describe.each(storeTargets())('runScan on $name', ({ open }) => {
  let sandbox: Sandbox;
  let store: Store;

  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: org, now: NOW });
    store = await open();
  });
  afterAll(async () => {
    await store?.close();
    await sandbox?.close();
  });

  it('scans every active account and enabled region of the organization and reports what it could not see', async () => {
    // Act
    const result = await runScan(scanOptions(sandbox, store, { org: true }));

    // Assess
    expect(result.status).toBe('partial');
    expect((await store.scanRuns.coverage(result.runId)).map(({ calls, ...c }) => c).sort(byPlace)).toEqual(
      [
        {
          accountId: LOCKED,
          region: '*',
          scanner: '*',
          status: 'denied',
          reason: expect.stringContaining('AssumeRole'),
        },
        { accountId: MGMT, region: 'eu-west-1', scanner: 'acm-certificate-expiry', status: 'ok' },
        { accountId: MGMT, region: 'global', scanner: 'iam-server-certificate-expiry', status: 'ok' },
        { accountId: MGMT, region: 'us-east-1', scanner: 'acm-certificate-expiry', status: 'ok' },
        { accountId: MEMBER, region: 'ap-east-1', scanner: 'acm-certificate-expiry', status: 'ok' },
        {
          accountId: MEMBER,
          region: 'eu-west-1',
          scanner: 'acm-certificate-expiry',
          status: 'denied',
          reason: expect.stringContaining('AccessDenied'),
        },
        { accountId: MEMBER, region: 'global', scanner: 'iam-server-certificate-expiry', status: 'ok' },
        { accountId: MEMBER, region: 'us-east-1', scanner: 'acm-certificate-expiry', status: 'ok' },
      ].sort(byPlace),
    );
    const stored = await store.occurrences.list({ source: 'scanner' });
    expect(
      stored.map((o) => [o.accountId, o.region, o.resource.split('/').pop(), o.sourceRef]).sort(),
    ).toEqual(
      [
        [MEMBER, 'ap-east-1', 'member-hk', 'scanner:acm-certificate-expiry:acm-certificate-expiry'],
        [MEMBER, 'us-east-1', 'member-soon', 'scanner:acm-certificate-expiry:acm-certificate-expiry'],
        [MGMT, 'global', 'legacy', 'scanner:iam-server-certificate-expiry:iam-server-certificate-expiry'],
        [MGMT, 'us-east-1', 'mgmt-soon', 'scanner:acm-certificate-expiry:acm-certificate-expiry'],
      ].sort(),
    );
    expect(stored.every((o) => o.lastScanRunId === result.runId && o.observedAt === NOW.toISOString())).toBe(
      true,
    );
    const run = await store.scanRuns.latest('scan');
    expect(run?.id).toBe(result.runId);
    expect(run?.status).toBe('partial');
    // The result counts what the store holds, and lists the entries that were denied or failed.
    const entries = await store.scanRuns.coverage(result.runId);
    const place = (c: CoverageEntry) => `${c.accountId}/${c.region}/${c.scanner}`;
    expect(result.coverage.counts).toEqual(countCoverage(entries));
    expect(result.coverage.problems.map(place).sort()).toEqual(
      entries
        .filter((c) => c.status === 'denied' || c.status === 'failed')
        .map(place)
        .sort(),
    );
    // The suspended account was never entered.
    expect(sandbox.calls.some((c) => c.accountId === SUSPENDED)).toBe(false);
  });

  it('is idempotent: a second scan updates the same occurrences instead of adding rows', async () => {
    // Prepare
    const before = await store.occurrences.list({ source: 'scanner' });
    // Act
    const second = await runScan(scanOptions(sandbox, store, { org: true }));
    // Assess
    const after = await store.occurrences.list({ source: 'scanner' });
    expect(after.map((o) => o.id).sort()).toEqual(before.map((o) => o.id).sort());
    expect(after.every((o) => o.lastScanRunId === second.runId)).toBe(true);
  });

  it('filters accounts and regions, and skips a requested region the account has not enabled', async () => {
    // Act
    const result = await runScan(
      scanOptions(sandbox, store, {
        org: true,
        excludeAccounts: [LOCKED],
        accounts: [MGMT, MEMBER, LOCKED],
        regions: ['ap-east-1'],
        scanners: [acmCertificateExpiry],
      }),
    );
    // Assess
    expect(result.status).toBe('complete');
    expect((await store.scanRuns.coverage(result.runId)).map(({ calls, ...c }) => c).sort(byPlace)).toEqual(
      [
        {
          accountId: MGMT,
          region: 'ap-east-1',
          scanner: 'acm-certificate-expiry',
          status: 'skipped',
          reason: 'region not enabled for this account',
        },
        { accountId: MEMBER, region: 'ap-east-1', scanner: 'acm-certificate-expiry', status: 'ok' },
      ].sort(byPlace),
    );
  });

  it('fails clearly, and records the failed run, when the caller cannot be identified', async () => {
    // Prepare
    const denied = await startSandbox({
      scenario: org,
      now: NOW,
      knobs: { services: { sts: { deny: true } } },
    });
    try {
      // Act
      const error = await runScan(scanOptions(denied, store)).catch((e: unknown) => e);
      // Assess
      expect(error).toBeInstanceOf(ScanError);
      expect((error as ScanError).message).toMatch(/GetCallerIdentity/);
      expect((await store.scanRuns.get((error as ScanError).runId as string))?.status).toBe('failed');
    } finally {
      await denied.close();
    }
  });
});

describe('runScan under throttling and errors', () => {
  const many = Array.from({ length: 12 }, (_, i) =>
    cert(`c${String(i).padStart(2, '0')}`, '2026-03-20T00:00:00Z'),
  );
  const world: ScenarioInput = {
    organization: { managementAccount: MGMT, regions: ['us-east-1'] },
    accounts: [{ id: MGMT, regions: { 'us-east-1': { acm: { certificates: many } } } }],
  } as ScenarioInput;
  const sqlite = storeTargets().find((t) => t.name === 'sqlite') as ReturnType<typeof storeTargets>[number];

  it('retries throttled calls with backoff, and its own pacing keeps AWS from throttling at all', async () => {
    // Prepare: the endpoint allows 4 calls a second per account, region and action (burst 2).
    const knobs = { rateLimit: { rate: 4, burst: 2 } };
    const sandbox = await startSandbox({ scenario: world, now: NOW, knobs });
    const store = await sqlite.open();
    try {
      // Act: first without client-side pacing, then pacing a little under the endpoint's rate (at exactly
      // its rate, jitter on the wire can bring two paced calls closer together than the endpoint allows).
      const unpaced = await runScan(
        scanOptions(sandbox, store, {
          scanners: [acmCertificateExpiry],
          regions: ['us-east-1'],
          rates: false,
          aws: { endpoint: sandbox.url, credentials: CREDENTIALS, maxAttempts: 8 },
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const paced = await runScan(
        scanOptions(sandbox, store, {
          scanners: [acmCertificateExpiry],
          regions: ['us-east-1'],
          rates: { '*': { perSecond: 3, burst: 1 } },
          aws: { endpoint: sandbox.url, credentials: CREDENTIALS, maxAttempts: 8 },
        }),
      );
      // Assess
      expect(unpaced.status).toBe('complete');
      expect(unpaced.stats.throttled).toBeGreaterThan(0);
      expect(unpaced.stats.occurrences).toBe(12);
      expect(paced.status).toBe('complete');
      expect(paced.stats.throttled).toBe(0);
      expect(paced.stats.occurrences).toBe(12);
    } finally {
      await store.close();
      await sandbox.close();
    }
  });

  it('records a scanner that keeps failing as "failed" with the reason, and the rest of the scan goes on', async () => {
    // Prepare
    const failing: ScenarioInput = {
      ...world,
      accounts: [
        {
          id: MGMT,
          regions: {
            'us-east-1': {
              knobs: {
                services: { acm: { errors: [{ code: 'InternalFailure', status: 500, message: 'boom' }] } },
              },
            },
          },
          global: { iam: { serverCertificates: [{ name: 'legacy', expiration: '2026-03-20T00:00:00Z' }] } },
        },
      ],
    } as ScenarioInput;
    const sandbox = await startSandbox({ scenario: failing, now: NOW });
    const store = await sqlite.open();
    try {
      // Act
      const result = await runScan(scanOptions(sandbox, store, { regions: ['us-east-1'] }));
      // Assess
      expect(result.status).toBe('partial');
      const coverage = await store.scanRuns.coverage(result.runId);
      const acm = coverage.find((c) => c.scanner === 'acm-certificate-expiry');
      expect(acm).toMatchObject({
        status: 'failed',
        reason: expect.stringContaining('InternalFailure'),
        calls: 1,
      });
      // One request by the scanner, retried by the SDK until maxAttempts (3) ran out.
      expect(sandbox.calls.filter((c) => c.service === 'acm').length).toBe(3);
      expect(coverage.find((c) => c.scanner === 'iam-server-certificate-expiry')?.status).toBe('ok');
      expect(result.stats.occurrences).toBe(1);
    } finally {
      await store.close();
      await sandbox.close();
    }
  });
});
