import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamPolicyOutput } from '../src/cli/iam-policy.js';
import { type ScanIo, scanCommand } from '../src/cli/scan.js';
import { type Sandbox, startSandbox } from '../src/sandbox/index.js';

/** The scanners of issue 4 whose demo data lives in data/scenarios/demo/{ec2-events,amis,ssm,elb,directconnect,vpn}.yaml. */
const SCANNERS = [
  'ami-release',
  'directconnect-maintenance',
  'ec2-scheduled-event',
  'elb-tls-policy-deprecation',
  'os-end-of-support',
  'vpn-maintenance',
];

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: ScanIo = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    interactive: false,
    setExitCode: () => {},
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

interface Report {
  coverage: Array<{ accountId: string; region: string; scanner: string; status: string }>;
  occurrences: Array<{
    kind: string;
    accountId: string;
    region: string;
    resource: string;
    eventDate: string | null;
  }>;
}

const PROD = '222222222222';
const STAGING = '333333333333';
const TOKYO = 'ap-northeast-1';
const elbArn = (tail: string) => `arn:aws:elasticloadbalancing:${TOKYO}:${PROD}:${tail}`;

describe('emergency and expert scanners against the demo organization', () => {
  let sandbox: Sandbox;
  let dir: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: 'demo' });
    dir = mkdtempSync(join(tmpdir(), 'opsradar-emergency-demo-'));
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'AKIADEMOEMERGENCY001',
      AWS_SECRET_ACCESS_KEY: 'demo-secret-never-printed',
      AWS_REGION: 'us-east-1',
      AWS_CONFIG_FILE: join(dir, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
      OPSRADAR_CONFIG: join(dir, 'no-opsradar-config.yaml'),
    });
    delete process.env.AWS_PROFILE;
    delete process.env.OPSRADAR_LIFECYCLE_DIR;
  });
  afterAll(async () => {
    process.env = saved;
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('scan --org finds every planted finding, reports no healthy resource, and the IAM policy covers every call', async () => {
    // Prepare
    const { io, out, err } = captureIo();
    sandbox.clearCalls();
    // Act
    await scanCommand(
      {
        org: true,
        endpointUrl: sandbox.url,
        scanners: SCANNERS.join(','),
        format: 'json',
        db: join(dir, 'scan.sqlite'),
      },
      io,
    );
    const calls = [...new Set(sandbox.calls.map((c) => `${c.service}:${c.action}`))].sort();
    const policy = JSON.parse(
      iamPolicyOutput({ format: 'json', org: true, scanners: SCANNERS.join(',') }),
    ) as {
      Statement: Array<{ Action: string[] }>;
    };
    // Assess
    const report = JSON.parse(out()) as Report;
    const found = report.occurrences.map((o) => `${o.kind} ${o.accountId} ${o.region} ${o.resource}`).sort();
    expect(found).toEqual(
      [
        // ec2-events.yaml: two retirements (shop-web-1 is also in the demo's Health event and mail) and a reboot;
        // the completed and the canceled events are not work.
        `ec2-scheduled-event ${PROD} ${TOKYO} i-0a1b2c3d4e5f60718`,
        `ec2-scheduled-event ${PROD} ${TOKYO} i-0d5e11a0c0ffee001`,
        `ec2-scheduled-event ${PROD} ${TOKYO} i-0d5e11a0c0ffee002`,
        // amis.yaml: deprecated AL2 (instance + launch configuration), old Windows 2016, deregistered (launch template).
        `ami-release ${PROD} ${TOKYO} ami-0c1d2e3f4a5b6c702`,
        `ami-release ${PROD} ${TOKYO} ami-0c1d2e3f4a5b6c703`,
        `ami-release ${PROD} ${TOKYO} ami-0c1d2e3f4a5b6c705`,
        // Ubuntu 20.04 (from SSM), Amazon Linux 2 and Windows Server 2016 (from the AMI).
        `os-end-of-support ${PROD} ${TOKYO} i-0d5e11a0c0ffee001`,
        `os-end-of-support ${PROD} ${TOKYO} i-0d5e11a0c0ffee004`,
        `os-end-of-support ${PROD} ${TOKYO} i-0d5e11a0c0ffee005`,
        // elb.yaml: the API-default ALB policy, the NLB without TLS 1.3, the CLB on 2015-05.
        `elb-tls-policy-deprecation ${PROD} ${TOKYO} ${elbArn('loadbalancer/legacy-shop-clb')}`,
        // directconnect.yaml: Osaka's two connections share one device; staging has one hosted connection.
        `directconnect-maintenance ${PROD} ${TOKYO} dxcon-fg5osa01`,
        `directconnect-maintenance ${PROD} ${TOKYO} dxcon-fg5osa02`,
        `directconnect-maintenance ${STAGING} ${TOKYO} dxcon-stg00001`,
        // vpn.yaml: a tunnel down in prod; a scheduled tunnel replacement in staging.
        `vpn-maintenance ${PROD} ${TOKYO} vpn-0f1e2d3c4b5a69802`,
        `vpn-maintenance ${STAGING} ${TOKYO} vpn-0f1e2d3c4b5a69803`,
      ]
        .concat(
          report.occurrences
            .filter((o) => o.kind === 'elb-tls-policy-deprecation' && o.resource.includes(':listener/'))
            .map((o) => `${o.kind} ${o.accountId} ${o.region} ${o.resource}`),
        )
        .sort(),
    );
    const listeners = report.occurrences
      .filter((o) => o.resource.includes(':listener/'))
      .map((o) => o.resource);
    expect(listeners).toHaveLength(2);
    expect(listeners.some((arn) => arn.includes('/app/shop-alb/'))).toBe(true);
    expect(listeners.some((arn) => arn.includes('/net/shop-mq-nlb/'))).toBe(true);
    // Dated where AWS gives a date; conditions (redundancy, TLS policy) have none.
    const date = (kind: string, resource: string) =>
      report.occurrences.find((o) => o.kind === kind && o.resource === resource)?.eventDate;
    expect(date('vpn-maintenance', 'vpn-0f1e2d3c4b5a69803')).not.toBeNull();
    expect(date('vpn-maintenance', 'vpn-0f1e2d3c4b5a69802')).toBeNull();
    expect(date('os-end-of-support', 'i-0d5e11a0c0ffee004')).toBe('2026-06-30T00:00:00.000Z');

    // Could-not-look is coverage, never an error: only the denied region and the unreachable account.
    const notOk = [
      ...new Set(
        report.coverage.filter((c) => c.status !== 'ok').map((c) => `${c.accountId} ${c.region} ${c.status}`),
      ),
    ];
    expect(notOk.sort()).toEqual([`${STAGING} ap-northeast-3 denied`, '444444444444 * denied']);

    const allowed = new Set(policy.Statement.flatMap((s) => s.Action));
    const uncovered = calls.filter((a) => !allowed.has(a) && a !== 'sts:GetCallerIdentity');
    expect(uncovered, 'actions the scan called that opsradar iam-policy does not grant').toEqual([]);
    for (const action of [
      'ec2:GetVpnTunnelReplacementStatus',
      'directconnect:DescribeVirtualInterfaces',
      'ssm:GetParameters',
    ])
      expect(calls).toContain(action);
    expect(err()).not.toContain('lifecycle table');
  });

  it('warns when a lifecycle table is more than 180 days old', async () => {
    // Prepare
    const userDir = join(dir, 'lifecycle');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(userDir, { recursive: true });
    writeFileSync(
      join(userDir, 'os.yaml'),
      "table: os\nasOf: '2020-01-01'\nsources: [{ title: ours, url: 'https://example.com/', checkedOn: '2020-01-01' }]\nrows: []\n",
    );
    process.env.OPSRADAR_LIFECYCLE_DIR = userDir;
    const { io, err } = captureIo();
    try {
      // Act
      await scanCommand(
        {
          org: false,
          endpointUrl: sandbox.url,
          scanners: 'os-end-of-support',
          regions: 'us-east-1',
          format: 'json',
          db: join(dir, 'warn.sqlite'),
          lang: 'ja',
        },
        io,
      );
    } finally {
      delete process.env.OPSRADAR_LIFECYCLE_DIR;
    }
    // Assess
    expect(err()).toContain('ライフサイクル表「os」');
    expect(err()).toContain('2020-01-01');
  });
});
