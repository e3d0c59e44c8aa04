import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog, normalizeSubject, parseEntryFile } from '../src/catalog/index.js';
import { catalogJsonSchemaPath, renderCatalogJsonSchema } from '../src/catalog/json-schema.js';
import type { EventKind } from '../src/catalog/schema.js';
import { catalogDir } from '../src/paths.js';

/** The fixed ids every part relies on (issue 2), with their category. */
const FIXED_IDS: Array<[string, EventKind['category']]> = [
  ['acm-certificate-expiry', 'scheduled'],
  ['route53-domain-expiry', 'scheduled'],
  ['reservation-expiry', 'scheduled'],
  ['iam-server-certificate-expiry', 'scheduled'],
  ['elb-prewarm', 'request'],
  ['load-test-request', 'request'],
  ['penetration-test-request', 'request'],
  ['service-quota-increase', 'request'],
  ['ec2-scheduled-event', 'emergency'],
  ['rds-pending-maintenance', 'emergency'],
  ['directconnect-maintenance', 'emergency'],
  ['vpn-maintenance', 'emergency'],
  ['ami-release', 'emergency'],
  ['rds-ca-certificate-expiry', 'emergency'],
  ['engine-maintenance', 'emergency'],
  ['abuse-report', 'expert'],
  ['ses-enforcement', 'expert'],
  ['lambda-runtime-deprecation', 'expert'],
  ['beanstalk-platform-update', 'expert'],
  ['shield-ddos-detected', 'expert'],
  ['elb-tls-policy-deprecation', 'expert'],
  ['os-end-of-support', 'expert'],
  ['eks-version-end-of-support', 'expert'],
  ['rds-engine-end-of-support', 'expert'],
  ['engine-end-of-support', 'expert'],
  // Issue 11: kinds AWS operations teams get notices about in 2026.
  ['capacity-reservation-expiry', 'scheduled'],
  ['shield-subscription-renewal', 'scheduled'],
  ['scim-token-expiry', 'scheduled'],
  ['credentials-exposed', 'emergency'],
  ['availability-zone-retirement', 'emergency'],
  ['tls-endpoint-deprecation', 'expert'],
];

/** Real AWS Health codes that are service issues or unrelated notices: they must map to nothing. */
const UNRELATED_HEALTH_CODES: Array<[string, string]> = [
  ['AWS_EC2_OPERATIONAL_ISSUE', 'EC2'],
  ['AWS_RDS_OPERATIONAL_ISSUE', 'RDS'],
  ['AWS_RDS_API_ISSUE', 'RDS'],
  ['AWS_RDS_CONNECTIVITY_ISSUE', 'RDS'],
  ['AWS_S3_OPERATIONAL_ISSUE', 'S3'],
  ['AWS_ACM_OPERATIONAL_ISSUE', 'ACM'],
  ['AWS_ELASTICLOADBALANCING_OPERATIONAL_ISSUE', 'ELASTICLOADBALANCING'],
  ['AWS_ELASTICLOADBALANCING_API_ISSUE', 'ELASTICLOADBALANCING'],
  ['AWS_LAMBDA_OPERATIONAL_ISSUE', 'LAMBDA'],
  ['AWS_CLOUDFRONT_OPERATIONAL_ISSUE', 'CLOUDFRONT'],
  ['AWS_ROUTE53_OPERATIONAL_ISSUE', 'ROUTE53'],
  ['AWS_IAM_OPERATIONAL_ISSUE', 'IAM'],
  ['AWS_DIRECTCONNECT_OPERATIONAL_ISSUE', 'DIRECTCONNECT'],
  ['AWS_VPN_OPERATIONAL_ISSUE', 'VPN'],
  ['AWS_SES_OPERATIONAL_ISSUE', 'SES'],
  ['AWS_BILLING_NOTIFICATION', 'BILLING'],
];

/** Real notification subjects that belong to no catalog entry. */
const UNRELATED_SUBJECTS = [
  'Amazon Web Services Billing Statement Available [Account: 123456789012]',
  'AWS Budgets: monthly-budget has exceeded your alert threshold',
  'AWS Notification - Subscription Confirmation',
  'Welcome to Amazon Web Services',
  'Your AWS Free Tier usage limit alert',
];

function yamlFiles(): string[] {
  return readdirSync(catalogDir)
    .filter((name) => statSync(join(catalogDir, name)).isDirectory())
    .flatMap((folder) =>
      readdirSync(join(catalogDir, folder))
        .filter((name) => name.endsWith('.yaml'))
        .map((name) => join(catalogDir, folder, name)),
    );
}

describe('built-in catalog files', () => {
  it.each(yamlFiles().map((file) => [relative(catalogDir, file), file]))(
    '%s passes the schema',
    (_name, file) => {
      expect(() => parseEntryFile(file)).not.toThrow();
    },
  );
});

describe('built-in catalog', () => {
  const catalog = loadCatalog();

  it.each(FIXED_IDS)('has %s in category %s', (id, category) => {
    expect(catalog.get(id)?.category).toBe(category);
  });

  it.each(catalog.entries.map((e) => [e.id, e]))('%s cites an AWS page', (_id, e) => {
    const aws = e.references.filter((r) =>
      /^https:\/\/(docs\.aws\.amazon\.com|aws\.amazon\.com)\//.test(r.url),
    );
    expect(aws.length).toBeGreaterThan(0);
    expect(e.title.ja).not.toBe(e.title.en);
    expect(e.runbook.ja.length).toBe(e.runbook.en.length);
  });

  it.each(catalog.entries.map((e) => [e.id, e]))('%s names scanners by kebab-case id', (_id, e) => {
    for (const scanner of e.detection.scanners) expect(scanner).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  const emailSamples = catalog.entries.flatMap((e) =>
    e.detection.email.flatMap((rule, index) => rule.samples.map((sample) => [e.id, index, sample] as const)),
  );
  it.each(emailSamples)(
    '%s email rule %s matches its sample %j and no other entry does',
    (id, index, sample) => {
      // Prepare
      const subject = normalizeSubject(sample);
      const own = catalog.require(id).detection.email[index];
      // Act
      const others = catalog.entries.filter(
        (e) => e.id !== id && e.detection.email.some((rule) => new RegExp(rule.subject, 'iu').test(subject)),
      );
      // Assess
      expect(own && new RegExp(own.subject, 'iu').test(subject)).toBe(true);
      expect(others.map((e) => e.id)).toEqual([]);
    },
  );

  const healthSamples = catalog.entries.flatMap((e) =>
    (e.detection.health?.samples ?? []).map((code) => [code, e.id, e.detection.health?.services[0]] as const),
  );
  it.each(healthSamples)('maps the AWS Health code %s to %s', (code, id, service) => {
    expect(catalog.matchHealth({ eventTypeCode: code })?.kind.id).toBe(id);
    expect(catalog.matchHealth({ eventTypeCode: code, service })?.kind.id).toBe(id);
  });

  it.each(UNRELATED_HEALTH_CODES)('maps the unrelated code %s (%s) to nothing', (code, service) => {
    expect(catalog.matchHealth({ eventTypeCode: code, service })).toBeNull();
  });

  it.each(UNRELATED_SUBJECTS)('maps the unrelated subject %j to nothing', (subject) => {
    expect(catalog.matchEmail({ subject, from: 'no-reply@amazon.com' })).toBeNull();
  });
});

describe('catalog/schema.json', () => {
  it('is up to date with the zod schema (run `npm run generate`)', () => {
    expect(readFileSync(catalogJsonSchemaPath, 'utf8')).toBe(renderCatalogJsonSchema());
  });
});
