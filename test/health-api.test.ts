import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/index.js';
import { activeHealthRegion, HealthApi, healthEndpoints } from '../src/ingest/health/client.js';
import { healthCursorName, pullHealth } from '../src/ingest/health/pull.js';
import { type Sandbox, type ScenarioInput, startSandbox } from '../src/sandbox/index.js';
import type { Store } from '../src/store/index.js';
import { storeTargets } from './support/stores.js';

const NOW = new Date('2026-11-23T00:00:00Z');
const catalog = loadCatalog();
const MANAGEMENT = '111111111111';
const PROD = '222222222222';
const BASIC = '444444444444';

/** Sandbox keys act as the account they name (`AKIA<account>...`). */
function api(sandbox: Sandbox, accountId: string, endpoint = sandbox.url): HealthApi {
  return new HealthApi([{ region: 'us-east-1', endpoint }], {
    credentials: async () => ({ accessKeyId: `AKIA${accountId}TEST`, secretAccessKey: 'sandbox' }),
    maxAttempts: 1,
  });
}

const retirement = (id: string, instance: string, over: Record<string, unknown> = {}) => ({
  id,
  service: 'EC2',
  eventTypeCode: 'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED',
  eventTypeCategory: 'scheduledChange',
  region: 'ap-northeast-1',
  startTime: '12d',
  lastUpdatedTime: '-2d',
  statusCode: 'upcoming',
  description: 'After {startTime} your instance will be stopped.',
  entities: [{ value: instance, status: 'IMPAIRED' }],
  ...over,
});

/** 25 retirements (3 batches of DescribeEventDetails) and one Direct Connect event with 23 entities. */
function bigWorld(update?: { closed: boolean; extraEntity: boolean }): ScenarioInput {
  const events: Array<Record<string, unknown>> = Array.from({ length: 25 }, (_, i) =>
    retirement(`r${i}`, `i-${String(i).padStart(17, '0')}`),
  );
  const dxEntities = Array.from({ length: update?.extraEntity ? 24 : 23 }, (_, i) => ({
    value: `dxvif-${String(i).padStart(8, '0')}`,
    status: 'PENDING',
  }));
  events.push({
    id: 'dx',
    service: 'DIRECTCONNECT',
    eventTypeCode: 'AWS_DIRECTCONNECT_MAINTENANCE_SCHEDULED',
    eventTypeCategory: 'scheduledChange',
    region: 'ap-northeast-1',
    startTime: '16d',
    endTime: '16.125d',
    lastUpdatedTime: update ? '-1m' : '-3d',
    statusCode: update?.closed ? 'closed' : 'upcoming',
    description: update ? 'Maintenance cancelled.' : 'Planned maintenance from {startTime} to {endTime}.',
    entities: dxEntities,
  });
  return {
    organization: { managementAccount: MANAGEMENT },
    accounts: [
      { id: MANAGEMENT, global: { health: { organizationView: true } } },
      { id: PROD, global: { health: { events } } },
    ],
  };
}

function calls(sandbox: Sandbox, action: string): number {
  return sandbox.calls.filter((c) => c.service === 'health' && c.action === action).length;
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

describe.each(storeTargets())('AWS Health API ingestion on $name', ({ open }) => {
  let store: Store;
  const sandboxes: Sandbox[] = [];
  const start = async (scenario: ScenarioInput | string) => {
    const sandbox = await startSandbox({ scenario, now: NOW, pageSize: 10 });
    sandboxes.push(sandbox);
    return sandbox;
  };
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await Promise.all(sandboxes.splice(0).map((s) => s.close()));
    await store.close();
  });

  it('reads every event with batched details and paginated entities: one occurrence per resource', async () => {
    // Prepare
    const sandbox = await start(bigWorld());
    // Act
    const result = await pullHealth({
      api: api(sandbox, PROD),
      store,
      catalog,
      org: false,
      accountId: PROD,
      now: () => NOW,
    });
    // Assess
    expect(result.status).toBe('complete');
    expect(result.events).toBe(26);
    const stored = await store.occurrences.list();
    expect(stored).toHaveLength(25 + 23);
    expect(calls(sandbox, 'DescribeEventDetails')).toBe(3);
    expect(sandbox.calls.filter((c) => c.error)).toEqual([]);
    const dx = stored.filter((o) => o.resource.startsWith('dxvif-'));
    expect(new Set(dx.map((o) => o.sourceRef)).size).toBe(1);
    expect(dx[0]).toMatchObject({
      accountId: PROD,
      region: 'ap-northeast-1',
      source: 'health',
      sourceStatus: 'upcoming',
      eventDate: '2026-12-09T00:00:00.000Z',
      eventEndDate: '2026-12-09T03:00:00.000Z',
    });
    const ec2 = stored.find((o) => o.resource === 'i-00000000000000007');
    expect(ec2).toMatchObject({ kind: 'ec2-scheduled-event', eventDate: '2026-12-05T00:00:00.000Z' });
    expect(ec2?.evidence.description).toBe('After 2026-12-05 00:00 UTC your instance will be stopped.');
    expect(result.coverage).toEqual([
      expect.objectContaining({ accountId: PROD, scanner: 'health', status: 'ok', region: 'us-east-1' }),
    ]);
  });

  it('reads only what changed on the next run, and an update changes rows without duplicating them', async () => {
    // Prepare: a first full run
    const first = await start(bigWorld());
    await pullHealth({ api: api(first, PROD), store, catalog, org: false, accountId: PROD, now: () => NOW });
    first.clearCalls();
    // Act: the same world again, then the DX event closed with one more affected entity
    const again = await pullHealth({
      api: api(first, PROD),
      store,
      catalog,
      org: false,
      accountId: PROD,
      now: () => NOW,
    });
    const updatedWorld = await start(bigWorld({ closed: true, extraEntity: true }));
    const updated = await pullHealth({
      api: api(updatedWorld, PROD),
      store,
      catalog,
      org: false,
      accountId: PROD,
      now: () => NOW,
    });
    // Assess
    expect(again.events).toBe(0);
    expect(calls(first, 'DescribeEventDetails')).toBe(0);
    expect(updated.events).toBe(1);
    expect(updated.summary).toMatchObject({ created: 1, updated: 23 });
    const stored = await store.occurrences.list();
    expect(stored).toHaveLength(25 + 24);
    const dx = stored.filter((o) => o.resource.startsWith('dxvif-'));
    expect(new Set(dx.map((o) => o.sourceStatus))).toEqual(new Set(['closed']));
    expect(dx[0]?.evidence.description).toBe('Maintenance cancelled.');
    expect(await store.cursors.get(healthCursorName(false, PROD))).toBe('2026-11-22T23:59:00.000Z');
  });

  it('reads the organization view: per affected account, public events without an account', async () => {
    // Prepare
    const sandbox = await start('demo');
    // Act
    const result = await pullHealth({
      api: api(sandbox, MANAGEMENT),
      store,
      catalog,
      org: true,
      accountId: MANAGEMENT,
      now: () => NOW,
    });
    // Assess
    expect(result.status).toBe('complete');
    const stored = await store.occurrences.list({ limit: 1000 });
    const dx = stored.filter((o) => o.evidence.eventTypeCode === 'AWS_DIRECTCONNECT_MAINTENANCE_SCHEDULED');
    expect(dx.map((o) => [o.accountId, o.resource]).sort()).toEqual([
      ['222222222222', 'dxcon-ffabc123'],
      ['222222222222', 'dxvif-ffdef456'],
      ['333333333333', 'dxcon-ffstg789'],
    ]);
    const publicIssue = stored.find((o) => o.evidence.eventTypeCode === 'AWS_S3_OPERATIONAL_ISSUE');
    expect(publicIssue).toMatchObject({
      accountId: '',
      resource: publicIssue?.sourceRef,
      sourceStatus: 'closed',
    });
    // Organization view reads member accounts whatever their own support plan.
    expect(stored.some((o) => o.accountId === BASIC)).toBe(true);
    const unmapped = await store.occurrences.list({ unmapped: true });
    expect(unmapped.map((o) => o.evidence.eventTypeCode)).toContain('AWS_BILLING_NOTIFICATION');
    expect(stored.find((o) => o.resource === 'i-0a1b2c3d4e5f60718')?.kind).toBe('ec2-scheduled-event');
    // The demo's closed reboot event resolves its item instead of showing it open and overdue.
    const sync = await store.workItems.syncFromOccurrences(
      catalog,
      { organizationalUnits: {}, rules: [] },
      NOW,
    );
    const items = await Promise.all(sync.created.map((id) => store.workItems.get(id)));
    const reboot = items.find((i) => i?.resource === 'i-0f9e8d7c6b5a40312');
    expect(reboot).toMatchObject({ status: 'resolved', kind: 'ec2-scheduled-event' });
    expect(reboot?.resolution).toMatch(/^AWS closed the Health event arn:aws:health:/);
    expect(items.find((i) => i?.resource === 'i-0a1b2c3d4e5f60718')?.status).toBe('open');
  });

  it('turns a missing Business support plan into a clear coverage gap, storing nothing', async () => {
    // Prepare
    const sandbox = await start('demo');
    // Act
    const result = await pullHealth({
      api: api(sandbox, BASIC),
      store,
      catalog,
      org: false,
      accountId: BASIC,
      now: () => NOW,
    });
    // Assess
    expect(result.status).toBe('partial');
    expect(result.gap?.code).toBe('SUBSCRIPTION_REQUIRED');
    expect(result.coverage).toEqual([
      expect.objectContaining({
        accountId: BASIC,
        status: 'unsupported',
        reason: expect.stringContaining('SubscriptionRequiredException'),
      }),
    ]);
    expect(await store.occurrences.list()).toEqual([]);
    expect(await store.cursors.get(healthCursorName(false, BASIC))).toBeUndefined();
    const run = await store.scanRuns.latest('health');
    expect(run?.status).toBe('partial');
  });

  it('reports a disabled organizational view as a gap, not a crash', async () => {
    // Prepare
    const sandbox = await start('demo');
    // Act
    const result = await pullHealth({
      api: api(sandbox, PROD),
      store,
      catalog,
      org: true,
      accountId: PROD,
      now: () => NOW,
    });
    // Assess
    expect(result.gap?.code).toBe('ORGANIZATION_VIEW_DISABLED');
    expect(result.coverage[0]?.status).toBe('unsupported');
    expect(calls(sandbox, 'DescribeEventsForOrganization')).toBe(0);
  });

  it('fails over to the passive region when the active endpoint does not answer', async () => {
    // Prepare: the "active" endpoint is a closed port; the passive one is the sandbox
    const sandbox = await start(bigWorld());
    const endpoints = await healthEndpoints({
      endpoint: `http://127.0.0.1:${await closedPort()}`,
      failoverEndpoint: sandbox.url,
    });
    const health = new HealthApi(endpoints, {
      credentials: async () => ({ accessKeyId: `AKIA${PROD}TEST`, secretAccessKey: 'sandbox' }),
      maxAttempts: 1,
    });
    // Act
    const result = await pullHealth({
      api: health,
      store,
      catalog,
      org: false,
      accountId: PROD,
      now: () => NOW,
    });
    // Assess
    expect(result.status).toBe('complete');
    expect(health.failovers).toBe(1);
    expect(result.coverage[0]?.region).toBe('us-east-2');
    expect(new Set(sandbox.calls.map((c) => c.region))).toEqual(new Set(['us-east-2']));
  });
});

describe('Health API endpoint selection', () => {
  it('signs for the region the global name points at', async () => {
    // Act
    const active = await activeHealthRegion('aws', async () => ['health.us-east-2.amazonaws.com.']);
    const endpoints = await healthEndpoints({
      resolveCname: async () => ['health.us-east-2.amazonaws.com'],
      env: {},
    });
    // Assess
    expect(active).toBe('us-east-2');
    expect(endpoints).toEqual([{ region: 'us-east-2' }, { region: 'us-east-1' }]);
  });

  it('falls back to us-east-1 then us-east-2 when the lookup fails or answers something else', async () => {
    // Act
    const failed = await healthEndpoints({
      resolveCname: async () => {
        throw Object.assign(new Error('queryCname ENOTFOUND'), { code: 'ENOTFOUND' });
      },
      env: {},
    });
    const odd = await activeHealthRegion('aws', async () => ['evil.example.com']);
    // Assess
    expect(failed).toEqual([{ region: 'us-east-1' }, { region: 'us-east-2' }]);
    expect(odd).toBeNull();
  });

  it('uses AWS_ENDPOINT_URL without a DNS lookup', async () => {
    // Act
    const endpoints = await healthEndpoints({
      env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' },
      resolveCname: async () => {
        throw new Error('must not be called');
      },
    });
    // Assess
    expect(endpoints).toEqual([{ region: 'us-east-1', endpoint: 'http://127.0.0.1:4566' }]);
  });
});
