import { ACMClient, DescribeCertificateCommand, ListCertificatesCommand } from '@aws-sdk/client-acm';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeInstancesCommand,
  DescribeRegionsCommand,
  EC2Client,
  paginateDescribeInstances,
} from '@aws-sdk/client-ec2';
import { IAMClient, paginateListServerCertificates } from '@aws-sdk/client-iam';
import { OpenSearchClient, paginateDescribeReservedInstances } from '@aws-sdk/client-opensearch';
import {
  ListAccountsCommand,
  OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import { paginateDescribeReservedDBInstances, RDSClient } from '@aws-sdk/client-rds';
import { DescribeSavingsPlansCommand, SavingsplansClient } from '@aws-sdk/client-savingsplans';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../src/core/time.js';
import { type Sandbox, type ScenarioInput, startSandbox } from '../src/sandbox/index.js';

const NOW = new Date('2026-04-01T00:00:00.000Z');
const MANAGEMENT_KEYS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'sandbox-secret' };

const scenario: ScenarioInput = {
  organization: {
    managementAccount: '111111111111',
    regions: ['ap-northeast-1', 'us-east-1'],
    optInRegions: ['ap-east-1'],
  },
  accounts: [
    { id: '111111111111', name: 'management' },
    {
      id: '222222222222',
      name: 'prod',
      optInRegions: { 'ap-east-1': 'ENABLED' },
      regions: {
        'ap-northeast-1': {
          acm: {
            certificates: [
              {
                domain: 'rsa.example.jp',
                notAfter: '12d',
                inUseBy: ['arn:aws:elasticloadbalancing:ap-northeast-1:222222222222:loadbalancer/app/a/1'],
              },
              { domain: 'ec.example.jp', notAfter: '2026-10-01T00:00:00Z', keyAlgorithm: 'EC_prime256v1' },
            ],
          },
          ec2: {
            instances: Array.from({ length: 7 }, (_, i) => ({
              type: 't3.micro',
              tags: { Name: `web-${i}` },
            })),
          },
          rds: {
            reservedDBInstances: Array.from({ length: 5 }, (_, i) => ({
              type: 'db.r6g.large',
              end: `${i + 1}d`,
            })),
          },
          opensearch: {
            reservedInstances: Array.from({ length: 5 }, (_, i) => ({
              type: 'r6g.large.search',
              end: `${i + 10}d`,
              name: `ri-${i}`,
            })),
          },
        },
      },
      global: {
        savingsplans: { savingsPlans: Array.from({ length: 3 }, (_, i) => ({ end: `${i + 20}d` })) },
        iam: {
          serverCertificates: Array.from({ length: 3 }, (_, i) => ({ name: `cert-${i}`, expiration: '30d' })),
        },
      },
    },
    { id: '333333333333', name: 'staging', knobs: { deny: ['DescribeInstances'] } },
    { id: '444444444444', name: 'locked', assumeRole: { deny: true } },
    { id: '555555555555', name: 'partner', assumeRole: { roleNames: ['Auditor'], externalId: 'ext-123' } },
    ...Array.from({ length: 5 }, (_, i) => ({ id: `90000000000${i}`, name: `member-${i}` })),
  ],
};

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ scenario, now: NOW });
});
afterAll(async () => {
  await sandbox.close();
});

function config(region = 'ap-northeast-1', credentials = MANAGEMENT_KEYS) {
  return { endpoint: sandbox.url, region, credentials, maxAttempts: 1 };
}

async function assume(accountId: string) {
  const sts = new STSClient(config('us-east-1'));
  const out = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
      RoleSessionName: 'opsradar',
    }),
  );
  return {
    accessKeyId: out.Credentials?.AccessKeyId ?? '',
    secretAccessKey: out.Credentials?.SecretAccessKey ?? '',
    sessionToken: out.Credentials?.SessionToken,
  };
}

describe('multi-account (STS, query protocol)', () => {
  it('answers unknown keys as the management account and assumed keys as the target account', async () => {
    // Prepare
    const prod = await assume('222222222222');
    // Act
    const me = await new STSClient(config('us-east-1')).send(new GetCallerIdentityCommand({}));
    const them = await new STSClient(config('ap-northeast-1', prod)).send(new GetCallerIdentityCommand({}));
    // Assess
    expect(me.Account).toBe('111111111111');
    expect(them.Account).toBe('222222222222');
    expect(them.Arn).toBe('arn:aws:sts::222222222222:assumed-role/OrganizationAccountAccessRole/opsradar');
  });

  it('denies AssumeRole into a denied account and into an account outside the scenario', async () => {
    // Prepare
    const sts = new STSClient(config('us-east-1'));
    // Act
    const denied = await sts
      .send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::444444444444:role/OrganizationAccountAccessRole',
          RoleSessionName: 's',
        }),
      )
      .catch((e: Error & { $metadata?: { httpStatusCode?: number } }) => e);
    const unknown = await sts
      .send(
        new AssumeRoleCommand({
          RoleArn: 'arn:aws:iam::999999999999:role/OrganizationAccountAccessRole',
          RoleSessionName: 's',
        }),
      )
      .catch((e: Error) => e);
    // Assess
    expect((denied as Error).name).toBe('AccessDenied');
    expect((denied as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(403);
    expect((unknown as Error).name).toBe('AccessDenied');
  });
});

describe('role restrictions', () => {
  it('allows only the listed role names and the configured external id', async () => {
    // Prepare
    const sts = new STSClient(config('us-east-1'));
    const roleArn = (name: string) => `arn:aws:iam::555555555555:role/${name}`;
    // Act
    const ok = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn('Auditor'), RoleSessionName: 's', ExternalId: 'ext-123' }),
    );
    const wrongId = await sts
      .send(new AssumeRoleCommand({ RoleArn: roleArn('Auditor'), RoleSessionName: 's', ExternalId: 'nope' }))
      .catch((e: Error) => e);
    const wrongRole = await sts
      .send(new AssumeRoleCommand({ RoleArn: roleArn('Admin'), RoleSessionName: 's', ExternalId: 'ext-123' }))
      .catch((e: Error) => e);
    // Assess
    expect(ok.AssumedRoleUser?.Arn).toBe('arn:aws:sts::555555555555:assumed-role/Auditor/s');
    expect((wrongId as Error).name).toBe('AccessDenied');
    expect((wrongRole as Error).name).toBe('AccessDenied');
  });
});

describe('json protocol (ACM, Organizations)', () => {
  it('lists only RSA_2048 certificates unless other key types are requested, as ACM does', async () => {
    // Prepare
    const acm = new ACMClient(config('ap-northeast-1', await assume('222222222222')));
    // Act
    const plain = await acm.send(new ListCertificatesCommand({}));
    const all = await acm.send(
      new ListCertificatesCommand({ Includes: { keyTypes: ['RSA_2048', 'EC_prime256v1'] } }),
    );
    // Assess
    expect(plain.CertificateSummaryList?.map((c) => c.DomainName)).toEqual(['rsa.example.jp']);
    expect(all.CertificateSummaryList?.map((c) => c.DomainName)).toEqual(['rsa.example.jp', 'ec.example.jp']);
  });

  it('round-trips dates as the SDK parses them and leaves unset optional fields out', async () => {
    // Prepare
    const acm = new ACMClient(config('ap-northeast-1', await assume('222222222222')));
    const list = await acm.send(new ListCertificatesCommand({ Includes: { keyTypes: ['EC_prime256v1'] } }));
    // Act
    const out = await acm.send(
      new DescribeCertificateCommand({ CertificateArn: list.CertificateSummaryList?.[0]?.CertificateArn }),
    );
    // Assess
    const cert = out.Certificate;
    expect(cert?.NotAfter).toBeInstanceOf(Date);
    expect(cert?.NotAfter?.toISOString()).toBe('2026-10-01T00:00:00.000Z');
    expect(cert?.KeyAlgorithm).toBe('EC_prime256v1');
    expect(cert).not.toHaveProperty('RenewalSummary');
    expect(cert).not.toHaveProperty('ImportedAt');
    expect(cert?.InUseBy).toEqual([]);
    expect(cert?.RenewalEligibility).toBe('INELIGIBLE');
  });

  it('resolves relative dates against the sandbox clock', async () => {
    // Prepare
    const acm = new ACMClient(config('ap-northeast-1', await assume('222222222222')));
    // Act
    const out = await acm.send(new ListCertificatesCommand({}));
    // Assess
    expect(out.CertificateSummaryList?.[0]?.NotAfter?.toISOString()).toBe('2026-04-13T00:00:00.000Z');
    expect(out.CertificateSummaryList?.[0]?.InUse).toBe(true);
  });

  it('pages ListAccounts with opaque tokens and returns every account across pages', async () => {
    // Prepare
    const org = new OrganizationsClient(config('us-east-1'));
    // Act
    const first = await org.send(new ListAccountsCommand({ MaxResults: 4 }));
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client: org, pageSize: 3 }, {})) {
      ids.push(...(page.Accounts ?? []).map((a) => a.Id ?? ''));
    }
    // Assess
    expect(first.Accounts).toHaveLength(4);
    expect(first.NextToken).toEqual(expect.any(String));
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
  });

  it('answers an unknown operation with UnknownOperationException', async () => {
    // Prepare
    const org = new OrganizationsClient(config('us-east-1'));
    const { ListHandshakesForOrganizationCommand } = await import('@aws-sdk/client-organizations');
    // Act
    const error = await org.send(new ListHandshakesForOrganizationCommand({})).catch((e: Error) => e);
    // Assess
    expect((error as Error).name).toBe('UnknownOperationException');
  });
});

describe('ec2 protocol', () => {
  it('pages DescribeInstances and honours MaxResults', async () => {
    // Prepare
    const ec2 = new EC2Client(config('ap-northeast-1', await assume('222222222222')));
    // Act
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeInstances({ client: ec2, pageSize: 5 }, {})) {
      pages++;
      for (const r of page.Reservations ?? []) names.push(r.Instances?.[0]?.Tags?.[0]?.Value ?? '');
    }
    // Assess
    expect(pages).toBe(2);
    expect(names).toEqual(['web-0', 'web-1', 'web-2', 'web-3', 'web-4', 'web-5', 'web-6']);
  });

  it('lists only enabled regions unless AllRegions is set', async () => {
    // Prepare
    const prod = new EC2Client(config('ap-northeast-1', await assume('222222222222')));
    const management = new EC2Client(config('ap-northeast-1'));
    // Act
    const enabledProd = await prod.send(new DescribeRegionsCommand({}));
    const enabledManagement = await management.send(new DescribeRegionsCommand({}));
    const all = await management.send(new DescribeRegionsCommand({ AllRegions: true }));
    // Assess
    expect(enabledProd.Regions?.map((r) => r.RegionName)).toEqual([
      'ap-east-1',
      'ap-northeast-1',
      'us-east-1',
    ]);
    expect(enabledManagement.Regions?.map((r) => r.RegionName)).toEqual(['ap-northeast-1', 'us-east-1']);
    expect(all.Regions?.find((r) => r.RegionName === 'ap-east-1')?.OptInStatus).toBe('not-opted-in');
  });

  it('answers AccessDenied knobs with UnauthorizedOperation and records the error', async () => {
    // Prepare
    const staging = new EC2Client(config('ap-northeast-1', await assume('333333333333')));
    sandbox.clearCalls();
    // Act
    const error = await staging.send(new DescribeInstancesCommand({})).catch((e: Error) => e);
    // Assess
    expect((error as Error).name).toBe('UnauthorizedOperation');
    expect(sandbox.calls).toEqual([
      {
        service: 'ec2',
        action: 'DescribeInstances',
        accountId: '333333333333',
        region: 'ap-northeast-1',
        at: NOW.toISOString(),
        error: 'UnauthorizedOperation',
      },
    ]);
  });

  it('rejects calls to an opt-in region the account has not enabled', async () => {
    // Prepare
    const ec2 = new EC2Client(config('ap-east-1'));
    // Act
    const error = await ec2.send(new DescribeInstancesCommand({})).catch((e: Error) => e);
    // Assess
    expect((error as Error).name).toBe('AuthFailure');
  });
});

describe('query protocol (RDS, IAM)', () => {
  it('pages DescribeReservedDBInstances with Marker / MaxRecords', async () => {
    // Prepare
    const rds = new RDSClient(config('ap-northeast-1', await assume('222222222222')));
    // Act
    const ends: number[] = [];
    for await (const page of paginateDescribeReservedDBInstances({ client: rds, pageSize: 2 }, {})) {
      for (const r of page.ReservedDBInstances ?? []) {
        ends.push(((r.StartTime?.getTime() ?? 0) + (r.Duration ?? 0) * 1000 - NOW.getTime()) / DAY_MS);
      }
    }
    // Assess
    expect(ends).toEqual([1, 2, 3, 4, 5]);
  });

  it('pages IAM ListServerCertificates with IsTruncated', async () => {
    // Prepare
    const iam = new IAMClient(config('us-east-1', await assume('222222222222')));
    // Act
    const names: string[] = [];
    for await (const page of paginateListServerCertificates({ client: iam, pageSize: 2 }, {})) {
      names.push(...(page.ServerCertificateMetadataList ?? []).map((c) => c.ServerCertificateName ?? ''));
    }
    // Assess
    expect(names).toEqual(['cert-0', 'cert-1', 'cert-2']);
  });
});

describe('rest-json and query-compatible json', () => {
  it('pages OpenSearch reserved instances through GET query-string parameters', async () => {
    // Prepare
    const os = new OpenSearchClient(config('ap-northeast-1', await assume('222222222222')));
    // Act
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeReservedInstances({ client: os, pageSize: 2 }, {})) {
      pages++;
      names.push(...(page.ReservedInstances ?? []).map((r) => r.ReservationName ?? ''));
    }
    // Assess
    expect(pages).toBe(3);
    expect(names).toEqual(['ri-0', 'ri-1', 'ri-2', 'ri-3', 'ri-4']);
  });

  it('pages Savings Plans with nextToken / maxResults and keeps start / end as strings', async () => {
    // Prepare
    const sp = new SavingsplansClient(config('us-east-1', await assume('222222222222')));
    // Act
    const first = await sp.send(new DescribeSavingsPlansCommand({ states: ['active'], maxResults: 2 }));
    const second = await sp.send(
      new DescribeSavingsPlansCommand({ states: ['active'], maxResults: 2, nextToken: first.nextToken }),
    );
    // Assess
    expect(first.savingsPlans).toHaveLength(2);
    expect(second.savingsPlans).toHaveLength(1);
    expect(second.nextToken).toBeUndefined();
    expect(second.savingsPlans?.[0]?.end).toBe('2026-04-23T00:00:00.000Z');
  });

  it('serves Savings Plans in us-east-1 (rest-json) with an empty list when there are none', async () => {
    // Prepare
    const sp = new SavingsplansClient(config('us-east-1'));
    // Act
    const out = await sp.send(new DescribeSavingsPlansCommand({ states: ['active'] }));
    // Assess
    expect(out.savingsPlans).toEqual([]);
    expect(out.nextToken).toBeUndefined();
  });

  it('serves CloudWatch GetMetricData over the json protocol the installed client speaks', async () => {
    // Prepare
    const cw = new CloudWatchClient(config('ap-northeast-1'));
    // Act
    const out = await cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(NOW.getTime() - 3_600_000),
        EndTime: NOW,
        MetricDataQueries: [
          {
            Id: 'q0',
            MetricStat: {
              Metric: { Namespace: 'AWS/Usage', MetricName: 'ResourceCount' },
              Period: 300,
              Stat: 'Maximum',
            },
          },
        ],
      }),
    );
    // Assess
    expect(out.MetricDataResults).toEqual([
      { Id: 'q0', Label: 'ResourceCount', Timestamps: [], Values: [], StatusCode: 'Complete' },
    ]);
  });
});
