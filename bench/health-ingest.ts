/**
 * Health API ingestion and SNS verification, measured against the sandbox and a SQLite store.
 * Prints figures and the ratio to the bound: the fewest API calls the documented limits allow
 * (100 events per DescribeEvents page, 10 ARNs per DescribeEventDetails / DescribeAffectedEntities call,
 * 100 entities per page).
 *
 *   npx tsx bench/health-ingest.ts [events=2000] [entitiesPerEvent=5]
 */
import { execFileSync } from 'node:child_process';
import { createSign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../src/catalog/index.js';
import { HealthApi } from '../src/ingest/health/client.js';
import { pullHealth } from '../src/ingest/health/pull.js';
import { canonicalString, parseSnsMessage, verifySnsMessage } from '../src/ingest/sns/message.js';
import { startSandbox } from '../src/sandbox/index.js';
import { openStore } from '../src/store/index.js';

const events = Number(process.argv[2] ?? 2000);
const perEvent = Number(process.argv[3] ?? 5);
const account = '222222222222';
const dir = mkdtempSync(join(tmpdir(), 'opsradar-bench-health-'));
const now = new Date();

const scenarioEvents = Array.from({ length: events }, (_, i) => ({
  id: `e${i}`,
  service: 'EC2',
  eventTypeCode: 'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED',
  eventTypeCategory: 'scheduledChange',
  region: 'ap-northeast-1',
  startTime: `${10 + (i % 30)}d`,
  lastUpdatedTime: `-${1 + (i % 48)}h`,
  statusCode: 'upcoming',
  description: 'After {startTime} your instance will be stopped.',
  entities: Array.from({ length: perEvent }, (_, j) => ({
    value: `i-${String(i * perEvent + j).padStart(17, '0')}`,
  })),
}));
const sandbox = await startSandbox({
  scenario: { accounts: [{ id: account, global: { health: { events: scenarioEvents } } }] },
  now,
  recordCalls: 'count',
});
const store = await openStore(join(dir, 'bench.sqlite'));
const catalog = loadCatalog();
const api = new HealthApi([{ region: 'us-east-1', endpoint: sandbox.url }], {
  credentials: async () => ({ accessKeyId: `AKIA${account}BNCH`, secretAccessKey: 'x' }),
});
try {
  const t0 = performance.now();
  const first = await pullHealth({ api, store, catalog, org: false, accountId: account, now: () => now });
  const t1 = performance.now();
  const callsFirst = api.calls;
  const second = await pullHealth({ api, store, catalog, org: false, accountId: account, now: () => now });
  const t2 = performance.now();
  const batches = Math.ceil(events / 10);
  const entityPagesPerBatch = Math.ceil((10 * perEvent) / 100);
  const bound = Math.ceil(events / 100) + batches + batches * entityPagesPerBatch;
  console.log(
    `Health API, account view: ${events} events x ${perEvent} entities = ${first.summary.occurrences} occurrences`,
  );
  console.log(
    `  first run: ${(t1 - t0).toFixed(0)} ms, ${callsFirst} API calls (bound ${bound}, ratio ${(callsFirst / bound).toFixed(2)}), ${((first.summary.occurrences / (t1 - t0)) * 1000).toFixed(0)} occurrences/s`,
  );
  console.log(
    `  incremental run with nothing changed: ${(t2 - t1).toFixed(0)} ms, ${api.calls - callsFirst} API calls (bound ${Math.ceil(events / 100)} list pages at most), ${second.events} events re-read`,
  );

  // SNS: verification cost per message with a cached certificate (RSA-2048, SHA256).
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(dir, 'k.pem'),
      '-out',
      join(dir, 'c.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=sns.amazonaws.com',
    ],
    { stdio: 'ignore' },
  );
  const key = readFileSync(join(dir, 'k.pem'), 'utf8');
  const cert = readFileSync(join(dir, 'c.pem'), 'utf8');
  const topic = 'arn:aws:sns:ap-northeast-1:123456789012:opsradar';
  const base = {
    Type: 'Notification' as const,
    MessageId: 'm',
    TopicArn: topic,
    Message: JSON.stringify({ source: 'aws.health' }),
    Timestamp: new Date().toISOString(),
    SignatureVersion: '2',
    SigningCertURL: 'https://sns.ap-northeast-1.amazonaws.com/SimpleNotificationService-bench.pem',
  };
  const signer = createSign('RSA-SHA256');
  signer.update(canonicalString(parseSnsMessage(JSON.stringify({ ...base, Signature: 'x' }))));
  const body = JSON.stringify({ ...base, Signature: signer.sign(key, 'base64') });
  const n = 2000;
  const t3 = performance.now();
  for (let i = 0; i < n; i++) {
    await verifySnsMessage(parseSnsMessage(body), {
      fetchCertificate: async () => cert,
      allowedTopicArns: [topic],
      now: new Date(),
    });
  }
  const t4 = performance.now();
  console.log(
    `SNS verification: ${n} messages in ${(t4 - t3).toFixed(0)} ms = ${((n / (t4 - t3)) * 1000).toFixed(0)} messages/s (SNS HTTP delivery is far below this)`,
  );
} finally {
  api.destroy();
  await store.close();
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
}
