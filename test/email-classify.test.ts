import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyEmail } from '../src/ingest/email/classify.js';
import { DEMO_AUTHSERV_ID, demoMail } from '../src/ingest/email/demo.js';

/** The fixtures' receiving server (mx.example.co.jp) is the one whose Authentication-Results count. */
const OUR_SERVER = { trust: { authservIds: [DEMO_AUTHSERV_ID] } };

const fixture = (name: string): Buffer => readFileSync(join(import.meta.dirname, 'fixtures', 'mail', name));

describe('classify email: encodings, forwards and trust', () => {
  it('reads a Japanese notice in Shift_JIS (base64 body, encoded-word subject) with a JST date', async () => {
    // Act
    const out = await classifyEmail(fixture('sjis-ec2-retirement.eml'), OUR_SERVER);
    // Assess
    expect(out.status).toBe('matched');
    expect(out.classification).toMatchObject({
      kind: 'ec2-scheduled-event',
      category: 'emergency',
      subject: '[Retirement Notification] Amazon EC2 Instance scheduled for retirement. リタイア通知',
      accountId: '123456789012',
      region: 'ap-northeast-1',
      resources: [{ id: 'i-0123456789abcdef0', type: 'ec2-instance' }],
      trust: { verified: true, reason: 'aws-domain', forwarded: 'none' },
    });
    expect(out.classification?.dates.eventDate).toBe('2018-01-31T11:00:00.000Z');
  });

  it('unwraps an Outlook forward in EUC-JP quoted-printable and flags it unverified-but-forwarded', async () => {
    const out = await classifyEmail(fixture('eucjp-outlook-forward-dx.eml'), OUR_SERVER);
    expect(out.status).toBe('matched');
    const c = out.classification;
    expect(c).toMatchObject({
      kind: 'directconnect-maintenance',
      subject: 'AWS Direct Connect Emergency Maintenance Notification [AWS Account: 123456789012]',
      from: 'no-reply-aws@amazon.com',
      date: '2018-01-30T09:02:00.000Z',
      accountId: '123456789012',
      trust: {
        verified: false,
        reason: 'forwarded-inline',
        forwarded: 'inline',
        forwardedBy: 'h-sato@example.co.jp',
      },
    });
    expect(c?.resources.map((r) => r.id)).toEqual(['dxcon-ffabc123', 'dxlag-ffdef456']);
    expect(c?.dates).toMatchObject({
      eventDate: '2018-01-31T11:00:00.000Z',
      eventEndDate: '2018-01-31T15:00:00.000Z',
      basis: 'window',
    });
    // No Message-ID of the original survives an inline forward: the key is a hash of the original.
    expect(c?.sourceRef).toMatch(/^email:sha256:[0-9a-f]{64}$/);
  });

  it('unwraps a message/rfc822 forward, but never trusts the headers of an attached copy', async () => {
    const out = await classifyEmail(fixture('iso2022jp-attached-forward-vpn.eml'), OUR_SERVER);
    expect(out.status).toBe('matched');
    expect(out.classification).toMatchObject({
      kind: 'vpn-maintenance',
      sourceRef: 'email:vpn-original-1@email.amazonses.com',
      region: 'us-west-2',
      resources: [{ id: 'vpn-0a1b2c3d4e5f67890', type: 'vpn-connection' }],
      trust: {
        verified: false,
        reason: 'forwarded-attached',
        forwarded: 'attached',
        forwardedBy: 'i-suzuki@example.co.jp',
      },
      dates: { eventDate: '2018-02-05T18:00:00.000Z', eventEndDate: '2018-02-05T20:00:00.000Z' },
    });
  });

  it('corrects a wrong charset label and decodes a bare ISO-2022-JP subject', async () => {
    const out = await classifyEmail(fixture('wrong-charset-label-lambda.eml'), OUR_SERVER);
    expect(out.status).toBe('matched');
    const c = out.classification;
    expect(c?.subject).toBe('[要対応] AWS Lambda における Python 3.6 のサポート終了');
    expect(c?.kind).toBe('lambda-runtime-deprecation');
    expect(c?.notes).toEqual(['charset label "us-ascii" did not fit the bytes; decoded as shift_jis']);
    expect(c?.resources).toEqual([
      { id: 'arn:aws:lambda:ap-northeast-1:123456789012:function:legacy-report', type: 'lambda-function' },
    ]);
    expect(c?.dates.eventDate).toBe('2019-07-15T00:00:00.000Z');
  });

  it('reads an HTML-only notice with ids and dates in table cells', async () => {
    const out = await classifyEmail(fixture('html-only-acm.eml'), OUR_SERVER);
    expect(out.status).toBe('matched');
    expect(out.classification).toMatchObject({
      kind: 'acm-certificate-expiry',
      accountId: '123456789012',
      region: 'us-east-1',
      resources: [
        {
          id: 'arn:aws:acm:us-east-1:123456789012:certificate/9f8e7d6c-1a2b-3c4d-5e6f-7a8b9c0d1e2f',
          type: 'acm-certificate',
        },
      ],
      dates: { eventDate: '2018-01-31T00:00:00.000Z' },
    });
  });

  it('classifies a notice from a look-alike domain but marks it unverified, on every occurrence', async () => {
    const out = await classifyEmail(fixture('lookalike-domain-ses.eml'), OUR_SERVER);
    expect(out.status).toBe('matched');
    if (out.status !== 'matched') return;
    expect(out.classification.trust).toMatchObject({ verified: false, reason: 'not-aws-domain' });
    expect(out.occurrences.length).toBeGreaterThan(0);
    expect(out.occurrences.every((o) => o.verified === false)).toBe(true);
  });

  it('recognises an AWS Health notification mail by the event type code in its body', async () => {
    const out = await classifyEmail(fixture('health-event-code.eml'), OUR_SERVER);
    expect(out.status).toBe('matched');
    expect(out.classification).toMatchObject({
      kind: 'ec2-scheduled-event',
      accountId: '123456789012',
      region: 'eu-west-1',
      resources: [{ id: 'i-0abc1234def567890', type: 'ec2-instance' }],
      dates: {
        eventDate: '2026-12-08T09:00:00.000Z',
        eventEndDate: '2026-12-08T11:00:00.000Z',
        basis: 'label',
      },
      // No Authentication-Results from our server at all: recognised, but unverified.
      trust: { verified: false, reason: 'no-auth-results', domain: 'aws.com' },
    });
    expect(out.classification?.matchedBy).toMatch(
      /^AWS Health event type code AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED/,
    );
  });

  it("keeps AWS's own abuse report whole even though it quotes and attaches the complaint", async () => {
    // Prepare
    const complaint = [
      'From: abuse-desk@victim.example',
      'Subject: Port scanning from 198.51.100.23',
      'Message-ID: <complaint-1@victim.example>',
      '',
      'We saw scans from your network.',
    ].join('\r\n');
    const raw = Buffer.from(
      [
        'Authentication-Results: mx.example.co.jp; dkim=pass header.d=amazon.com; spf=pass; dmarc=pass',
        'From: AWS Trust & Safety <ec2-abuse@amazon.com>',
        'Subject: Your Amazon EC2 Abuse Report [12345678901] [AWS ID 123456789012]',
        'Message-ID: <abuse-quoting@amazon.com>',
        'Content-Type: multipart/mixed; boundary="a"',
        '',
        '--a',
        'Content-Type: text/plain',
        '',
        'Instance Id: i-0f9e8d7c6b5a41302 IP Address: 198.51.100.23',
        '-----Original Message-----',
        'From: abuse-desk@victim.example',
        'Subject: Port scanning from 198.51.100.23',
        '',
        'We saw scans from your network.',
        '--a',
        'Content-Type: message/rfc822',
        '',
        complaint,
        '--a--',
        '',
      ].join('\r\n'),
    );
    // Act
    const out = await classifyEmail(raw, OUR_SERVER);
    // Assess
    expect(out.classification).toMatchObject({
      kind: 'abuse-report',
      sourceRef: 'email:abuse-quoting@amazon.com',
      resources: [{ id: 'i-0f9e8d7c6b5a41302', type: 'ec2-instance' }],
      trust: { verified: true, forwarded: 'none' },
    });
  });

  it('unwraps a Fwd: whose client quoted the original headers without a separator line', async () => {
    const raw = Buffer.from(
      [
        'From: colleague@example.jp',
        'Subject: Fwd: AWS VPN Planned Maintenance Notification [AWS Account: 123456789012]',
        'Message-ID: <fwd-bare@example.jp>',
        '',
        'FYI',
        '',
        'From: Amazon Web Services <no-reply-aws@amazon.com>',
        'Date: Thu, 25 Jan 2018 03:00:00 +0000',
        'Subject: AWS VPN Planned Maintenance Notification [AWS Account: 123456789012]',
        '',
        'Maintenance of vpn-0a1b2c3d4e5f67890 from 2018-02-05 18:00 UTC to 2018-02-05 20:00 UTC.',
      ].join('\r\n'),
    );
    const out = await classifyEmail(raw, OUR_SERVER);
    expect(out.classification).toMatchObject({
      kind: 'vpn-maintenance',
      from: 'no-reply-aws@amazon.com',
      date: '2018-01-25T03:00:00.000Z',
      resources: [{ id: 'vpn-0a1b2c3d4e5f67890' }],
      dates: { eventDate: '2018-02-05T18:00:00.000Z', eventEndDate: '2018-02-05T20:00:00.000Z' },
      trust: { verified: false, reason: 'forwarded-inline', forwardedBy: 'colleague@example.jp' },
    });
  });

  it('names a Lambda function given only by name with its ARN, as the Lambda scanner does', async () => {
    const raw = Buffer.from(
      [
        'From: no-reply-aws@amazon.com',
        'Subject: [Action Required] AWS Lambda end of support for Python 3.9 [AWS Account: 123456789012]',
        '',
        'Region: ap-northeast-1',
        'Function name: nightly-report',
        'We are ending support for Python 3.9 in Lambda on December 15, 2025.',
      ].join('\r\n'),
    );
    const out = await classifyEmail(raw, OUR_SERVER);
    expect(out.status).toBe('matched');
    if (out.status !== 'matched') return;
    expect(out.occurrences.map((o) => [o.resource, o.eventDate])).toEqual([
      ['arn:aws:lambda:ap-northeast-1:123456789012:function:nightly-report', '2025-12-15T00:00:00.000Z'],
    ]);
  });

  it('sends a message that is no AWS notice to the quarantine with kind null', async () => {
    const out = await classifyEmail(fixture('unrelated-newsletter.eml'), OUR_SERVER);
    expect(out.status).toBe('quarantine');
    if (out.status !== 'quarantine') return;
    expect(out.reason).toEqual({ code: 'no-match', detail: { subject: 'This week in cloud computing' } });
    expect(out.classification?.kind).toBeNull();
  });
});

describe('classify email: the demo notices', () => {
  const now = new Date('2026-11-24T00:00:00Z');
  const expected: Record<
    string,
    { kind: string; verified: boolean; resources: string[]; eventDate: string | null }
  > = {
    'demo:01-ec2-retirement.eml': {
      kind: 'ec2-scheduled-event',
      verified: true,
      resources: ['i-0a1b2c3d4e5f60718'],
      eventDate: '2026-12-06T00:00:00.000Z',
    },
    'demo:02-directconnect-planned-maintenance.eml': {
      kind: 'directconnect-maintenance',
      verified: true,
      resources: ['dxcon-ffabc123'],
      eventDate: '2026-12-10T00:00:00.000Z',
    },
    'demo:03-vpn-planned-maintenance.eml': {
      kind: 'vpn-maintenance',
      verified: true,
      resources: ['vpn-0c1d2e3f4a5b6c7d8'],
      eventDate: '2026-12-06T16:00:00.000Z',
    },
    'demo:04-ses-probation.eml': {
      kind: 'ses-enforcement',
      verified: true,
      resources: [],
      eventDate: '2027-01-07T00:00:00.000Z',
    },
    'demo:05-shield-ddos.eml': {
      kind: 'shield-ddos-detected',
      verified: true,
      resources: [
        'arn:aws:elasticloadbalancing:ap-northeast-1:222222222222:loadbalancer/app/shop-prod/50dc6c495c0c9188',
      ],
      eventDate: '2026-11-23T21:50:00.000Z',
    },
    'demo:06-abuse-report.eml': {
      kind: 'abuse-report',
      verified: true,
      resources: ['i-0a1b2c3d4e5f60718'],
      eventDate: '2026-11-23T18:00:00.000Z',
    },
    'demo:07-domain-renewal.eml': {
      kind: 'route53-domain-expiry',
      verified: true,
      resources: ['example-shop.jp'],
      eventDate: '2027-02-02T00:00:00.000Z',
    },
    'demo:08-lambda-end-of-support.eml': {
      kind: 'lambda-runtime-deprecation',
      verified: true,
      resources: [
        'arn:aws:lambda:ap-northeast-1:345678901234:function:order-webhook',
        'arn:aws:lambda:ap-northeast-1:345678901234:function:thumbnail-resize',
      ],
      eventDate: '2027-02-02T00:00:00.000Z',
    },
    'demo:09-forwarded-iso2022jp.eml': {
      kind: 'ec2-scheduled-event',
      verified: false,
      resources: ['i-07e5c9a1b3d2f4e68'],
      eventDate: '2026-12-10T01:00:00.000Z',
    },
    'demo:10-spoofed-ec2-retirement.eml': {
      kind: 'ec2-scheduled-event',
      verified: false,
      resources: ['i-0123456789abcdef0'],
      eventDate: '2026-12-04T00:00:00.000Z',
    },
    // The bilingual retirement notice names the zone by AZ ID only: the deadline is its date.
    'demo:11-availability-zone-retirement.eml': {
      kind: 'availability-zone-retirement',
      verified: true,
      resources: [],
      eventDate: '2025-02-28T00:00:00.000Z',
    },
    // The S3 TLS notice names no deadline (the endpoints already require TLS 1.2).
    'demo:12-tls-s3-connections.eml': {
      kind: 'tls-endpoint-deprecation',
      verified: true,
      resources: [],
      eventDate: null,
    },
  };

  it.each(demoMail(now).map((m) => [m.origin, m.raw] as const))('%s', async (origin, raw) => {
    // Act
    const out = await classifyEmail(raw, { now, ...OUR_SERVER });
    // Assess
    const want = expected[origin];
    expect(want).toBeDefined();
    expect(out.status).toBe('matched');
    if (out.status !== 'matched' || !want) return;
    expect(out.classification.kind).toBe(want.kind);
    expect(out.classification.trust.verified).toBe(want.verified);
    expect(out.classification.resources.map((r) => r.id)).toEqual(want.resources);
    expect(out.occurrences[0]?.eventDate).toBe(want.eventDate);
    expect(out.occurrences.every((o) => o.source === 'email' && o.verified === want.verified)).toBe(true);
  });
});
