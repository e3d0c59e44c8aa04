import { ACMClient, ListCertificatesCommand } from '@aws-sdk/client-acm';
import { DescribeInstancesCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeDBInstancesCommand, DescribeReservedDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { DescribeSavingsPlansCommand, SavingsplansClient } from '@aws-sdk/client-savingsplans';
import { isThrottlingError } from '@smithy/core/retry';
import { afterEach, describe, expect, it } from 'vitest';
import { type Sandbox, type ScenarioInput, startSandbox } from '../src/sandbox/index.js';

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'sandbox-secret' };
const scenario: ScenarioInput = {
  organization: { regions: ['ap-northeast-1', 'us-east-1'] },
  accounts: [{ id: '111111111111', name: 'management' }],
};

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

type SdkError = Error & { $metadata: { httpStatusCode?: number; attempts?: number } };

async function failure(promise: Promise<unknown>): Promise<SdkError> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: SdkError) => error,
  );
}

describe('throttling knobs', () => {
  it.each([
    {
      protocol: 'json',
      code: 'ThrottlingException',
      status: 400,
      call: (url: string) => new ACMClient({ endpoint: url, region: 'ap-northeast-1', credentials, maxAttempts: 2 }).send(new ListCertificatesCommand({})),
    },
    {
      protocol: 'query',
      code: 'Throttling',
      status: 400,
      call: (url: string) => new RDSClient({ endpoint: url, region: 'ap-northeast-1', credentials, maxAttempts: 2 }).send(new DescribeReservedDBInstancesCommand({})),
    },
    {
      protocol: 'ec2',
      code: 'RequestLimitExceeded',
      status: 503,
      call: (url: string) => new EC2Client({ endpoint: url, region: 'ap-northeast-1', credentials, maxAttempts: 2 }).send(new DescribeInstancesCommand({})),
    },
    {
      protocol: 'rest-json',
      code: 'ThrottlingException',
      status: 429,
      call: (url: string) => new SavingsplansClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 2 }).send(new DescribeSavingsPlansCommand({})),
    },
  ])('answers $protocol throttling with $code, which the SDK retries as throttling', async ({ code, status, call }) => {
    // Prepare
    sandbox = await startSandbox({ scenario, knobs: { throttle: 1 } });
    // Act
    const error = await failure(call(sandbox.url));
    // Assess
    expect(error.name).toBe(code);
    expect(error.$metadata.httpStatusCode).toBe(status);
    expect(isThrottlingError(error)).toBe(true);
    expect(error.$metadata.attempts).toBe(2);
    expect(sandbox.calls.map((c) => c.error)).toEqual([code, code]);
    expect(sandbox.stats.throttled).toBe(2);
  });

  it('throttles above a rate limit per account, region and API, and not below it', async () => {
    // Prepare
    sandbox = await startSandbox({ scenario, knobs: { rateLimit: { rate: 0.001, burst: 2 } } });
    const acm = new ACMClient({ endpoint: sandbox.url, region: 'ap-northeast-1', credentials, maxAttempts: 1 });
    const acmUs = new ACMClient({ endpoint: sandbox.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    // Act
    await acm.send(new ListCertificatesCommand({}));
    await acm.send(new ListCertificatesCommand({}));
    const third = await failure(acm.send(new ListCertificatesCommand({})));
    const otherRegion = await acmUs.send(new ListCertificatesCommand({}));
    // Assess
    expect(third.name).toBe('ThrottlingException');
    expect(otherRegion.CertificateSummaryList).toEqual([]);
  });

  it('adds the configured latency to every call', async () => {
    // Prepare
    sandbox = await startSandbox({ scenario, knobs: { latencyMs: 150 } });
    const acm = new ACMClient({ endpoint: sandbox.url, region: 'ap-northeast-1', credentials });
    await acm.send(new ListCertificatesCommand({}));
    // Act
    const started = performance.now();
    await acm.send(new ListCertificatesCommand({}));
    const elapsed = performance.now() - started;
    // Assess
    expect(elapsed).toBeGreaterThanOrEqual(145);
  });
});

describe('access denied and injected errors', () => {
  it.each([
    { protocol: 'json', code: 'AccessDeniedException', call: (url: string) => new ACMClient({ endpoint: url, region: 'ap-northeast-1', credentials }).send(new ListCertificatesCommand({})) },
    { protocol: 'query', code: 'AccessDenied', call: (url: string) => new RDSClient({ endpoint: url, region: 'ap-northeast-1', credentials }).send(new DescribeReservedDBInstancesCommand({})) },
    { protocol: 'ec2', code: 'UnauthorizedOperation', call: (url: string) => new EC2Client({ endpoint: url, region: 'ap-northeast-1', credentials }).send(new DescribeInstancesCommand({})) },
    { protocol: 'rest-json', code: 'AccessDeniedException', call: (url: string) => new SavingsplansClient({ endpoint: url, region: 'us-east-1', credentials }).send(new DescribeSavingsPlansCommand({})) },
  ])('answers a denied $protocol call with $code, not retried', async ({ code, call }) => {
    // Prepare
    sandbox = await startSandbox({ scenario, knobs: { deny: true } });
    // Act
    const error = await failure(call(sandbox.url));
    // Assess
    expect(error.name).toBe(code);
    expect(error.$metadata.attempts).toBe(1);
    expect(error.message).toContain('is not authorized to perform');
  });

  it('injects a configured error for one service and operation only', async () => {
    // Prepare
    sandbox = await startSandbox({
      scenario: {
        ...scenario,
        knobs: { services: { acm: { errors: [{ action: 'ListCertificates', code: 'InvalidArgsException', message: 'broken' }] } } },
      },
    });
    const acm = new ACMClient({ endpoint: sandbox.url, region: 'ap-northeast-1', credentials });
    const ec2 = new EC2Client({ endpoint: sandbox.url, region: 'ap-northeast-1', credentials });
    // Act
    const error = await failure(acm.send(new ListCertificatesCommand({})));
    const other = await ec2.send(new DescribeInstancesCommand({}));
    // Assess
    expect(error.name).toBe('InvalidArgsException');
    expect(error.message).toBe('broken');
    expect(other.Reservations).toEqual([]);
  });
});

describe('unknown operations', () => {
  it.each([
    { protocol: 'query', call: (url: string) => new RDSClient({ endpoint: url, region: 'ap-northeast-1', credentials }).send(new DescribeDBInstancesCommand({})) },
    { protocol: 'ec2', call: (url: string) => new EC2Client({ endpoint: url, region: 'ap-northeast-1', credentials }).send(new DescribeVpcsCommand({})) },
  ])('answers an operation the $protocol sandbox does not serve with InvalidAction', async ({ call }) => {
    // Prepare
    sandbox = await startSandbox({ scenario });
    // Act
    const error = await failure(call(sandbox.url));
    // Assess
    expect(error.name).toBe('InvalidAction');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });
});
