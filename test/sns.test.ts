import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/index.js';
import type { IngestLogEntry } from '../src/server/ingest/index.js';
import { ingestRoutes } from '../src/server/ingest/index.js';
import type { Store } from '../src/store/index.js';
import { makeTestSigner, notification, signSnsMessage, TEST_TOPIC, type TestSigner } from './sns-signer.js';
import { storeTargets } from './support/stores.js';

const samples = join(import.meta.dirname, '..', 'src', 'ingest', 'health', 'samples');
const retirement = JSON.parse(
  readFileSync(join(samples, 'eventbridge-ec2-retirement.json'), 'utf8'),
) as Record<string, unknown>;
const catalog = loadCatalog();

let signer: TestSigner;
let stranger: TestSigner;
beforeAll(() => {
  signer = makeTestSigner();
  stranger = makeTestSigner('sns.attacker.example');
});

describe.each(storeTargets())('POST /ingest/sns on $name', ({ open }) => {
  let store: Store;
  let fetched: string[];
  let confirmed: string[];
  let logs: IngestLogEntry[];
  let now = new Date();

  beforeEach(async () => {
    now = new Date();
    store = await open();
    fetched = [];
    confirmed = [];
    logs = [];
  });
  afterEach(async () => {
    await store.close();
  });

  function app() {
    return ingestRoutes({
      store,
      catalog,
      settings: {
        eventbridge: { apiKeyHeader: 'x-api-key' },
        sns: { allowedTopicArns: [TEST_TOPIC], maxAgeSeconds: 3600 },
      },
      // The test's fetcher serves the test certificate: production code never trusts it.
      fetchCertificate: async (url) => {
        fetched.push(url);
        if (url === signer.certUrl) return signer.certPem;
        throw new Error(`no certificate at ${url}`);
      },
      confirmSubscription: async (url) => {
        confirmed.push(url);
      },
      now: () => now,
      log: (entry) => logs.push(entry),
    });
  }

  function post(body: string | object, type = 'Notification') {
    return app().request('/ingest/sns', {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': type },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  it.each(['1', '2'] as const)(
    'accepts a genuine notification signed with SignatureVersion %s',
    async (version) => {
      // Prepare
      const message = signSnsMessage(notification(retirement, now), signer, version);
      // Act
      const response = await post(message);
      // Assess
      expect(response.status).toBe(200);
      const stored = await store.occurrences.list();
      expect(stored.map((o) => [o.kind, o.resource, o.source, o.sourceStatus])).toEqual([
        ['ec2-scheduled-event', 'i-0abcd1111example', 'sns', 'upcoming'],
      ]);
      expect(fetched).toEqual([signer.certUrl]);
    },
  );

  it('stores one occurrence when SNS delivers the same message twice', async () => {
    // Prepare
    const message = signSnsMessage(notification(retirement, now), signer, '2');
    // Act
    const first = await post(message);
    const second = await post(message);
    // Assess
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await store.occurrences.list()).toHaveLength(1);
  });

  it('acknowledges a redelivery of the same MessageId within the replay window without storing it again', async () => {
    // Prepare
    const message = signSnsMessage(notification(retirement, now), signer, '2');
    const first = await post(message);
    const [stored] = await store.occurrences.list();
    // Act: SNS retries the same message 20 minutes later (the receiver's answer was lost).
    now = new Date(now.getTime() + 20 * 60_000);
    const again = await post(message);
    // Assess
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(await again.json()).toMatchObject({ action: 'duplicate', messageId: message.MessageId });
    const after = await store.occurrences.list();
    expect(after).toHaveLength(1);
    expect(after[0]?.lastSeenAt).toBe(stored?.lastSeenAt);
  });

  it('does not let an unsigned copy of a MessageId suppress the genuine message', async () => {
    // Prepare
    const genuine = signSnsMessage(notification(retirement, now), signer, '2');
    const forgedCopy = { ...genuine, Signature: Buffer.from('forged').toString('base64') };
    // Act
    const refused = await post(forgedCopy);
    const accepted = await post(genuine);
    // Assess
    expect(refused.status).toBe(403);
    expect(await accepted.json()).toMatchObject({ action: 'ingested' });
    expect(await store.occurrences.list()).toHaveLength(1);
  });

  const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
  const forged: Array<[string, () => string | object, number, string]> = [
    [
      'a message altered after signing',
      () => ({
        ...signSnsMessage(notification(retirement, now), signer),
        Message: '{"source":"aws.health"}',
      }),
      403,
      'bad_signature',
    ],
    [
      'a signature made with another key',
      () => signSnsMessage(notification(retirement, now), stranger, '1', signer.certUrl),
      403,
      'bad_signature',
    ],
    [
      'a certificate on a host that is not SNS',
      () =>
        signSnsMessage(
          notification(retirement, now),
          signer,
          '1',
          'https://sns.ap-northeast-1.amazonaws.com.evil.example/c.pem',
        ),
      403,
      'bad_certificate_url',
    ],
    [
      'a certificate on an arbitrary host',
      () => signSnsMessage(notification(retirement, now), signer, '1', 'https://attacker.example/sns.pem'),
      403,
      'bad_certificate_url',
    ],
    [
      'a certificate over http',
      () =>
        signSnsMessage(
          notification(retirement, now),
          signer,
          '1',
          'http://sns.ap-northeast-1.amazonaws.com/SimpleNotificationService-opsradartest.pem',
        ),
      403,
      'bad_certificate_url',
    ],
    [
      'a topic not on the allow list',
      () =>
        signSnsMessage(
          notification(retirement, now, { TopicArn: 'arn:aws:sns:ap-northeast-1:999999999999:elsewhere' }),
          signer,
        ),
      403,
      'topic_not_allowed',
    ],
    [
      'a replayed message two hours old',
      () => signSnsMessage(notification(retirement, now, { Timestamp: twoHoursAgo.toISOString() }), signer),
      403,
      'expired',
    ],
    ['an unsigned message', () => notification(retirement, now), 403, 'unsigned'],
    [
      'an unknown SignatureVersion',
      () => ({ ...signSnsMessage(notification(retirement, now), signer), SignatureVersion: '3' }),
      403,
      'unsupported_signature_version',
    ],
    [
      'truncated JSON',
      () => JSON.stringify(signSnsMessage(notification(retirement, now), signer)).slice(0, 300),
      400,
      'malformed',
    ],
    ['a body that is not an SNS message', () => ({ hello: 'world' }), 400, 'malformed'],
  ];

  it.each(forged)('refuses %s, logs it and stores nothing', async (_name, build, status, reason) => {
    // Act
    const response = await post(build());
    // Assess
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await store.occurrences.list()).toEqual([]);
    expect(logs.map((l) => [l.level, l.reason])).toEqual([['warn', reason]]);
    if (reason === 'bad_certificate_url' || reason === 'topic_not_allowed' || reason === 'unsigned') {
      expect(fetched).toEqual([]);
    }
  });

  it('confirms a genuine subscription for an allow-listed topic by visiting its SubscribeURL', async () => {
    // Prepare
    const subscribeUrl = `https://sns.ap-northeast-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TEST_TOPIC}&Token=2336412f37fb`;
    const message = signSnsMessage(
      {
        Type: 'SubscriptionConfirmation',
        MessageId: '165545c9-2a5c-472c-8df2-7ff2be2b3b1b',
        Token: '2336412f37fb',
        TopicArn: TEST_TOPIC,
        Message: `You have chosen to subscribe to the topic ${TEST_TOPIC}.`,
        SubscribeURL: subscribeUrl,
        Timestamp: now.toISOString(),
      },
      signer,
    );
    // Act
    const response = await post(message, 'SubscriptionConfirmation');
    // Assess
    expect(response.status).toBe(200);
    expect(confirmed).toEqual([subscribeUrl]);
  });

  it.each([
    [
      'an unlisted topic',
      'arn:aws:sns:us-east-1:999999999999:other',
      'https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=1',
    ],
    [
      'a SubscribeURL off the SNS hosts',
      TEST_TOPIC,
      'https://attacker.example/?Action=ConfirmSubscription&Token=1',
    ],
  ])('does not confirm a subscription for %s', async (_name, topic, subscribeUrl) => {
    // Prepare
    const message = signSnsMessage(
      {
        Type: 'SubscriptionConfirmation',
        MessageId: 'c0ffee00-2a5c-472c-8df2-7ff2be2b3b1b',
        Token: '1',
        TopicArn: topic,
        Message: 'You have chosen to subscribe.',
        SubscribeURL: subscribeUrl,
        Timestamp: now.toISOString(),
      },
      signer,
    );
    // Act
    const response = await post(message, 'SubscriptionConfirmation');
    // Assess
    expect(response.status).toBe(403);
    expect(confirmed).toEqual([]);
  });
});
