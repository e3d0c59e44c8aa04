import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/index.js';
import { HealthApi } from '../src/ingest/health/client.js';
import { pullHealth } from '../src/ingest/health/pull.js';
import { startSandbox } from '../src/sandbox/index.js';
import { type IngestLogEntry, ingestRoutes } from '../src/server/ingest/index.js';
import type { Store } from '../src/store/index.js';
import { makeTestSigner, notification, signSnsMessage, TEST_TOPIC, type TestSigner } from './sns-signer.js';
import { storeTargets } from './support/stores.js';

const samples = join(import.meta.dirname, '..', 'src', 'ingest', 'health', 'samples');
type Json = Record<string, unknown> & { detail: Record<string, unknown> };
const sample = (name: string): Json => JSON.parse(readFileSync(join(samples, name), 'utf8')) as Json;
const catalog = loadCatalog();
const API_KEY = 'k3y-for-tests-only-0123456789';

let signer: TestSigner;
beforeAll(() => {
  signer = makeTestSigner();
});

describe.each(storeTargets())('push routes on $name', ({ open }) => {
  let store: Store;
  let logs: IngestLogEntry[];
  beforeEach(async () => {
    store = await open();
    logs = [];
  });
  afterEach(async () => {
    await store.close();
  });

  function app(
    eventbridge: Parameters<typeof ingestRoutes>[0]['settings']['eventbridge'] = {
      apiKeyHeader: 'x-opsradar-key',
      apiKey: API_KEY,
      basic: { username: 'eventbridge', password: 'basic-password-123' },
    },
  ) {
    return ingestRoutes({
      store,
      catalog,
      settings: { eventbridge, sns: { allowedTopicArns: [TEST_TOPIC], maxAgeSeconds: 3600 } },
      fetchCertificate: async (url) => {
        if (url === signer.certUrl) return signer.certPem;
        throw new Error('unknown certificate');
      },
      confirmSubscription: async () => {},
      log: (entry) => logs.push(entry),
    });
  }

  const postEventBridge = (body: unknown, headers: Record<string, string> = { 'x-opsradar-key': API_KEY }) =>
    app().request('/ingest/eventbridge', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const postSns = (event: unknown) =>
    app().request('/ingest/sns', {
      method: 'POST',
      headers: { 'x-amz-sns-message-type': 'Notification' },
      body: JSON.stringify(signSnsMessage(notification(event, new Date()), signer, '2')),
    });

  it('accepts an event with the configured API key header', async () => {
    // Act
    const response = await postEventBridge(sample('eventbridge-ec2-retirement.json'));
    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, events: 1, created: 1 });
    const [occurrence] = await store.occurrences.list();
    expect(occurrence).toMatchObject({
      kind: 'ec2-scheduled-event',
      accountId: '123456789012',
      region: 'ap-northeast-1',
      resource: 'i-0abcd1111example',
      eventDate: '2026-12-04T00:00:00.000Z',
      source: 'eventbridge',
    });
  });

  it('accepts basic auth as an API destination connection sends it', async () => {
    // Act
    const response = await postEventBridge(sample('eventbridge-ec2-retirement.json'), {
      authorization: `Basic ${Buffer.from('eventbridge:basic-password-123').toString('base64')}`,
    });
    // Assess
    expect(response.status).toBe(200);
    expect(await store.occurrences.list()).toHaveLength(1);
  });

  it.each([
    ['no credentials', {}],
    ['a wrong API key', { 'x-opsradar-key': `${API_KEY}x` }],
    ['the key in another header', { 'x-api-key': API_KEY }],
    ['a wrong password', { authorization: `Basic ${Buffer.from('eventbridge:nope').toString('base64')}` }],
  ])('refuses %s with 401, stores nothing and never logs the secret', async (_name, headers) => {
    // Act
    const response = await postEventBridge(sample('eventbridge-ec2-retirement.json'), headers);
    // Assess
    expect(response.status).toBe(401);
    expect(await store.occurrences.list()).toEqual([]);
    expect(JSON.stringify(logs)).not.toContain(API_KEY);
    expect(logs).toEqual([expect.objectContaining({ level: 'warn', status: 401 })]);
  });

  it('is closed (503) until credentials are configured', async () => {
    // Act
    const response = await app({ apiKeyHeader: 'x-api-key' }).request('/ingest/eventbridge', {
      method: 'POST',
      body: JSON.stringify(sample('eventbridge-ec2-retirement.json')),
    });
    // Assess
    expect(response.status).toBe(503);
  });

  it.each([
    ['truncated JSON', '{"version":"0","id":"x","detail-type":"AWS Health Ev'],
    ['an object that is no EventBridge event', { hello: 'world' }],
    [
      'a Health event without eventArn',
      { ...sample('eventbridge-ec2-retirement.json'), detail: { service: 'EC2' } },
    ],
  ])('refuses %s with 400 and stores nothing', async (_name, body) => {
    // Act
    const response = await postEventBridge(body);
    // Assess
    expect(response.status).toBe(400);
    expect(await store.occurrences.list()).toEqual([]);
  });

  it('stores one occurrence per resource when EventBridge, SNS and a replayed file bring the same event', async () => {
    // Prepare
    const event = sample('eventbridge-ec2-retirement.json');
    // Act
    const viaEventBridge = await postEventBridge(event);
    const again = await postEventBridge(event);
    const viaSns = await postSns(event);
    // Assess
    expect([viaEventBridge.status, again.status, viaSns.status]).toEqual([200, 200, 200]);
    expect(await again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect(await store.occurrences.list()).toHaveLength(1);
  });

  it('updates the row when the event closes, and ignores a late copy of the older version', async () => {
    // Prepare
    const open = sample('eventbridge-ec2-retirement.json');
    const closed = structuredClone(open);
    closed.id = 'b0c1d2e3-0000-4000-8000-000000000001';
    closed.detail.statusCode = 'closed';
    closed.detail.lastUpdatedTime = 'Sat, 05 Dec 2026 00:10:00 GMT';
    // Act
    await postEventBridge(open);
    await postEventBridge(closed);
    const late = await postEventBridge(open);
    // Assess
    expect(await late.json()).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    const stored = await store.occurrences.list();
    expect(stored.map((o) => o.sourceStatus)).toEqual(['closed']);
  });

  it('gathers the affected entities of every page of a paginated event', async () => {
    // Prepare: page 2 carries two functions; page 1 of the same event another one
    const page2 = sample('eventbridge-lambda-lifecycle-page2.json');
    const page1 = structuredClone(page2);
    page1.id = 'c1d2e3f4-0000-4000-8000-000000000002';
    page1.detail.page = '1';
    page1.detail.affectedEntities = [
      { entityValue: 'arn:aws:lambda:us-east-1:444455556666:function:orders-api', status: 'PENDING' },
    ];
    // Act
    await postEventBridge([page1, page2]);
    // Assess
    const stored = await store.occurrences.list();
    expect(stored.map((o) => o.resource).sort()).toEqual([
      'arn:aws:lambda:us-east-1:444455556666:function:billing-export',
      'arn:aws:lambda:us-east-1:444455556666:function:orders-api',
      'arn:aws:lambda:us-east-1:444455556666:function:thumbnailer',
    ]);
    expect(new Set(stored.map((o) => o.kind))).toEqual(new Set(['lambda-runtime-deprecation']));
  });

  it('maps an ACM approaching-expiration event to the expiry date it announces', async () => {
    // Prepare
    const acm = {
      version: '0',
      id: '9f0e1d2c-3b4a-4596-8778-695a4b3c2d1e',
      'detail-type': 'ACM Certificate Approaching Expiration',
      source: 'aws.acm',
      account: '123456789012',
      time: '2026-11-20T00:00:00Z',
      region: 'ap-northeast-1',
      resources: ['arn:aws:acm:ap-northeast-1:123456789012:certificate/61f50cd4-45b9-4259-b049-d0a53682fa4b'],
      detail: { DaysToExpiry: 31, CommonName: 'shop.example.jp' },
    };
    // Act
    const response = await postEventBridge(acm);
    // Assess
    expect(response.status).toBe(200);
    const [occurrence] = await store.occurrences.list();
    expect(occurrence).toMatchObject({
      kind: 'acm-certificate-expiry',
      resource: acm.resources[0],
      eventDate: '2026-12-21T00:00:00.000Z',
    });
  });

  it('keeps one occurrence per resource when the Health API and EventBridge report the same event', async () => {
    // Prepare: the demo retirement read through the API for account 222222222222
    const sandbox = await startSandbox({ scenario: 'demo', now: new Date('2026-11-23T00:00:00Z') });
    const api = new HealthApi([{ region: 'us-east-1', endpoint: sandbox.url }], {
      credentials: async () => ({ accessKeyId: 'AKIA222222222222TEST', secretAccessKey: 'sandbox' }),
      maxAttempts: 1,
    });
    try {
      await pullHealth({ api, store, catalog, org: false, accountId: '222222222222', now: () => new Date() });
    } finally {
      api.destroy();
      await sandbox.close();
    }
    const before = await store.occurrences.list({ limit: 1000 });
    const fromApi = before.find(
      (o) => o.resource === 'i-0a1b2c3d4e5f60718' && o.kind === 'ec2-scheduled-event',
    );
    if (!fromApi) throw new Error('retirement not ingested from the API');
    const event = sample('eventbridge-ec2-retirement.json');
    event.account = '222222222222';
    event.detail = {
      ...event.detail,
      eventArn: fromApi.sourceRef,
      affectedAccount: '222222222222',
      lastUpdatedTime: new Date().toUTCString(),
      affectedEntities: [{ entityValue: 'i-0a1b2c3d4e5f60718' }],
    };
    // Act
    const response = await postEventBridge(event);
    // Assess
    expect(response.status).toBe(200);
    const after = await store.occurrences.list({ limit: 1000 });
    expect(after).toHaveLength(before.length);
    expect(after.find((o) => o.id === fromApi.id)?.source).toBe('eventbridge');
  });
});

describe('opsradar ingest eventbridge / classify health (files)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'opsradar-eb-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('replays a file of one event per line, and stores nothing when one file is bad', async () => {
    // Prepare
    const { ingestEventBridgeCommand } = await import('../src/cli/ingest-eventbridge.js');
    const db = join(dir, 'opsradar.sqlite');
    const good = join(dir, 'events.jsonl');
    writeFileSync(
      good,
      `${JSON.stringify(sample('eventbridge-ec2-retirement.json'))}\n${JSON.stringify(sample('eventbridge-unmapped-billing.json'))}\n`,
    );
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"version":"0","id":');
    const out: string[] = [];
    const io = {
      out: (t: string) => out.push(t),
      err: () => {},
      setExitCode: () => {},
      catalog: () => catalog,
      env: { LANG: 'en_US.UTF-8' },
    };
    // Act
    const refused = ingestEventBridgeCommand([good, bad], { format: 'table', db }, io);
    await expect(refused).rejects.toThrow(/bad\.json: line 1 is not valid JSON/);
    const code = await ingestEventBridgeCommand([good], { format: 'json', db }, io);
    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(out.join(''))).toMatchObject({
      files: 1,
      events: 2,
      occurrences: 2,
      created: 2,
      unmapped: 1,
    });
    const { catalogUnmappedCommand } = await import('../src/cli/catalog-unmapped.js');
    out.length = 0;
    await catalogUnmappedCommand({ format: 'table', db, tz: 'Asia/Tokyo' }, io);
    expect(out.join('')).toMatch(
      /AWS_BILLING_NOTIFICATION\s+BILLING\s+accountNotification\s+1\s+1\s+\d{4}-\d\d-\d\d \d\d:\d\d/,
    );
    expect(out.join('')).toContain('(Asia/Tokyo)');
  });

  it('classify health prints what an SNS-carried abuse report becomes, without storing it', async () => {
    // Prepare
    const { classifyHealthCommand } = await import('../src/cli/classify-health.js');
    const out: string[] = [];
    const io = {
      out: (t: string) => out.push(t),
      err: () => {},
      setExitCode: () => {},
      catalog: () => catalog,
      env: {},
    };
    // Act
    const code = classifyHealthCommand(join(samples, 'sns-abuse-report.json'), {}, io);
    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(out.join(''))).toEqual({
      kind: 'abuse-report',
      category: 'expert',
      matchedBy: 'health.eventTypeCode:AWS_ABUSE_DOS_REPORT',
      score: null,
      phrases: [],
      eventArn: 'arn:aws:health:global::event/AWS_ABUSE_DOS_REPORT_92387492375_4498_2026_11_21_01_45_00',
      eventTypeCode: 'AWS_ABUSE_DOS_REPORT',
      service: 'ABUSE',
      eventTypeCategory: 'issue',
      accountId: '123456789012',
      region: 'global',
      resources: ['arn:aws:ec2:ap-northeast-1:123456789012:instance/i-0abuse1111example'],
      eventDate: '2026-11-21T01:45:00.000Z',
      eventEndDate: null,
      status: null,
      dateSource: 'startTime',
    });
  });
});
