import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { iamPolicyOutput } from '../src/cli/iam-policy.js';
import { type memberRoleTemplate, readOnlyActions, scanPolicy } from '../src/iam/policy.js';
import { acmCertificateExpiry } from '../src/scanners/acm/acm-certificate-expiry.js';
import { scanners } from '../src/scanners/index.js';
import { reservationExpiry } from '../src/scanners/reservations/reservation-expiry.js';
import { route53DomainExpiry } from '../src/scanners/route53domains/route53-domain-expiry.js';

const periodic = [acmCertificateExpiry, reservationExpiry, route53DomainExpiry];

describe('opsradar iam-policy', () => {
  it('is generated from the scanners’ declarations: every declared action, nothing else', () => {
    // Act
    const policy = JSON.parse(iamPolicyOutput({ format: 'json' })) as ReturnType<typeof scanPolicy>;
    // Assess
    const declared = new Set(['ec2:DescribeRegions', ...scanners.flatMap((s) => s.permissions)]);
    expect(policy.Statement).toHaveLength(1);
    expect(new Set(policy.Statement[0]?.Action)).toEqual(declared);
    expect(policy.Statement[0]?.Action).toEqual([...declared].sort());
    expect(policy.Statement[0]?.Resource).toBe('*');
  });

  it('matches the reviewed policy for the periodic scanners (snapshot)', () => {
    expect(scanPolicy(periodic, { org: true, roleName: 'OpsradarReadOnly' })).toMatchInlineSnapshot(`
      {
        "Statement": [
          {
            "Action": [
              "acm:DescribeCertificate",
              "acm:ListCertificates",
              "ec2:DescribeInstances",
              "ec2:DescribeRegions",
              "ec2:DescribeReservedInstances",
              "elasticache:DescribeCacheClusters",
              "elasticache:DescribeReservedCacheNodes",
              "es:DescribeReservedInstances",
              "es:ListDomainNames",
              "memorydb:DescribeClusters",
              "memorydb:DescribeReservedNodes",
              "rds:DescribeDBInstances",
              "rds:DescribeReservedDBInstances",
              "redshift:DescribeClusters",
              "redshift:DescribeReservedNodes",
              "route53domains:ListDomains",
              "savingsplans:DescribeSavingsPlans",
            ],
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "OpsradarReadOnly",
          },
          {
            "Action": [
              "organizations:ListAccounts",
            ],
            "Effect": "Allow",
            "Resource": "*",
            "Sid": "OpsradarListAccounts",
          },
          {
            "Action": [
              "sts:AssumeRole",
            ],
            "Effect": "Allow",
            "Resource": "arn:aws:iam::*:role/OpsradarReadOnly",
            "Sid": "OpsradarAssumeMemberRole",
          },
        ],
        "Version": "2012-10-17",
      }
    `);
  });

  it('prints a StackSets-ready CloudFormation template for the member-account role, with an optional ExternalId', () => {
    // Act
    const text = iamPolicyOutput({
      format: 'cloudformation',
      trustedAccount: '123456789012',
      roleName: 'OpsradarReadOnly',
    });
    const template = parse(text) as ReturnType<typeof memberRoleTemplate> & {
      Parameters: Record<string, { Default?: string }>;
      Resources: { OpsradarScanRole: { Properties: Record<string, unknown> } };
    };
    // Assess
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(template.Parameters.ScanningAccountId?.Default).toBe('123456789012');
    expect(template.Parameters.ExternalId?.Default).toBe('');
    const role = template.Resources.OpsradarScanRole.Properties;
    expect(JSON.stringify(role.AssumeRolePolicyDocument)).toContain('sts:ExternalId');
    expect(JSON.stringify(role.AssumeRolePolicyDocument)).toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax.
      'arn:${AWS::Partition}:iam::${ScanningAccountId}:root',
    );
    const inline = (role.Policies as Array<{ PolicyDocument: ReturnType<typeof scanPolicy> }>)[0]
      ?.PolicyDocument;
    expect(inline?.Statement[0]?.Action).toEqual(readOnlyActions(scanners));
    // Nothing account- or region-specific is baked in, so one StackSet serves every account.
    expect(text).not.toMatch(/us-east-1|ap-northeast-1/);
    expect(text.replace('123456789012', '')).not.toMatch(/\d{12}/);
  });

  it('rejects an unknown format or scanner with a clear message', () => {
    expect(() => iamPolicyOutput({ format: 'xml', lang: 'en' })).toThrow(/unknown format "xml"/);
    expect(() => iamPolicyOutput({ format: 'json', scanners: 'nope', lang: 'en' })).toThrow(
      /unknown scanner "nope"/,
    );
    expect(() => iamPolicyOutput({ format: 'cloudformation', trustedAccount: '12', lang: 'en' })).toThrow(
      /12-digit/,
    );
  });
});
