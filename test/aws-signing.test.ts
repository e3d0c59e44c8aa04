import { Sha256Node } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cacheSigningKeys } from '../src/aws/account-signing.js';

const FIRST: AwsCredentialIdentity = { accessKeyId: 'AKIASIGNINGTEST00001', secretAccessKey: 'first-secret' };
const ROTATED: AwsCredentialIdentity = {
  accessKeyId: 'ASIASIGNINGTEST00002',
  secretAccessKey: 'rotated-secret',
  sessionToken: 'session-2',
};
const DAY_ONE = new Date('2026-03-01T10:00:00Z');
const DAY_TWO = new Date('2026-03-02T10:00:00Z');

function request(): HttpRequest {
  return new HttpRequest({
    method: 'POST',
    protocol: 'https:',
    hostname: 'ec2.eu-west-1.amazonaws.com',
    path: '/',
    headers: { host: 'ec2.eu-west-1.amazonaws.com', 'content-type': 'application/x-www-form-urlencoded' },
    body: 'Action=DescribeInstances&Version=2016-11-15',
  });
}

/** A signer whose credentials the test switches, like a role session that refreshes. */
function signer(credentials: { current: AwsCredentialIdentity }, cached: boolean): SignatureV4 {
  const sigv4 = new SignatureV4({
    credentials: async () => credentials.current,
    region: 'us-east-1',
    service: 'ec2',
    sha256: Sha256Node,
  });
  if (cached) cacheSigningKeys(sigv4);
  return sigv4;
}

async function authorization(
  sigv4: SignatureV4,
  signingDate: Date,
  signingRegion: string,
  signingService: string,
): Promise<string | undefined> {
  const signed = (await sigv4.sign(request(), { signingDate, signingRegion, signingService })) as HttpRequest;
  return signed.headers.authorization;
}

describe('cacheSigningKeys', () => {
  afterEach(() => vi.restoreAllMocks());

  it('signs every request exactly as the SDK signer does, across scopes, days and rotated credentials', async () => {
    // Prepare
    const credentials = { current: FIRST };
    const plain = signer(credentials, false);
    const cached = signer(credentials, true);
    const cases: Array<[Date, string, string]> = [
      [DAY_ONE, 'eu-west-1', 'ec2'],
      [DAY_ONE, 'eu-west-1', 'ec2'],
      [DAY_ONE, 'ap-northeast-1', 'ec2'],
      [DAY_ONE, 'eu-west-1', 'rds'],
      [DAY_TWO, 'eu-west-1', 'ec2'],
    ];
    // Act / Assess
    for (const creds of [FIRST, ROTATED, FIRST]) {
      credentials.current = creds;
      for (const [date, region, service] of cases) {
        const expected = await authorization(plain, date, region, service);
        expect(expected).toContain(`Credential=${creds.accessKeyId}/`);
        expect(await authorization(cached, date, region, service)).toBe(expected);
      }
    }
  });

  it('derives the key once per day, region and service while the credentials stay the same', async () => {
    // Prepare: the SDK derives through this method; if it is renamed, the cache silently stops helping.
    const derive = vi.spyOn(
      SignatureV4.prototype as unknown as { getSigningKey: () => unknown },
      'getSigningKey',
    );
    const credentials = { current: FIRST };
    const cached = signer(credentials, true);
    // Act
    for (let i = 0; i < 3; i++) {
      await authorization(cached, DAY_ONE, 'eu-west-1', 'ec2');
      await authorization(cached, DAY_ONE, 'eu-west-1', 'rds');
    }
    credentials.current = ROTATED;
    await authorization(cached, DAY_ONE, 'eu-west-1', 'ec2');
    // Assess
    expect(derive).toHaveBeenCalledTimes(3);
  });
});
