import { ACMClient, ListCertificatesCommand } from '@aws-sdk/client-acm';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeInstancesCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { DescribeReservedDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import {
  DescribeSavingsPlansCommand,
  DescribeSavingsPlansOfferingsCommand,
  SavingsplansClient,
} from '@aws-sdk/client-savingsplans';
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
      call: (url: string) =>
        new ACMClient({ endpoint: url, region: 'ap-northeast-1', credentials, maxAttempts: 2 }).send(
          new ListCertificatesCommand({}),
        ),
    },
    {
      protocol: 'query',
      code: 'Throttling',
      status: 400,
      call: (url: string) =>
        new RDSClient({ endpoint: url, region: 'ap-northeast-1', credentials, maxAttempts: 2 }).send(
          new DescribeReservedDBInstancesCommand({}),
        ),
    },
    {
      protocol: 'ec2',
      code: 'RequestLimitExceeded',
      status: 503,
      call: (url: string) =>
        new EC2Client({ endpoint: url, region: 'ap-northeast-1', credentials, maxAttempts: 2 }).send(
          new DescribeInstancesCommand({}),
        ),
    },
    {
      protocol: 'rest-json',
      code: 'ThrottlingException',
      status: 429,
      call: (url: string) =>
        new SavingsplansClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 2 }).send(
          new DescribeSavingsPlansCommand({}),
        ),
    },
  ])(
    'answers $protocol throttling with $code, which the SDK retries as throttling',
    async ({ code, status, call }) => {
      // Prepare
      sandbox = await startSandbox({ scenario, knobs: { throttle: 1 } });
      // Act
      const error = await failure(call(sandbox.url));
      // Assess
      expect(error.name).toBe(code);
      expect(error.$metadata.httpStatusCode).toBe(status);
      expect(isThrottlingError(error as unknown as Parameters<typeof isThrottlingError>[0])).toBe(true);
      expect(error.$metadata.attempts).toBe(2);
      expect(sandbox.calls.map((c) => c.error)).toEqual([code, code]);
      expect(sandbox.stats.throttled).toBe(2);
    },
  );

  it('answers CloudWatch (query-compatible json) throttling with the query code Throttling', async () => {
    // Prepare
    sandbox = await startSandbox({ scenario, knobs: { throttle: 1 } });
    const cw = new CloudWatchClient({
      endpoint: sandbox.url,
      region: 'ap-northeast-1',
      credentials,
      maxAttempts: 2,
    });
    // Act
    const error = await failure(
      cw.send(
        new GetMetricDataCommand({
          StartTime: new Date(0),
          EndTime: new Date(3_600_000),
          MetricDataQueries: [],
        }),
      ),
    );
    // Assess
    expect(error.name).toBe('Throttling');
    expect(isThrottlingError(error as unknown as Parameters<typeof isThrottlingError>[0])).toBe(true);
    expect(error.$metadata.attempts).toBe(2);
  });

  it('throttles above a rate limit per account, region and API, and not below it', async () => {
    // Prepare
    sandbox = await startSandbox({ scenario, knobs: { rateLimit: { rate: 0.001, burst: 2 } } });
    const acm = new ACMClient({
      endpoint: sandbox.url,
      region: 'ap-northeast-1',
      credentials,
      maxAttempts: 1,
    });
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

describe('call record', () => {
  it('keeps at most maxRecordedCalls calls but counts every one', async () => {
    // Prepare
    sandbox = await startSandbox({ scenario, maxRecordedCalls: 10 });
    const acm = new ACMClient({ endpoint: sandbox.url, region: 'ap-northeast-1', credentials });
    // Act
    for (let i = 0; i < 25; i++) await acm.send(new ListCertificatesCommand({}));
    // Assess
    expect(sandbox.calls.length).toBeLessThanOrEqual(10);
    expect(sandbox.calls.at(-1)).toMatchObject({
      service: 'acm',
      action: 'ListCertificates',
      accountId: '111111111111',
    });
    expect(sandbox.stats.total).toBe(25);
    expect(sandbox.stats.byAction).toEqual({ 'acm:ListCertificates': 25 });
  });

  it('only counts in count mode', async () => {
    // Prepare
    sandbox = await startSandbox({ scenario, recordCalls: 'count' });
    const acm = new ACMClient({ endpoint: sandbox.url, region: 'ap-northeast-1', credentials });
    // Act
    await acm.send(new ListCertificatesCommand({}));
    // Assess
    expect(sandbox.calls).toEqual([]);
    expect(sandbox.stats.total).toBe(1);
  });
});

describe('access denied and injected errors', () => {
  it.each([
    {
      protocol: 'json',
      code: 'AccessDeniedException',
      call: (url: string) =>
        new ACMClient({ endpoint: url, region: 'ap-northeast-1', credentials }).send(
          new ListCertificatesCommand({}),
        ),
    },
    {
      protocol: 'query',
      code: 'AccessDenied',
      call: (url: string) =>
        new RDSClient({ endpoint: url, region: 'ap-northeast-1', credentials }).send(
          new DescribeReservedDBInstancesCommand({}),
        ),
    },
    {
      protocol: 'ec2',
      code: 'UnauthorizedOperation',
      call: (url: string) =>
        new EC2Client({ endpoint: url, region: 'ap-northeast-1', credentials }).send(
          new DescribeInstancesCommand({}),
        ),
    },
    {
      protocol: 'rest-json',
      code: 'AccessDeniedException',
      call: (url: string) =>
        new SavingsplansClient({ endpoint: url, region: 'us-east-1', credentials }).send(
          new DescribeSavingsPlansCommand({}),
        ),
    },
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
        knobs: {
          services: {
            acm: {
              errors: [{ action: 'ListCertificates', code: 'InvalidArgsException', message: 'broken' }],
            },
          },
        },
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
  it('answers a rest-json path the sandbox does not serve with 404 UnknownOperationException', async () => {
    // Prepare
    sandbox = await startSandbox({ scenario });
    const sp = new SavingsplansClient({ endpoint: sandbox.url, region: 'us-east-1', credentials });
    // Act
    const error = await failure(sp.send(new DescribeSavingsPlansOfferingsCommand({})));
    // Assess
    expect(error.name).toBe('UnknownOperationException');
    expect(error.$metadata.httpStatusCode).toBe(404);
  });

  it.each([
    {
      protocol: 'query',
      call: (url: string) =>
        new IAMClient({ endpoint: url, region: 'us-east-1', credentials }).send(new ListUsersCommand({})),
    },
    {
      protocol: 'ec2',
      call: (url: string) =>
        new EC2Client({ endpoint: url, region: 'ap-northeast-1', credentials }).send(
          new DescribeVpcsCommand({}),
        ),
    },
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
