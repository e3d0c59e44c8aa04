import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatArn, parseArn, roleArn } from '../src/aws/arn.js';
import { classifyAwsError, redact } from '../src/aws/errors.js';
import { publishedRates } from '../src/aws/published-rates.js';
import { awsRate } from '../src/sandbox/rates.js';
import { bucketFor, DEFAULT_RATES, Semaphore, TokenBucket } from '../src/scan/limits.js';

function awsError(name: string, message = 'x', status = 400) {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

describe('how the engine reads AWS errors', () => {
  it.each([
    ['AccessDenied', 'denied'],
    ['AccessDeniedException', 'denied'],
    ['UnauthorizedOperation', 'denied'],
    ['ThrottlingException', 'throttled'],
    ['Throttling', 'throttled'],
    ['RequestLimitExceeded', 'throttled'],
    ['UnknownEndpoint', 'unsupported'],
    ['InternalFailure', 'failed'],
  ])('%s is %s', (code, expected) => {
    expect(classifyAwsError(awsError(code)).class).toBe(expected);
  });

  it('treats a region without the service endpoint (DNS failure) as unsupported, and keeps the reason', () => {
    // Prepare
    const error = Object.assign(new Error('getaddrinfo ENOTFOUND es.ap-east-2.amazonaws.com'), {
      code: 'ENOTFOUND',
    });
    // Act
    const info = classifyAwsError(error);
    // Assess
    expect(info.class).toBe('unsupported');
    expect(info.reason).toContain('es.ap-east-2.amazonaws.com');
  });

  it('never puts access keys or signatures into a reason', () => {
    const info = classifyAwsError(
      awsError('InvalidSignatureException', 'key AKIAABCDEFGHIJKLMNOP bad Signature=abcdef123'),
    );
    expect(info.reason).not.toContain('ABCDEFGHIJKLMNOP');
    expect(info.reason).not.toContain('abcdef123');
    expect(redact('ASIAABCDEFGHIJKLMNOP')).toBe('ASIA****');
  });
});

describe('ARNs', () => {
  it('parses and formats, keeping colons inside the resource', () => {
    const arn = 'arn:aws:elasticache:ap-northeast-1:123456789012:reserved-instance:ri-1';
    expect(parseArn(arn)).toEqual({
      partition: 'aws',
      service: 'elasticache',
      region: 'ap-northeast-1',
      accountId: '123456789012',
      resource: 'reserved-instance:ri-1',
    });
    expect(formatArn(parseArn(arn) as NonNullable<ReturnType<typeof parseArn>>)).toBe(arn);
    expect(parseArn('i-0123456789abcdef0')).toBeUndefined();
    expect(roleArn('123456789012', 'OpsradarReadOnly', 'cn-north-1')).toBe(
      'arn:aws-cn:iam::123456789012:role/OpsradarReadOnly',
    );
  });
});

describe('pacing', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a token bucket lets the burst through at once, then one call per 1/rate seconds', async () => {
    // Prepare
    vi.useFakeTimers();
    let now = 0;
    const bucket = new TokenBucket({ perSecond: 2, burst: 2 }, () => now);
    const done: number[] = [];
    // Act
    for (let i = 0; i < 4; i++) void bucket.take().then(() => done.push(now));
    await vi.advanceTimersByTimeAsync(0);
    const afterBurst = done.length;
    now = 500;
    await vi.advanceTimersByTimeAsync(500);
    now = 1000;
    await vi.advanceTimersByTimeAsync(500);
    // Assess
    expect(afterBurst).toBe(2);
    expect(done).toEqual([0, 0, 500, 1000]);
  });

  it('uses the operation’s own rate when AWS publishes one, else the service’s, else the default', () => {
    expect(bucketFor(DEFAULT_RATES, 'ACM', 'ListCertificates')).toEqual({
      key: 'ACM:ListCertificates',
      rate: { perSecond: 1, burst: 1 },
    });
    expect(bucketFor(DEFAULT_RATES, 'EC2', 'DescribeRegions')).toEqual({
      key: 'EC2',
      rate: { perSecond: 20, burst: 100 },
    });
    expect(bucketFor(DEFAULT_RATES, 'Redshift', 'DescribeReservedNodes').key).toBe('Redshift');
    expect(bucketFor(DEFAULT_RATES, 'Redshift', 'DescribeReservedNodes').rate).toEqual(DEFAULT_RATES['*']);
  });

  it('paces with the same published rates the sandbox enforces as AWS (one table, data/aws-rates.yaml)', () => {
    const data = publishedRates();
    expect(awsRate('sts', 'AssumeRole')).toEqual({ rate: 600, burst: 600 });
    expect(bucketFor(DEFAULT_RATES, 'STS', 'AssumeRole').rate).toEqual({ perSecond: 600, burst: 600 });
    for (const [service, entry] of Object.entries(data.services)) {
      for (const op of [...Object.keys(entry.operations), 'SomeOtherCall']) {
        const sandbox = awsRate(service, op);
        expect(bucketFor(DEFAULT_RATES, entry.client, op).rate, `${service}:${op}`).toEqual({
          perSecond: sandbox.rate,
          burst: sandbox.burst,
        });
      }
      expect(entry.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    }
    expect(awsRate('redshift', 'DescribeReservedNodes')).toEqual(data.fallback);
  });

  it('a semaphore never lets more than its size run at once', async () => {
    // Prepare
    const semaphore = new Semaphore(3);
    let running = 0;
    let peak = 0;
    // Act
    await Promise.all(
      Array.from({ length: 20 }, () =>
        semaphore.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setImmediate(resolve));
          running--;
        }),
      ),
    );
    // Assess
    expect(peak).toBe(3);
    expect(semaphore.busy).toBe(0);
  });
});
