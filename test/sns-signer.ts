import { execFileSync } from 'node:child_process';
import { createSign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalString, type SnsMessage } from '../src/ingest/sns/message.js';

/** A self-signed certificate made for the test run: the test, not production code, trusts it. */
export interface TestSigner {
  certPem: string;
  keyPem: string;
  /** Where the messages claim the certificate lives (an SNS-shaped URL; the test fetcher serves it). */
  certUrl: string;
}

export function makeTestSigner(commonName = 'sns.amazonaws.com'): TestSigner {
  const dir = mkdtempSync(join(tmpdir(), 'opsradar-sns-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '2',
        '-subj',
        `/CN=${commonName}`,
      ],
      { stdio: 'ignore' },
    );
    return {
      certPem: readFileSync(join(dir, 'cert.pem'), 'utf8'),
      keyPem: readFileSync(join(dir, 'key.pem'), 'utf8'),
      certUrl: 'https://sns.ap-northeast-1.amazonaws.com/SimpleNotificationService-opsradartest.pem',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Unsigned = DistributiveOmit<SnsMessage, 'Signature' | 'SignatureVersion' | 'SigningCertURL'>;

/** Signs like SNS: SHA1withRSA for SignatureVersion 1, SHA256withRSA for 2, over the canonical string. */
export function signSnsMessage(
  message: Unsigned,
  signer: TestSigner,
  version: '1' | '2' = '1',
  certUrl = signer.certUrl,
): SnsMessage {
  const signed = { ...message, SignatureVersion: version, SigningCertURL: certUrl } as SnsMessage;
  const sign = createSign(version === '1' ? 'RSA-SHA1' : 'RSA-SHA256');
  sign.update(canonicalString(signed), 'utf8');
  return { ...signed, Signature: sign.sign(signer.keyPem, 'base64') };
}

export const TEST_TOPIC = 'arn:aws:sns:ap-northeast-1:123456789012:opsradar-health';

/** An SNS Notification carrying `event` as its Message (EventBridge → SNS target). */
export function notification(event: unknown, now: Date, overrides: Partial<Unsigned> = {}): Unsigned {
  return {
    Type: 'Notification',
    MessageId: `msg-${Math.random().toString(16).slice(2)}`,
    TopicArn: TEST_TOPIC,
    Message: JSON.stringify(event),
    Timestamp: now.toISOString(),
    UnsubscribeURL: `https://sns.ap-northeast-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${TEST_TOPIC}:0b1c`,
    ...overrides,
  } as Unsigned;
}
