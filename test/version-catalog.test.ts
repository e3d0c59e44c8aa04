import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HealthClient } from '@aws-sdk/client-health';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyAwsError } from '../src/aws/errors.js';
import {
  DescribeServiceLifecycleCommand,
  type DescribeServiceLifecycleOutput,
  listServiceLifecycles,
} from '../src/aws/health-lifecycle.js';
import { type Sandbox, type ScenarioInput, startSandbox } from '../src/sandbox/index.js';
import { loadScenarioSource } from '../src/sandbox/scenario.js';
import { runScan } from '../src/scan/engine.js';
import { lambdaRuntimeDeprecation } from '../src/scanners/lambda/lambda-runtime-deprecation.js';
import { openStore, type Store } from '../src/store/index.js';
import { runCase } from './support/scanner-tester.js';

const NOW = new Date('2026-12-02T00:00:00Z');
const WITH_PLAN = '111111111111';
const WITHOUT_PLAN = '333333333333';

/** 23 Lambda runtimes (two pages of 20) and one EKS version, as the version catalog lists them. */
const lifecycles = [
  ...Array.from({ length: 23 }, (_, i) => ({
    service: 'LAMBDA',
    version: `python3.${i}`,
    title: `Python 3.${i}`,
    recommendedVersion: 'python3.14',
    lifecycleEvents: [
      {
        lifecycleEventType: 'END_OF_SUPPORT',
        date: `2027-0${(i % 9) + 1}-15T00:00:00Z`,
        impactRisks: ['END_OF_SUPPORT'],
        regions: ['all'],
      },
      { lifecycleEventType: 'BLOCK_RESOURCE_UPDATE', date: '2027-10-01T00:00:00Z', regions: ['us-east-1'] },
    ],
  })),
  {
    service: 'EKS',
    version: '1.31',
    lifecycleEvents: [{ lifecycleEventType: 'END_OF_SUPPORT', date: '2026-11-26T00:00:00Z' }],
  },
];

const fn = { name: 'etl', runtime: 'python3.2' };
const world: ScenarioInput = {
  accounts: [
    {
      id: WITH_PLAN,
      global: { health: { supportPlan: 'business', serviceLifecycles: lifecycles } },
      regions: { 'us-east-1': { lambda: { functions: [fn] } } },
    },
    {
      id: WITHOUT_PLAN,
      global: { health: { supportPlan: 'basic', serviceLifecycles: lifecycles } },
      regions: { 'us-east-1': { lambda: { functions: [fn] } } },
    },
  ],
} as ScenarioInput;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ scenario: world, now: NOW });
});
afterAll(async () => {
  await sandbox.close();
});

function health(accountId: string): HealthClient {
  return new HealthClient({
    region: 'us-east-1',
    endpoint: sandbox.url,
    credentials: { accessKeyId: `AKIA${accountId}TEST`, secretAccessKey: 'sandbox' },
    maxAttempts: 1,
  });
}

describe('AWS Health DescribeServiceLifecycle through the Health client', () => {
  it('reads every page of one service, with dates as Date and regions as listed', async () => {
    // Act
    const entries = await listServiceLifecycles(health(WITH_PLAN), 'LAMBDA');
    // Assess
    expect(entries).toHaveLength(23);
    expect(entries.every((e) => e.service === 'LAMBDA')).toBe(true);
    const first = entries.find((e) => e.version === 'python3.0');
    expect(first?.recommendedVersion).toBe('python3.14');
    expect(first?.lifecycleEvents?.[0]?.date).toEqual(new Date('2027-01-15T00:00:00Z'));
    expect(first?.lifecycleEvents?.[0]?.impactRisks).toEqual(['END_OF_SUPPORT']);
    expect(first?.lifecycleEvents?.[1]?.regions).toEqual(['us-east-1']);
    const calls = sandbox.calls.filter((c) => c.action === 'DescribeServiceLifecycle');
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls.every((c) => `${c.service}:${c.action}` === 'health:DescribeServiceLifecycle')).toBe(true);
  });

  it('leaves out optional fields the entry does not have', async () => {
    const out = (await health(WITH_PLAN).send(
      new DescribeServiceLifecycleCommand({ filter: { service: 'EKS' } }) as never,
    )) as DescribeServiceLifecycleOutput;
    expect(out.nextToken).toBeUndefined();
    expect(out.serviceLifecycles).toHaveLength(1);
    expect(out.serviceLifecycles?.[0]?.title).toBeUndefined();
    expect(out.serviceLifecycles?.[0]?.lifecycleEvents?.[0]?.regions).toEqual(['all']);
  });

  it('refuses an account without a support plan with SubscriptionRequiredException', async () => {
    const error = await listServiceLifecycles(health(WITHOUT_PLAN), 'LAMBDA').catch((e: unknown) => e);
    expect(classifyAwsError(error).code).toBe('SubscriptionRequiredException');
  });

  it('rejects maxResults outside 1-20 as AWS documents', async () => {
    const error = await health(WITH_PLAN)
      .send(new DescribeServiceLifecycleCommand({ maxResults: 50 }) as never)
      .catch((e: unknown) => e);
    expect(classifyAwsError(error).code).toBe('ValidationException');
  });
});

describe('the scan engine hands scanners the version catalog', () => {
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opsradar-catalog-'));
    store = await openStore(join(dir, 'scan.sqlite'));
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const scan = (accountId: string, now: Date) =>
    runScan({
      store,
      scanners: [lambdaRuntimeDeprecation],
      aws: {
        endpoint: sandbox.url,
        region: 'us-east-1',
        credentials: { accessKeyId: `AKIA${accountId}TEST`, secretAccessKey: 'sandbox' },
        maxAttempts: 1,
      },
      regions: ['us-east-1'],
      now,
      horizonDays: () => 365,
    });
  const healthCalls = () => sandbox.calls.filter((c) => c.action === 'DescribeServiceLifecycle').length;

  it('caches the answer with its retrieval time and asks AWS again once it is a day old', async () => {
    // Act
    const first = await scan(WITH_PLAN, NOW);
    const afterFirst = healthCalls();
    await scan(WITH_PLAN, new Date(NOW.getTime() + 3_600_000));
    const afterCached = healthCalls();
    await scan(WITH_PLAN, new Date(NOW.getTime() + 25 * 3_600_000));
    // Assess
    expect(first.status).toBe('complete');
    expect((await store.scanRuns.coverage(first.runId))[0]?.notes).toBeUndefined();
    const cached = await store.versionCatalog.get(WITH_PLAN, 'LAMBDA');
    expect(cached?.entries).toHaveLength(23);
    expect(cached?.retrievedAt).toBe(new Date(NOW.getTime() + 25 * 3_600_000).toISOString());
    expect(afterCached).toBe(afterFirst);
    expect(healthCalls()).toBeGreaterThan(afterCached);
    const found = await store.occurrences.list({ source: 'scanner' });
    expect(found[0]?.evidence.dateSource).toBe('version-catalog');
    expect(found[0]?.eventDate).toBe('2027-03-15T00:00:00.000Z');
  });

  it('says in coverage that the dates came from the tables when the account has no support plan', async () => {
    // Act
    const result = await scan(WITHOUT_PLAN, NOW);
    const stored = await store.scanRuns.coverage(result.runId);
    // Assess
    expect(result.status).toBe('complete');
    expect(stored).toHaveLength(1);
    expect(stored[0]?.status).toBe('ok');
    expect(stored[0]?.notes).toEqual([
      'version catalog (health:DescribeServiceLifecycle LAMBDA) unavailable: SubscriptionRequiredException; dates from lifecycle tables',
    ]);
    expect(await store.versionCatalog.get(WITHOUT_PLAN, 'LAMBDA')).toBeUndefined();
  });
});

describe('the demo shows lifecycle dates from both sources', () => {
  it('production (support plan) reads the version catalog, staging (none) the tables', async () => {
    // Act
    const run = await runCase(
      lambdaRuntimeDeprecation,
      { now: new Date().toISOString() },
      {
        name: 'demo',
        scenario: loadScenarioSource('demo').input,
        org: true,
        regions: ['ap-northeast-1', 'us-east-1'],
      },
    );
    // Assess
    const sources = run.occurrences.map((o) => [o.accountId, o.evidence.functionName, o.evidence.dateSource]);
    expect(sources).toEqual([
      ['222222222222', 'daily-report', 'version-catalog'],
      ['222222222222', 'order-notifier', 'version-catalog'],
      ['333333333333', 'stg-webhook', 'lifecycle-table'],
    ]);
    const staging = run.coverage.find((c) => c.accountId === '333333333333' && c.region === 'us-east-1');
    expect(staging?.status).toBe('ok');
    expect(staging?.notes?.[0]).toContain('SubscriptionRequiredException');
  });
});
