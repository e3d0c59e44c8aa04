import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACMClient, ListCertificatesCommand } from '@aws-sdk/client-acm';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { ListDomainsCommand, Route53DomainsClient } from '@aws-sdk/client-route-53-domains';
import { ListServiceQuotasCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../src/core/time.js';
import { resolveDate } from '../src/sandbox/helpers.js';
import { ScenarioError, startSandbox } from '../src/sandbox/index.js';

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'sandbox-secret' };

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'opsradar-scenario-'));
}

describe('relative dates', () => {
  it.each([
    ['12d', '2026-04-13T00:00:00.000Z'],
    ['-3d', '2026-03-29T00:00:00.000Z'],
    ['6h', '2026-04-01T06:00:00.000Z'],
    ['2026-05-01', '2026-05-01T00:00:00.000Z'],
  ])('resolves %s against the clock', (spec, expected) => {
    // Act
    const date = resolveDate(spec, new Date('2026-04-01T00:00:00Z'));
    // Assess
    expect(date.toISOString()).toBe(expected);
  });
});

describe('scenario files', () => {
  it('merges a directory of YAML files by account id', async () => {
    // Prepare
    const dir = tempDir();
    writeFileSync(
      join(dir, 'base.yaml'),
      "accounts:\n  - { id: '111111111111', name: mgmt }\n  - { id: '222222222222', name: prod }\n",
    );
    writeFileSync(
      join(dir, 'acm.yaml'),
      "accounts:\n  - id: '222222222222'\n    regions:\n      ap-northeast-1:\n        acm:\n          certificates: [{ domain: a.example.jp, notAfter: 12d }]\n",
    );
    const sandbox = await startSandbox({ scenario: dir });
    try {
      const sts = new STSClient({ endpoint: sandbox.url, region: 'us-east-1', credentials });
      const role = await sts.send(
        new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::222222222222:role/R', RoleSessionName: 's' }),
      );
      const acm = new ACMClient({
        endpoint: sandbox.url,
        region: 'ap-northeast-1',
        credentials: {
          accessKeyId: role.Credentials?.AccessKeyId ?? '',
          secretAccessKey: role.Credentials?.SecretAccessKey ?? '',
          sessionToken: role.Credentials?.SessionToken,
        },
      });
      // Act
      const accounts = await new OrganizationsClient({
        endpoint: sandbox.url,
        region: 'us-east-1',
        credentials,
      }).send(new ListAccountsCommand({}));
      const certs = await acm.send(new ListCertificatesCommand({}));
      // Assess
      expect(accounts.Accounts?.map((a) => [a.Id, a.Name])).toEqual([
        ['111111111111', 'mgmt'],
        ['222222222222', 'prod'],
      ]);
      expect(certs.CertificateSummaryList?.map((c) => c.DomainName)).toEqual(['a.example.jp']);
    } finally {
      await sandbox.close();
    }
  });

  it('names the file and the path of an invalid value', async () => {
    // Prepare
    const file = join(tempDir(), 'broken.yaml');
    writeFileSync(
      file,
      "accounts:\n  - id: '111111111111'\n    regions:\n      ap-northeast-1:\n        acm:\n          certificates: [{ domain: a.example.jp, notAfter: soon }]\n",
    );
    // Act
    const error = await startSandbox({ scenario: file }).catch((e: Error) => e);
    // Assess
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain(
      'accounts[0].regions.ap-northeast-1.acm.certificates[0].notAfter',
    );
  });

  it('rejects an unknown service and a malformed account id', async () => {
    // Act
    const unknown = await startSandbox({
      scenario: { accounts: [{ id: '111111111111', regions: { 'us-east-1': { acmm: {} } } }] },
    }).catch((e: Error) => e);
    const badId = await startSandbox({ scenario: { accounts: [{ id: '1234' }] } }).catch((e: Error) => e);
    // Assess
    expect((unknown as Error).message).toMatch(/regions\.us-east-1\.acmm: unknown service/);
    expect((badId as Error).message).toMatch(/accounts\[0\]\.id: expected a 12-digit AWS account id/);
  });
});

describe('demo scenario', () => {
  it('loads, lists its accounts and keeps domains in us-east-1 only', async () => {
    // Prepare
    const sandbox = await startSandbox({ scenario: 'demo' });
    try {
      const org = new OrganizationsClient({ endpoint: sandbox.url, region: 'us-east-1', credentials });
      // Act
      const accounts = await org.send(new ListAccountsCommand({}));
      const domains = await new Route53DomainsClient({
        endpoint: sandbox.url,
        region: 'us-east-1',
        credentials,
      }).send(new ListDomainsCommand({}));
      const tokyo = await new Route53DomainsClient({
        endpoint: sandbox.url,
        region: 'ap-northeast-1',
        credentials,
        maxAttempts: 1,
      })
        .send(new ListDomainsCommand({}))
        .catch((e: Error) => e);
      // Assess
      expect(accounts.Accounts?.map((a) => `${a.Id}:${a.Status}`)).toEqual([
        '111111111111:ACTIVE',
        '222222222222:ACTIVE',
        '333333333333:ACTIVE',
        '444444444444:ACTIVE',
        '555555555555:SUSPENDED',
      ]);
      expect(domains.Domains?.find((d) => d.DomainName === 'example-campaign.jp')?.AutoRenew).toBe(false);
      expect(tokyo).toBeInstanceOf(Error);
    } finally {
      await sandbox.close();
    }
  });
});

describe('demo quotas', () => {
  it('serves a quota usage metric through CloudWatch GetMetricData, newest datapoint at the usage', async () => {
    // Prepare
    const now = new Date('2026-04-01T00:00:00Z');
    const sandbox = await startSandbox({ scenario: 'demo', now });
    try {
      const sts = new STSClient({ endpoint: sandbox.url, region: 'us-east-1', credentials });
      const role = await sts.send(
        new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::222222222222:role/R', RoleSessionName: 's' }),
      );
      const prod = {
        accessKeyId: role.Credentials?.AccessKeyId ?? '',
        secretAccessKey: role.Credentials?.SecretAccessKey ?? '',
        sessionToken: role.Credentials?.SessionToken,
      };
      const quotas = new ServiceQuotasClient({
        endpoint: sandbox.url,
        region: 'ap-northeast-1',
        credentials: prod,
      });
      const cw = new CloudWatchClient({ endpoint: sandbox.url, region: 'ap-northeast-1', credentials: prod });
      const listed = await quotas.send(new ListServiceQuotasCommand({ ServiceCode: 'ec2' }));
      const vcpu = listed.Quotas?.find((q) => q.QuotaCode === 'L-1216C47A');
      // Act
      const out = await cw.send(
        new GetMetricDataCommand({
          StartTime: new Date(now.getTime() - DAY_MS),
          EndTime: now,
          MetricDataQueries: [
            {
              Id: 'q0',
              MetricStat: {
                Metric: {
                  Namespace: vcpu?.UsageMetric?.MetricNamespace,
                  MetricName: vcpu?.UsageMetric?.MetricName,
                  Dimensions: Object.entries(vcpu?.UsageMetric?.MetricDimensions ?? {}).map(
                    ([Name, Value]) => ({ Name, Value }),
                  ),
                },
                Period: 3600,
                Stat: 'Maximum',
              },
            },
          ],
        }),
      );
      // Assess
      const result = out.MetricDataResults?.[0];
      expect(vcpu?.Value).toBe(256);
      expect(result?.Values).toHaveLength(24);
      expect(result?.Values?.[0]).toBe(236);
      expect(Math.max(...(result?.Values ?? []))).toBe(236);
      expect(result?.Timestamps?.[0]).toBeInstanceOf(Date);
    } finally {
      await sandbox.close();
    }
  });
});

describe('opsradar sandbox command', () => {
  it('prints AWS_ENDPOINT_URL first and serves until SIGTERM', async () => {
    // Prepare
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'sandbox', '--scenario', 'demo', '--port', '0'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      // Act
      const firstLine = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const newline = out.indexOf('\n');
          if (newline >= 0) resolve(out.slice(0, newline));
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      const url = firstLine.replace('AWS_ENDPOINT_URL=', '');
      const accounts = await new OrganizationsClient({
        endpoint: url,
        region: 'us-east-1',
        credentials,
      }).send(new ListAccountsCommand({}));
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      // Assess
      expect(firstLine).toMatch(/^AWS_ENDPOINT_URL=http:\/\/127\.0\.0\.1:\d+$/);
      expect(accounts.Accounts).toHaveLength(5);
      expect(await exited).toBe(0);
    } finally {
      // Never leave the child behind when an assertion fails.
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 120_000);
});
