import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotifyChannel } from '../src/notify/channels/index.js';
import { buildChannel } from '../src/notify/channels/index.js';
import { type ChannelConfig, channelSchema } from '../src/notify/config.js';
import type { MessageItem, NotifyMessage } from '../src/notify/message.js';
import { type Sandbox, startSandbox } from '../src/sandbox/index.js';
import { snsPublished } from '../src/sandbox/services/sns.js';
import {
  type HttpReceiver,
  type SmtpReceiver,
  selfSignedCertificate,
  startHttpReceiver,
  startSmtpReceiver,
} from './support/notify-receivers.js';
import {
  adaptiveCard15Schema,
  slackMessageSchema,
  teamsWorkflowsEnvelopeSchema,
} from './support/notify-schemas.js';

const NOW = new Date('2026-12-02T01:00:00Z');
const BASE = 'https://opsradar.example.com';

function item(overrides: Partial<MessageItem> = {}): MessageItem {
  return {
    id: 42,
    ref: '#42',
    kind: 'acm-certificate-expiry',
    kindTitle: { ja: 'ACM 証明書の有効期限切れ', en: 'ACM certificate expiry' },
    title: 'Certificate for shop.example.com expires',
    category: 'scheduled',
    status: 'open',
    dueDate: '2026-12-09T00:00:00.000Z',
    eventDate: '2026-12-23T00:00:00.000Z',
    resource: 'arn:aws:acm:ap-northeast-1:111122223333:certificate/0f1e2d3c',
    accountId: '111122223333',
    region: 'ap-northeast-1',
    service: 'ACM',
    owner: 'sato',
    team: 'payments',
    url: `${BASE}/items/42`,
    ...overrides,
  };
}

function announce(body: MessageItem = item(), channel = 'ch'): NotifyMessage {
  return {
    purpose: 'announce',
    channel,
    idempotencyKey: `item:${body.id}|announce|${channel}`,
    plannedAt: NOW.toISOString(),
    item: body,
    reminderDays: null,
    escalatedFrom: null,
    digest: null,
  };
}

function digest(count: number, channel = 'ch'): NotifyMessage {
  const items = Array.from({ length: count }, (_, i) =>
    item({ id: 100 + i, ref: `#${100 + i}`, url: `${BASE}/items/${100 + i}` }),
  );
  return {
    purpose: 'digest',
    channel,
    idempotencyKey: `digest:2026-12-02|${channel}`,
    plannedAt: NOW.toISOString(),
    item: null,
    reminderDays: null,
    escalatedFrom: null,
    digest: {
      day: '2026-12-02',
      timeZone: 'Asia/Tokyo',
      newItems: items,
      dueSoon: items,
      overdue: items,
      omitted: 5,
    },
  };
}

function channel(raw: Record<string, unknown>, env: NodeJS.ProcessEnv, extra = {}): NotifyChannel {
  const config: ChannelConfig = channelSchema.parse(raw);
  return buildChannel(config, { baseUrl: BASE, env, ...extra });
}

const send = (ch: NotifyChannel, message: NotifyMessage, parts = new Set<string>()) =>
  ch.send({
    id: 'delivery-1',
    message,
    partsDone: parts,
    partDone: async (p) => void parts.add(p),
    now: NOW,
  });

describe('webhook channel', () => {
  let receiver: HttpReceiver;
  beforeAll(async () => {
    receiver = await startHttpReceiver();
  });
  afterAll(() => receiver.close());

  it('posts JSON signed with HMAC-SHA256 over timestamp and body, with the idempotency key', async () => {
    const secret = 'whsec-test-0123456789';
    const ch = channel(
      { name: 'ops-hook', type: 'webhook', url: receiver.url, secretEnv: 'HOOK_SECRET' },
      { HOOK_SECRET: secret },
    );
    await send(ch, announce(item(), 'ops-hook'));
    const request = receiver.requests.at(-1);
    expect(request).toBeDefined();
    const timestamp = String(request?.headers['x-opsradar-timestamp']);
    expect(timestamp).toBe(String(NOW.getTime() / 1000));
    const expected = `v1=${createHmac('sha256', secret).update(`${timestamp}.${request?.body}`).digest('hex')}`;
    expect(request?.headers['x-opsradar-signature']).toBe(expected);
    expect(request?.headers['idempotency-key']).toBe('item:42|announce|ops-hook');
    const body = JSON.parse(request?.body ?? '{}');
    expect(body.item.ref).toBe('#42');
    expect(body.text.ja).toContain('ACM 証明書の有効期限切れ');
    expect(body.text.en).toContain('Open in opsradar: https://opsradar.example.com/items/42');
    expect(JSON.stringify(body)).not.toContain(secret);
  });

  it('refuses a config whose secret is missing, naming the variable but no value', () => {
    expect(() =>
      channel({ name: 'ops-hook', type: 'webhook', url: receiver.url, secretEnv: 'MISSING_SECRET' }, {}),
    ).toThrow(/MISSING_SECRET is not set/);
  });
});

describe('Slack channel (Block Kit)', () => {
  let receiver: HttpReceiver;
  beforeAll(async () => {
    receiver = await startHttpReceiver();
  });
  afterAll(() => receiver.close());

  it('sends title, category, due date, resource, account, region and a link as valid Block Kit', async () => {
    const ch = channel(
      { name: 'slack', type: 'slack', urlEnv: 'SLACK_URL', lang: 'ja' },
      { SLACK_URL: receiver.url },
    );
    await send(ch, announce(item({ category: 'emergency' })));
    const payload = slackMessageSchema.parse(JSON.parse(receiver.requests.at(-1)?.body ?? '{}'));
    const text = JSON.stringify(payload.blocks);
    expect(payload.text).toContain('[opsradar] 緊急');
    for (const expected of [
      '#42 ACM 証明書の有効期限切れ',
      '緊急作業',
      '111122223333',
      'ap-northeast-1',
      'certificate/0f1e2d3c',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toContain('2026/12/09 09:00');
    const actions = payload.blocks.at(-1);
    expect(actions).toMatchObject({
      type: 'actions',
      elements: [{ url: `${BASE}/items/42`, style: 'danger' }],
    });
  });

  it('keeps a long digest within Block Kit limits', async () => {
    const ch = channel({ name: 'slack', type: 'slack', urlEnv: 'SLACK_URL' }, { SLACK_URL: receiver.url });
    await send(ch, digest(12));
    const payload = slackMessageSchema.parse(JSON.parse(receiver.requests.at(-1)?.body ?? '{}'));
    expect(JSON.stringify(payload)).toContain('Overdue (12)');
    expect(JSON.stringify(payload)).toContain('5 more on the dashboard');
  });

  it('does not accept the webhook URL in the config file itself', () => {
    expect(
      channelSchema.safeParse({ name: 's', type: 'slack', url: 'https://hooks.slack.com/x' }).success,
    ).toBe(false);
  });
});

describe('Teams channel (Adaptive Card 1.5 in the Workflows envelope)', () => {
  let receiver: HttpReceiver;
  beforeAll(async () => {
    receiver = await startHttpReceiver(202);
  });
  afterAll(() => receiver.close());

  it('posts an Adaptive Card 1.5 that the Workflows webhook accepts', async () => {
    const ch = channel({ name: 'teams', type: 'teams', urlEnv: 'TEAMS_URL' }, { TEAMS_URL: receiver.url });
    await send(ch, announce());
    await send(ch, digest(3));
    for (const request of receiver.requests.slice(-2)) {
      const envelope = teamsWorkflowsEnvelopeSchema.parse(JSON.parse(request.body));
      adaptiveCard15Schema.parse(envelope.attachments[0]?.content);
    }
    const card = JSON.parse(receiver.requests.at(-2)?.body ?? '{}').attachments[0].content;
    expect(card.body[2].facts).toContainEqual({ title: 'Account', value: '111122223333' });
    expect(card.actions[0]).toEqual({
      type: 'Action.OpenUrl',
      title: 'Open in opsradar',
      url: `${BASE}/items/42`,
    });
  });
});

describe('e-mail channel over a real SMTP server (STARTTLS + AUTH)', () => {
  const cert = selfSignedCertificate();
  let smtp: SmtpReceiver;
  beforeAll(async () => {
    smtp = await startSmtpReceiver({
      cert: cert.cert,
      key: cert.key,
      user: 'opsradar',
      password: 'pw-0123456789',
    });
  });
  afterAll(async () => {
    await smtp.close();
    cert.dispose();
  });

  const config = (port: number) => ({
    name: 'mail',
    type: 'email',
    host: '127.0.0.1',
    port,
    security: 'starttls',
    user: 'opsradar',
    passwordEnv: 'SMTP_PASSWORD',
    caFile: cert.cert,
    from: 'opsradar <opsradar@example.com>',
    to: [{ address: 'sato@example.jp', lang: 'ja' }, 'lee@example.com'],
  });

  it('sends one mail per language, text and HTML, Japanese encoded, after STARTTLS and AUTH', async () => {
    const ch = channel(config(smtp.port), { SMTP_PASSWORD: 'pw-0123456789' });
    try {
      await send(ch, announce());
    } finally {
      ch.close?.();
    }
    expect(smtp.mails).toHaveLength(2);
    const ja = smtp.mails.find((mail) => mail.envelopeTo.includes('sato@example.jp'));
    const en = smtp.mails.find((mail) => mail.envelopeTo.includes('lee@example.com'));
    expect(ja?.secure).toBe(true);
    expect(ja?.user).toBe('opsradar');
    expect(ja?.parsed.subject).toBe(
      '[opsradar] 新しい作業: #42 ACM 証明書の有効期限切れ：0f1e2d3c（2026-12-23）',
    );
    // Header encoded as RFC 2047 UTF-8 words, never raw 8-bit.
    expect(ja?.raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/m);
    expect(ja?.parsed.text).toContain('作業開始期限: 2026/12/09 09:00');
    expect(ja?.parsed.html).toContain(
      '<h2 style="color:#1a1a1a">#42 ACM 証明書の有効期限切れ：0f1e2d3c（2026-12-23）</h2>',
    );
    expect(en?.parsed.subject).toBe('[opsradar] New work: #42 ACM certificate expiry: 0f1e2d3c (2026-12-23)');
    expect(en?.parsed.text).toContain('Open in opsradar: https://opsradar.example.com/items/42');
    expect(ja?.parsed.messageId).not.toBe(en?.parsed.messageId);
  });

  it('skips a language part already delivered (a retry never mails a group twice)', async () => {
    const before = smtp.mails.length;
    const ch = channel(config(smtp.port), { SMTP_PASSWORD: 'pw-0123456789' });
    try {
      await send(ch, announce(), new Set(['lang:ja']));
    } finally {
      ch.close?.();
    }
    expect(smtp.mails.slice(before).map((mail) => mail.envelopeTo)).toEqual([['lee@example.com']]);
  });

  it('fails without retrying when the password is wrong', async () => {
    const ch = channel(config(smtp.port), { SMTP_PASSWORD: 'wrong-password' });
    try {
      await expect(send(ch, announce())).rejects.toMatchObject({ retryable: false });
    } finally {
      ch.close?.();
    }
  });
});

describe('SNS channel through the sandbox', () => {
  let sandbox: Sandbox;
  const account = '111122223333';
  beforeAll(async () => {
    sandbox = await startSandbox({
      now: NOW,
      scenario: {
        organization: { managementAccount: account },
        accounts: [
          {
            id: account,
            regions: { 'ap-northeast-1': { sns: { topics: [{ name: 'ops' }, { name: 'ops.fifo' }] } } },
          },
        ],
      },
    });
  });
  afterAll(() => sandbox.close());

  const aws = () => ({
    endpoint: sandbox.url,
    credentials: { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'x' },
  });

  it('publishes the message with an ASCII subject and the idempotency key as an attribute', async () => {
    const ch = channel(
      { name: 'sns', type: 'sns', topicArn: `arn:aws:sns:ap-northeast-1:${account}:ops`, lang: 'ja' },
      {},
      { aws: aws() },
    );
    try {
      await send(ch, announce());
    } finally {
      ch.close?.();
    }
    const published = snsPublished(sandbox.scenario).at(-1);
    expect(published?.subject).toBe('[opsradar] New work: #42 ACM certificate expiry: 0f1e2d3c (2026-12-23)');
    expect(published?.message).toContain('ACM 証明書の有効期限切れ');
    expect(published?.attributes['opsradar.idempotencyKey']).toBe('item:42|announce|ch');
    expect(sandbox.calls.at(-1)).toMatchObject({ service: 'sns', action: 'Publish', accountId: account });
  });

  it('on a FIFO topic, a re-sent message carries the same deduplication id and is delivered once', async () => {
    const ch = channel(
      { name: 'fifo', type: 'sns', topicArn: `arn:aws:sns:ap-northeast-1:${account}:ops.fifo` },
      {},
      { aws: aws() },
    );
    const before = snsPublished(sandbox.scenario).length;
    try {
      await send(ch, announce());
      await send(ch, announce());
    } finally {
      ch.close?.();
    }
    expect(snsPublished(sandbox.scenario).length - before).toBe(1);
  });

  it('reports a missing topic as a failure that retrying cannot fix', async () => {
    const ch = channel(
      { name: 'gone', type: 'sns', topicArn: `arn:aws:sns:ap-northeast-1:${account}:gone` },
      {},
      { aws: aws() },
    );
    try {
      await expect(send(ch, announce())).rejects.toMatchObject({ retryable: false });
    } finally {
      ch.close?.();
    }
  });
});
