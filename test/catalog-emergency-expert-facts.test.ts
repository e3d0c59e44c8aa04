import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { loadCatalog } from '../src/catalog/index.js';
import { dataDir } from '../src/paths.js';

// Real AWS Health event type codes (AWS's published list in aws/aws-health-tools all_events.json, plus codes quoted by
// AWS documentation and public integrations) and the catalog entry each must map to. `null` = an operational issue or
// another notice of the same service, which must stay unmapped.
const healthCases: Array<[string, string | null]> = [
  ['AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED', 'ec2-scheduled-event'],
  ['AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED', 'ec2-scheduled-event'],
  ['AWS_EC2_INSTANCE_REBOOT_FLEXIBLE_MAINTENANCE_SCHEDULED', 'ec2-scheduled-event'],
  ['AWS_EC2_INSTANCE_STOP_SCHEDULED', 'ec2-scheduled-event'],
  ['AWS_EC2_SYSTEM_REBOOT_MAINTENANCE_SCHEDULED', 'ec2-scheduled-event'],
  ['AWS_EC2_DEDICATED_HOST_RETIREMENT_SCHEDULED', 'ec2-scheduled-event'],
  ['AWS_EC2_DEDICATED_HOST_ACCESSREVOKED_RETIREMENT_SCHEDULED', 'ec2-scheduled-event'],
  ['AWS_EC2_PERSISTENT_INSTANCE_RETIREMENT_SCHEDULED', 'ec2-scheduled-event'],
  ['AWS_EC2_INSTANCE_NETWORK_MAINTENANCE_SCHEDULED', 'ec2-scheduled-event'],
  ['AWS_EC2_INSTANCE_POWER_MAINTENANCE_SCHEDULED', 'ec2-scheduled-event'],
  ['AWS_EC2_INSTANCE_RETIREMENT_EXPEDITED', 'ec2-scheduled-event'],
  ['AWS_EC2_OPERATIONAL_ISSUE', null],
  ['AWS_EC2_API_ISSUE', null],
  ['AWS_EC2_INSTANCE_POWER_MAINTENANCE_FAILED', null],
  ['AWS_EC2_INSTANCE_STORE_DRIVE_PERFORMANCE_DEGRADED', null],
  ['AWS_EC2_ODCR_SCHEDULED', null],
  ['AWS_EC2_HOST_RECOVERY_SUCCESS', null],
  ['AWS_RDS_MAINTENANCE_SCHEDULED', 'rds-pending-maintenance'],
  ['AWS_RDS_HARDWARE_MAINTENANCE_SCHEDULED', 'rds-pending-maintenance'],
  ['AWS_RDS_AURORA_HARDWARE_MAINTENANCE_SCHEDULED', 'rds-pending-maintenance'],
  ['AWS_RDS_SYSTEM_UPGRADE_SCHEDULED', 'rds-pending-maintenance'],
  ['AWS_RDS_PLANNED_LIFECYCLE_EVENT', 'rds-engine-end-of-support'],
  ['AWS_RDS_OPERATIONAL_ISSUE', null],
  ['AWS_RDS_DESCRIBEPENDINGMAINTENANCEACTIONS_API_ISSUE', null],
  ['AWS_RDS_STORAGE_FAILURE_MAZ', null],
  ['AWS_DOCDB_MAINTENANCE_SCHEDULED', 'engine-maintenance'],
  ['AWS_DIRECTCONNECT_MAINTENANCE_SCHEDULED', 'directconnect-maintenance'],
  ['AWS_DIRECTCONNECT_EMERGENCY_MAINTENANCE_SCHEDULED', 'directconnect-maintenance'],
  ['AWS_DIRECTCONNECT_MAINTENANCE_CANCELLED', 'directconnect-maintenance'],
  ['AWS_DIRECTCONNECT_MAINTENANCE_EXTENSION', 'directconnect-maintenance'],
  ['AWS_DIRECTCONNECT_CONNECTIVITY_ISSUE', null],
  ['AWS_DIRECTCONNECT_PACKET_LOSS', null],
  ['AWS_DIRECTCONNECT_BILLING_NOTIFICATION', null],
  ['AWS_VPN_MAINTENANCE_SCHEDULED', 'vpn-maintenance'],
  ['AWS_VPN_EMERGENCY_MAINTENANCE_SCHEDULED', 'vpn-maintenance'],
  ['AWS_VPN_REDUNDANCY_LOSS', 'vpn-maintenance'],
  ['AWS_VPN_SINGLE_TUNNEL_NOTIFICATION', 'vpn-maintenance'],
  ['AWS_VPN_TUNNEL_UPDATE_AVAILABLE', 'vpn-maintenance'],
  ['AWS_VPN_OPERATIONAL_ISSUE', null],
  ['AWS_VPN_CLASSIC_RETIREMENT', null],
  ['AWS_ABUSE_DOS_REPORT', 'abuse-report'],
  ['AWS_ABUSE_PORT_SCANNING_REPORT', 'abuse-report'],
  ['AWS_ABUSE_COPYRIGHT_DMCA_REPORT', 'abuse-report'],
  ['AWS_ABUSE_EMAIL_SPAM_REPORT', 'abuse-report'],
  ['AWS_SES_ENFORCEMENT_PROBATION', 'ses-enforcement'],
  ['AWS_SES_SHUTDOWN', 'ses-enforcement'],
  ['AWS_SES_HEAL', 'ses-enforcement'],
  ['AWS_SES_OPERATIONAL_ISSUE', null],
  ['AWS_SES_DKIM_VERIFIED_TO_FAILED', null],
  ['AWS_SHIELD_IS_RESPONDING_TO_A_DDOS_ATTACK_AGAINST_YOUR_AWS_RESOURCES', 'shield-ddos-detected'],
  ['AWS_SHIELD_INTERNET_TRAFFIC_LIMITATIONS_PLACED_IN_RESPONSE_TO_DDOS_ATTACK', 'shield-ddos-detected'],
  ['AWS_SHIELD_ADVANCED_SUBSCRIPTION_RENEWED', null],
  ['AWS_LAMBDA_PLANNED_LIFECYCLE_EVENT', 'lambda-runtime-deprecation'],
  ['AWS_LAMBDA_OPERATIONAL_ISSUE', null],
  ['AWS_LAMBDA_RUNAWAY_TERMINATION_NOTIFICATION', null],
  ['AWS_ELASTICBEANSTALK_MANAGED_UPDATE_FAILURES', 'beanstalk-platform-update'],
  ['AWS_ELASTICBEANSTALK_WORKFLOW_FAULTS', null],
  ['AWS_ELASTICLOADBALANCING_INVALID_CERTIFICATE', null],
  ['AWS_ELASTICLOADBALANCING_API_ISSUE', null],
  ['AWS_EKS_PLANNED_LIFECYCLE_EVENT', 'eks-version-end-of-support'],
  ['AWS_EKS_OPERATIONAL_ISSUE', null],
  ['AWS_EKS_ANYWHERE_SUBSCRIPTION_EXPIRING', null],
];

// Subjects of AWS notices (verbatim from the source document and public write-ups) and unrelated AWS mail.
const emailCases: Array<[string, string | null]> = [
  ['[Retirement Notification] Amazon EC2 Instance scheduled for retirement.', 'ec2-scheduled-event'],
  ['Fwd: [Retirement Notification] Amazon EC2 Instance scheduled for retirement.', 'ec2-scheduled-event'],
  [
    'AWS Direct Connect Planned Maintenance Notification [AWS Account: 123456789012]',
    'directconnect-maintenance',
  ],
  [
    'AWS Direct Connect Emergency Maintenance Notification [AWS Account: 123456789012]',
    'directconnect-maintenance',
  ],
  ['AWS VPN Planned Maintenance Notification [AWS Account: 123456789012]', 'vpn-maintenance'],
  ['Your Amazon EC2 Abuse Report', 'abuse-report'],
  ['RE: Your AWS Abuse Report [P01FAKE0000] [AWS ID 123456789012]', 'abuse-report'],
  ['Amazon SES Bounce Probation Lifted for AWS Account 123456789012', 'ses-enforcement'],
  [
    'DDoS threat level elevated to "High" [AWS Shield Advanced Notification] [AWS Account: 123456789012]',
    'shield-ddos-detected',
  ],
  ['[Action Required] AWS Lambda end of support for Node.js 18', 'lambda-runtime-deprecation'],
  ['[要対応] AWS Lambda における Python 3.6 のサポート終了', 'lambda-runtime-deprecation'],
  [
    '[Action Required] Amazon EKS Kubernetes 1.31 end of extended support [AP-SOUTH-2]',
    'eks-version-end-of-support',
  ],
  [
    '[REMINDER] Amazon Aurora MySQL 2 (with MySQL 5.7 compatibility) is reaching end of Standard Support [AWS Account: 111122223333] [US-EAST-1]',
    'rds-engine-end-of-support',
  ],
  ['AWS Notification - Subscription Confirmation', null],
  ['Amazon EC2 Instance State-change Notification', null],
  ['Welcome to Amazon SES', null],
  ['ALARM: "High CPU" in Asia Pacific (Tokyo)', null],
  ['Your AWS Account Billing Statement is Available', null],
];

const ids: Array<[string, 'emergency' | 'expert']> = [
  ['ec2-scheduled-event', 'emergency'],
  ['rds-pending-maintenance', 'emergency'],
  ['directconnect-maintenance', 'emergency'],
  ['vpn-maintenance', 'emergency'],
  ['ami-release', 'emergency'],
  ['rds-ca-certificate-expiry', 'emergency'],
  ['abuse-report', 'expert'],
  ['ses-enforcement', 'expert'],
  ['lambda-runtime-deprecation', 'expert'],
  ['beanstalk-platform-update', 'expert'],
  ['shield-ddos-detected', 'expert'],
  ['elb-tls-policy-deprecation', 'expert'],
  ['os-end-of-support', 'expert'],
  ['eks-version-end-of-support', 'expert'],
  ['rds-engine-end-of-support', 'expert'],
];

describe('emergency and expert catalog entries', () => {
  const catalog = loadCatalog();

  it.each(ids)(
    '%s is a %s entry with its scanner (abuse reports have none) and an AWS reference',
    (id, category) => {
      const kind = catalog.require(id);
      expect(kind.category).toBe(category);
      expect(kind.detection.scanners).toEqual(id === 'abuse-report' ? [] : [id]);
      expect(
        kind.references.some((r) =>
          /^https:\/\/(docs\.aws\.amazon\.com|aws\.amazon\.com|repost\.aws|github\.com\/aws)/.test(r.url),
        ),
      ).toBe(true);
    },
  );

  it.each(healthCases)('Health code %s maps to %s', (code, want) => {
    expect(catalog.matchHealth({ eventTypeCode: code })?.kind.id ?? null).toBe(want);
  });

  it('closes rather than opens on UltraServer maintenance completion, and knows no unconfirmed EC2 code', () => {
    expect(catalog.matchHealth({ eventTypeCode: 'AWS_EC2_ULTRASERVER_MAINTENANCE_INITIATED' })?.kind.id).toBe(
      'ec2-scheduled-event',
    );
    expect(catalog.matchHealth({ eventTypeCode: 'AWS_EC2_ULTRASERVER_MAINTENANCE_COMPLETED' })).toBeNull();
    expect(catalog.require('ec2-scheduled-event').detection.health?.eventTypeCodes).not.toContain(
      'AWS_EC2_SYSTEM_MAINTENANCE_EVENT',
    );
  });

  it('files the SNS/SES abuse detection, which Health publishes under service SNS, as an abuse report', () => {
    const match = catalog.matchHealth({ eventTypeCode: 'AWS_SNS_SES_ABUSE_DETECTION', service: 'SNS' });
    expect(match?.kind.id).toBe('abuse-report');
    expect(catalog.require('abuse-report').detection.health?.services).toContain('SNS');
  });

  it.each(emailCases)('email subject %j maps to %s', (subject, want) => {
    expect(catalog.matchEmail({ subject, from: 'no-reply-aws@amazon.com' })?.kind.id ?? null).toBe(want);
  });

  it('maps an abuse event from EventBridge by its code', () => {
    const match = catalog.matchEventBridge({
      source: 'aws.health',
      detailType: 'AWS Health Abuse Event',
      detail: { service: 'ABUSE', eventTypeCode: 'AWS_ABUSE_DOS_REPORT', eventTypeCategory: 'issue' },
    });
    expect(match?.kind.id).toBe('abuse-report');
  });
});

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const sources = z.array(z.object({ title: z.string(), url: z.url(), checkedOn: isoDate }).strict()).min(1);

const lambdaTable = z
  .object({
    table: z.literal('lambda-runtimes'),
    asOf: isoDate,
    regionalDates: z.string(),
    sources,
    rows: z.array(
      z
        .object({
          runtime: z.string(),
          name: z.string(),
          os: z.string(),
          deprecation: isoDate.nullable(),
          blockCreate: isoDate.nullable(),
          blockUpdate: isoDate.nullable(),
          source: z.url(),
          readOn: isoDate,
          note: z.string().optional(),
        })
        .strict(),
    ),
  })
  .strict();

const osTable = z
  .object({
    table: z.literal('os'),
    asOf: isoDate,
    sources,
    rows: z.array(
      z
        .object({
          family: z.enum(['amazon-linux', 'windows-server', 'ubuntu', 'rhel', 'sles', 'centos']),
          version: z.string(),
          name: z.string(),
          match: z.string(),
          endOfStandardSupport: isoDate.nullable(),
          endOfSupport: isoDate,
          endOfExtendedSupport: isoDate.nullable(),
          source: z.url(),
          readOn: isoDate,
          note: z.string().optional(),
        })
        .strict(),
    ),
  })
  .strict();

const protocol = z.enum(['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
const status = z.enum(['recommended', 'acceptable', 'outdated']);
const elbTable = z
  .object({
    table: z.literal('elb-security-policies'),
    asOf: isoDate,
    sources,
    recommended: z.object({ alb: z.string(), nlb: z.string(), clb: z.string() }).strict(),
    defaults: z.object({ console: z.string(), api: z.string() }).strict(),
    rows: z.array(
      z
        .object({
          policy: z.string(),
          loadBalancers: z.array(z.enum(['alb', 'nlb', 'clb'])).min(1),
          protocols: z.array(protocol).min(1),
          fips: z.boolean().default(false),
          postQuantum: z.boolean().default(false),
          status,
          source: z.url(),
          readOn: isoDate,
          note: z.string().optional(),
        })
        .strict(),
    ),
    namePatterns: z.array(
      z.object({ pattern: z.string(), minProtocol: protocol.exclude(['SSLv3']), status }).strict(),
    ),
  })
  .strict();

function readTable(name: string): unknown {
  return parse(readFileSync(join(dataDir, 'lifecycle', name), 'utf8'));
}

describe('data/lifecycle tables', () => {
  it('lambda-runtimes.yaml has the documented shape, unique runtimes and ordered dates', () => {
    const table = lambdaTable.parse(readTable('lambda-runtimes.yaml'));
    const runtimes = table.rows.map((r) => r.runtime);
    expect(new Set(runtimes).size).toBe(runtimes.length);
    for (const row of table.rows) {
      const deprecation = row.deprecation ?? '0000';
      if (row.blockCreate) expect(row.blockCreate >= deprecation).toBe(true);
      if (row.blockUpdate) expect(row.blockUpdate >= (row.blockCreate ?? deprecation)).toBe(true);
    }
    expect(table.rows.find((r) => r.runtime === 'nodejs20.x')?.deprecation).toBe('2026-04-30');
  });

  it('os.yaml has the documented shape, compilable match patterns and Amazon Linux dates', () => {
    const table = osTable.parse(readTable('os.yaml'));
    for (const row of table.rows) expect(() => new RegExp(row.match, 'iu')).not.toThrow();
    const al = (v: string) => table.rows.find((r) => r.family === 'amazon-linux' && r.version === v);
    expect(al('2')?.endOfSupport).toBe('2026-06-30');
    expect(al('2023')?.endOfSupport).toBe('2029-06-30');
    expect(new RegExp(al('2')?.match ?? '^$', 'iu').test('Amazon Linux 2023')).toBe(false);
    const rhel = (v: string) => table.rows.find((r) => r.family === 'rhel' && r.version === v);
    expect([7, 8, 9, 10].map((v) => rhel(String(v))?.endOfExtendedSupport)).toEqual([
      '2029-05-31',
      '2033-05-31',
      '2036-05-31',
      '2038-05-31',
    ]);
    // Microsoft's lifecycle dates fall on Patch Tuesdays, never on a weekend.
    for (const row of table.rows.filter((r) => r.family === 'windows-server')) {
      for (const day of [row.endOfStandardSupport, row.endOfSupport, row.endOfExtendedSupport]) {
        if (day) expect(new Date(`${day}T00:00:00Z`).getUTCDay(), `${row.name} ${day}`).toBe(2);
      }
    }
  });

  it('elb-security-policies.yaml has the documented shape and flags every policy that accepts TLS 1.0 / 1.1', () => {
    const table = elbTable.parse(readTable('elb-security-policies.yaml'));
    for (const row of table.rows) {
      const old = row.protocols.some((p) => p === 'SSLv3' || p === 'TLSv1' || p === 'TLSv1.1');
      expect(row.status === 'outdated' || !old).toBe(true);
    }
    const byName = (name: string) => table.namePatterns.find((p) => new RegExp(p.pattern).test(name));
    // Ext policies add legacy ciphers: acceptable, like their listed rows, not recommended.
    expect(byName('ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06')?.status).toBe('acceptable');
    expect(table.defaults.console).toBe('ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09');
    expect(table.recommended.alb).toBe('ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09');
    const pq = table.rows.filter((r) => r.postQuantum).map((r) => r.policy);
    expect(pq).toContain('ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09');
    expect(pq.every((p) => p.endsWith('PQ-2025-09'))).toBe(true);
    expect(byName('ELBSecurityPolicy-2016-08')?.status).toBe('outdated');
  });
});
