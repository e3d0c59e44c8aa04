import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AwsSession } from '../src/aws/clients.js';
import { coverageFor } from '../src/core/coverage.js';
import { type ScenarioInput, startSandbox } from '../src/sandbox/index.js';
import { runScan } from '../src/scan/engine.js';
import type { ScanOptions } from '../src/scan/types.js';
import { amiRelease } from '../src/scanners/ec2/ami-release.js';
import { ec2ScheduledEvent } from '../src/scanners/ec2/ec2-scheduled-event.js';
import { osEndOfSupport } from '../src/scanners/ec2/os-end-of-support.js';
import { rdsCaCertificateExpiry } from '../src/scanners/rds/rds-ca-certificate-expiry.js';
import { rdsEngineEndOfSupport } from '../src/scanners/rds/rds-engine-end-of-support.js';
import { rdsPendingMaintenance } from '../src/scanners/rds/rds-pending-maintenance.js';
import { reservationExpiry } from '../src/scanners/reservations/reservation-expiry.js';
import { sesEnforcement } from '../src/scanners/ses/ses-enforcement.js';
import type { Scanner } from '../src/scanners/types.js';
import { openStore } from '../src/store/index.js';

const NOW = new Date('2026-03-01T00:00:00.000Z');
const ACCOUNT = '100000000001';
const CREDENTIALS = { accessKeyId: 'AKIAENGINETEST000001', secretAccessKey: 'engine-test-secret' };
const SCANNERS = [
  amiRelease,
  ec2ScheduledEvent,
  osEndOfSupport,
  rdsCaCertificateExpiry,
  rdsEngineEndOfSupport,
  rdsPendingMaintenance,
];

/** Instances and a database in us-east-1, each with something to report; eu-west-1 is empty. */
const world: ScenarioInput = {
  organization: { managementAccount: ACCOUNT, regions: ['eu-west-1', 'us-east-1'], optInRegions: [] },
  accounts: [
    {
      id: ACCOUNT,
      regions: {
        'us-east-1': {
          ec2: {
            instances: [
              { id: 'i-0a1b2c3d4e5f60001', type: 'm6i.large', zone: 'a', imageId: 'ami-0bbbbbbbbbbbbb001' },
            ],
          },
          ec2images: {
            images: [
              {
                id: 'ami-0bbbbbbbbbbbbb001',
                name: 'amzn2-ami-hvm-2.0.20240109.0-x86_64-gp2',
                description: 'Amazon Linux 2 AMI 2.0.20240109.0 x86_64 HVM gp2',
                createdAt: '2024-01-10T00:00:00Z',
              },
            ],
          },
          ec2events: {
            events: [
              { instanceId: 'i-0a1b2c3d4e5f60001', code: 'instance-stop', notBefore: '2026-03-05T00:00:00Z' },
            ],
          },
          rds: {
            dbInstances: [
              {
                id: 'orders',
                pendingMaintenance: [{ action: 'os-upgrade', forcedApply: '2026-03-20T00:00:00Z' }],
              },
            ],
          },
        },
      },
    },
  ],
} as ScenarioInput;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Scans a world with these scanners; returns the findings and the calls the sandbox saw. */
async function scan(scanners: readonly Scanner[], scenario: ScenarioInput = world) {
  const sandbox = await startSandbox({ scenario, now: NOW });
  const dir = mkdtempSync(join(tmpdir(), 'opsradar-scan-calls-'));
  dirs.push(dir);
  const store = await openStore(join(dir, 'scan.sqlite'));
  try {
    const result = await runScan({
      store,
      scanners,
      aws: { endpoint: sandbox.url, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 2 },
      now: NOW,
      horizonDays: () => 365,
    });
    const found = (await store.occurrences.list({ source: 'scanner' }))
      .map((o) => `${o.kind} ${o.region} ${o.resource} ${o.eventDate} ${JSON.stringify(o.evidence)}`)
      .sort();
    const calls = sandbox.calls.map((c) => `${c.region} ${c.service}:${c.action}`);
    const entries = await store.scanRuns.coverage(result.runId);
    const coverage = entries.map((c) => `${c.region} ${c.scanner} ${c.status}`).sort();
    return { result, found, calls, coverage, entries };
  } finally {
    await store.close();
    await sandbox.close();
  }
}

const count = (calls: string[], call: string) => calls.filter((c) => c === call).length;

describe('calls shared by the scanners of an account-region', () => {
  it('lists instances, their AMIs and DB instances once per account-region, and reports what each scanner reports alone', async () => {
    const together = await scan(SCANNERS);
    const alone: string[] = [];
    for (const scanner of SCANNERS) alone.push(...(await scan([scanner])).found);

    expect(together.result.status).toBe('complete');
    expect(together.found).toEqual(alone.sort());
    expect(together.found.map((f) => f.split(' ')[0])).toEqual(
      expect.arrayContaining(['ec2-scheduled-event', 'os-end-of-support', 'rds-pending-maintenance']),
    );
    for (const region of ['us-east-1', 'eu-west-1']) {
      expect(count(together.calls, `${region} ec2:DescribeInstances`)).toBe(1);
      expect(count(together.calls, `${region} rds:DescribeDBInstances`)).toBe(1);
      expect(count(together.calls, `${region} rds:DescribeDBClusters`)).toBe(1);
    }
    // The instances' AMIs are read once for ami-release and os-end-of-support, and not where nothing runs.
    expect(count(together.calls, 'us-east-1 ec2:DescribeImages')).toBe(1);
    expect(count(together.calls, 'eu-west-1 ec2:DescribeImages')).toBe(0);
    // Gated: nothing to ask about where there are no instances and no databases.
    expect(count(together.calls, 'eu-west-1 ec2:DescribeInstanceStatus')).toBe(0);
    expect(count(together.calls, 'eu-west-1 rds:DescribePendingMaintenanceActions')).toBe(0);
    expect(count(together.calls, 'us-east-1 ec2:DescribeInstanceStatus')).toBe(1);
  });
});

describe('services AWS does not offer in a region', () => {
  /** ap-southeast-7 (Thailand): AWS's endpoint data lists neither SES nor MemoryDB there. */
  const thailand: ScenarioInput = {
    organization: { managementAccount: ACCOUNT, regions: ['ap-southeast-7', 'us-east-1'], optInRegions: [] },
    accounts: [
      {
        id: ACCOUNT,
        regions: {
          'ap-southeast-7': {
            ec2: {
              instances: [{ id: 'i-0a1b2c3d4e5f6thai', type: 'm6i.large', zone: 'a' }],
              reservedInstances: [{ id: 'ri-thai', end: '2026-04-01T00:00:00Z' }],
            },
          },
        },
      },
    ],
  } as ScenarioInput;

  it('are skipped without a call, as "unsupported" coverage, and the run is still complete', async () => {
    const run = await scan([sesEnforcement, reservationExpiry], thailand);
    expect(run.result.status).toBe('complete');
    expect(run.coverage).toEqual([
      'ap-southeast-7 reservation-expiry ok',
      'ap-southeast-7 ses-enforcement unsupported',
      'us-east-1 reservation-expiry ok',
      'us-east-1 ses-enforcement ok',
    ]);
    const reason = run.entries.find((c) => c.scanner === 'ses-enforcement' && c.status === 'unsupported');
    expect(reason?.reason).toMatch(/^ses is not offered in ap-southeast-7 \(AWS endpoint data https:/);
    expect(run.calls.filter((c) => c.startsWith('ap-southeast-7 ses:'))).toEqual([]);
    expect(run.calls.filter((c) => c.startsWith('ap-southeast-7 memorydb:'))).toEqual([]);
    // MemoryDB is offered in us-east-1: its clusters are listed (nothing runs, so no reservation is asked for).
    expect(run.calls).toContain('us-east-1 memorydb:DescribeClusters');
    expect(run.calls).not.toContain('us-east-1 memorydb:DescribeReservedNodes');
    // The reservations AWS does offer there are still read.
    expect(run.found.some((f) => f.includes('reserved-instances/ri-thai'))).toBe(true);
  });
});

describe('coverage of a global resource', () => {
  it('is complete when the regions the scanner skipped are only those where AWS does not offer the service', () => {
    const entry = (region: string, status: 'ok' | 'unsupported' | 'denied') => ({
      accountId: ACCOUNT,
      region,
      scanner: 'service-quota-increase',
      status,
    });
    const offeredOnly = [entry('us-east-1', 'ok'), entry('ap-southeast-7', 'unsupported')];
    expect(coverageFor(offeredOnly, ACCOUNT, 'global', 'service-quota-increase')).toBe('ok');
    const denied = [...offeredOnly, entry('eu-west-1', 'denied')];
    expect(coverageFor(denied, ACCOUNT, 'global', 'service-quota-increase')).toBe('not-ok');
    expect(
      coverageFor([entry('ap-southeast-7', 'unsupported')], ACCOUNT, 'global', 'service-quota-increase'),
    ).toBe('not-ok');
  });
});

describe('scans sharing one AWS session (the jobs of one worker)', () => {
  it('each count their own calls and find what a scan alone finds', async () => {
    // Prepare
    const sandbox = await startSandbox({ scenario: world, now: NOW });
    const dir = mkdtempSync(join(tmpdir(), 'opsradar-shared-session-'));
    dirs.push(dir);
    // A store each: the version catalog one scan keeps would spare the next its call.
    const stores = await Promise.all([0, 1, 2, 3, 4].map((i) => openStore(join(dir, `${i}.sqlite`))));
    const aws = { endpoint: sandbox.url, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 2 };
    const options = (i: number, extra: Partial<ScanOptions>): ScanOptions => ({
      store: stores[i] as ScanOptions['store'],
      scanners: SCANNERS,
      now: NOW,
      horizonDays: () => 365,
      ...extra,
    });
    const session = new AwsSession(aws);
    try {
      const alone = await runScan(options(0, { aws }));
      const before = sandbox.calls.length;

      // Act: three scans at once through one session, then one more after them
      const together = await Promise.all([1, 2, 3].map((i) => runScan(options(i, { session }))));
      const after = await runScan(options(4, { session }));

      // Assess
      expect(alone.stats.calls).toBeGreaterThan(0);
      expect(alone.stats.occurrences).toBeGreaterThan(0);
      for (const result of [...together, after]) {
        expect(result.status).toBe('complete');
        expect(result.stats.calls).toBe(alone.stats.calls);
        expect(result.stats.occurrences).toBe(alone.stats.occurrences);
      }
      expect(sandbox.calls.length - before).toBe(4 * alone.stats.calls);
    } finally {
      session.destroy();
      for (const store of stores) await store.close();
      await sandbox.close();
    }
  });
});
