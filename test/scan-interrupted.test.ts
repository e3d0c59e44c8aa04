import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, type ScenarioInput, startSandbox } from '../src/sandbox/index.js';
import { runScan } from '../src/scan/engine.js';
import type { ScanOptions } from '../src/scan/types.js';
import { acmCertificateExpiry } from '../src/scanners/acm/acm-certificate-expiry.js';
import type { Store } from '../src/store/index.js';
import { storeTargets } from './support/stores.js';

const NOW = new Date('2026-03-01T00:00:00.000Z');
const MGMT = '100000000001';
const MEMBER = '100000000002';
const CREDENTIALS = { accessKeyId: 'AKIAINTERRUPTTEST001', secretAccessKey: 'interrupt-test-secret' };
const cert = (id: string) => ({ id, domain: `${id}.example.com`, notAfter: '2026-03-15T00:00:00Z' });

const org = {
  organization: { managementAccount: MGMT, regions: ['eu-west-1', 'us-east-1'] },
  accounts: [
    { id: MGMT, regions: { 'us-east-1': { acm: { certificates: [cert('mgmt')] } } } },
    { id: MEMBER, regions: { 'eu-west-1': { acm: { certificates: [cert('member')] } } } },
  ],
} as ScenarioInput;

describe.each(storeTargets())('an interrupted scan on $name', ({ open }) => {
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

  const options = (s: Store, now: Date): ScanOptions => ({
    store: s,
    aws: { endpoint: sandbox.url, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 3 },
    scanners: [acmCertificateExpiry],
    org: true,
    now,
    horizonDays: () => 60,
  });

  it('keeps the coverage written per account-region, and the next start marks it aborted once stale', async () => {
    // Arrange: the process "dies" when it would record the end of the run.
    const written: string[] = [];
    const crashing: Store = {
      ...store,
      scanRuns: {
        ...store.scanRuns,
        recordCoverage: async (id, coverage, at) => {
          written.push(...coverage.map((c) => `${c.accountId}/${c.region}`));
          await store.scanRuns.recordCoverage(id, coverage, at);
        },
        finish: () => Promise.reject(new Error('process killed')),
      },
    };

    // Act
    await expect(runScan(options(crashing, NOW))).rejects.toThrow('process killed');
    const crashed = await store.scanRuns.latest('scan');

    // Assess: coverage reached the store account-region by account-region, before the end.
    expect(crashed?.status).toBe('running');
    expect(written.sort()).toEqual([
      `${MGMT}/eu-west-1`,
      `${MGMT}/us-east-1`,
      `${MEMBER}/eu-west-1`,
      `${MEMBER}/us-east-1`,
    ]);
    const kept = await store.scanRuns.coverage(crashed?.id ?? '');
    expect(kept.map((c) => `${c.accountId}/${c.region}/${c.status}`).sort()).toEqual([
      `${MGMT}/eu-west-1/ok`,
      `${MGMT}/us-east-1/ok`,
      `${MEMBER}/eu-west-1/ok`,
      `${MEMBER}/us-east-1/ok`,
    ]);

    // A scan started while the crashed one's heartbeat is fresh could be a live concurrent scan: left alone.
    await runScan(options(store, new Date(NOW.getTime() + 60_000)));
    expect((await store.scanRuns.get(crashed?.id ?? ''))?.status).toBe('running');

    // Once stale, the next start marks it aborted, and it resolves nothing.
    const next = await runScan(options(store, new Date(NOW.getTime() + 60 * 60_000)));
    expect(next.status).toBe('complete');
    const aborted = await store.scanRuns.get(crashed?.id ?? '');
    expect(aborted?.status).toBe('aborted');
    expect((await store.workItems.resolveUnseen(crashed?.id ?? '')).resolved).toEqual([]);
  });
});
