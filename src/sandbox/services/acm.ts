import { z } from 'zod';
import { DAY_MS } from '../../core/time.js';
import { AwsError, arn, dateSpec, defineService, stableUuid } from './types.js';

const KEY_ALGORITHMS = [
  'RSA_1024',
  'RSA_2048',
  'RSA_3072',
  'RSA_4096',
  'EC_prime256v1',
  'EC_secp384r1',
  'EC_secp521r1',
] as const;

const certificate = z.object({
  /** Default: a stable UUID from the account, region and domain. */
  id: z.string().optional(),
  domain: z.string(),
  sans: z.array(z.string()).optional(),
  /** NotAfter: `12d`, `-3d`, or ISO. */
  notAfter: dateSpec,
  /** NotBefore; default: 198 days before NotAfter (ACM public certificate validity). */
  notBefore: dateSpec.optional(),
  type: z.enum(['AMAZON_ISSUED', 'IMPORTED', 'PRIVATE']).default('AMAZON_ISSUED'),
  keyAlgorithm: z.enum(KEY_ALGORITHMS).default('RSA_2048'),
  /** Default: ISSUED while NotAfter is ahead, else EXPIRED. */
  status: z
    .enum([
      'PENDING_VALIDATION',
      'ISSUED',
      'INACTIVE',
      'EXPIRED',
      'VALIDATION_TIMED_OUT',
      'REVOKED',
      'FAILED',
    ])
    .optional(),
  /** ARNs of the load balancers / distributions using it. */
  inUseBy: z.array(z.string()).default([]),
  validationMethod: z.enum(['DNS', 'EMAIL']).default('DNS'),
  /** Default: ELIGIBLE for AMAZON_ISSUED / PRIVATE certificates in use, else INELIGIBLE. */
  renewalEligibility: z.enum(['ELIGIBLE', 'INELIGIBLE']).optional(),
  /** RenewalSummary, present only once ACM has started a managed renewal. */
  renewal: z
    .object({
      status: z.enum(['PENDING_AUTO_RENEWAL', 'PENDING_VALIDATION', 'SUCCESS', 'FAILED']),
      reason: z.string().optional(),
      updatedAt: dateSpec.default('-1d'),
    })
    .optional(),
});

export type SandboxCertificate = z.output<typeof certificate>;

/** AWS Certificate Manager: ListCertificates (RSA_2048 only unless key types are asked for) and DescribeCertificate. */
export const acm = defineService({
  name: 'acm',
  model: 'acm-2015-12-08',
  scope: 'regional',
  scenario: z.object({ certificates: z.array(certificate).default([]) }),
  defaultPageSize: { ListCertificates: 1000 },
  handlers: {
    ListCertificates: (ctx) => {
      const includes = (ctx.input.Includes ?? {}) as { keyTypes?: string[] };
      // Real ACM lists only RSA_2048 certificates unless Includes.keyTypes asks for others.
      const keyTypes = includes.keyTypes?.length ? includes.keyTypes : ['RSA_2048'];
      const statuses = (ctx.input.CertificateStatuses as string[] | undefined) ?? [];
      const certs = ctx.data.certificates
        .map((cert) => describe(cert, ctx.accountId, ctx.region, ctx.date, ctx.now))
        .filter(
          (c) => keyTypes.includes(c.KeyAlgorithm) && (statuses.length === 0 || statuses.includes(c.Status)),
        );
      return {
        CertificateSummaryList: certs.map((c) => ({
          CertificateArn: c.CertificateArn,
          DomainName: c.DomainName,
          SubjectAlternativeNameSummaries: c.SubjectAlternativeNames,
          HasAdditionalSubjectAlternativeNames: false,
          Status: c.Status,
          Type: c.Type,
          KeyAlgorithm: c.KeyAlgorithm,
          KeyUsages: ['DIGITAL_SIGNATURE', 'KEY_ENCIPHERMENT'],
          ExtendedKeyUsages: ['TLS_WEB_SERVER_AUTHENTICATION', 'TLS_WEB_CLIENT_AUTHENTICATION'],
          InUse: c.InUseBy.length > 0,
          RenewalEligibility: c.RenewalEligibility,
          NotBefore: c.NotBefore,
          NotAfter: c.NotAfter,
          CreatedAt: c.CreatedAt,
          IssuedAt: c.IssuedAt,
          ImportedAt: c.ImportedAt,
        })),
      };
    },
    DescribeCertificate: (ctx) => {
      const wanted = String(ctx.input.CertificateArn ?? '');
      const found = ctx.data.certificates
        .map((cert) => describe(cert, ctx.accountId, ctx.region, ctx.date, ctx.now))
        .find((c) => c.CertificateArn === wanted);
      if (!found) {
        throw new AwsError('ResourceNotFoundException', `Could not find certificate ${wanted}.`);
      }
      return { Certificate: found };
    },
  },
});

function describe(
  cert: SandboxCertificate,
  accountId: string,
  region: string,
  date: (value: string) => Date,
  now: Date,
) {
  const notAfter = date(cert.notAfter);
  const notBefore = cert.notBefore ? date(cert.notBefore) : new Date(notAfter.getTime() - 198 * DAY_MS);
  const imported = cert.type === 'IMPORTED';
  const status = cert.status ?? (notAfter.getTime() > now.getTime() ? 'ISSUED' : 'EXPIRED');
  const id = cert.id ?? stableUuid(`${accountId}/${region}/acm/${cert.domain}/${cert.notAfter}`);
  const domains = [cert.domain, ...(cert.sans ?? [])];
  const renewalEligibility =
    cert.renewalEligibility ?? (!imported && cert.inUseBy.length > 0 ? 'ELIGIBLE' : 'INELIGIBLE');
  const validation = (domain: string, validationStatus: string) => ({
    DomainName: domain,
    ValidationDomain: domain,
    ValidationStatus: validationStatus,
    ValidationMethod: cert.validationMethod,
    ResourceRecord:
      cert.validationMethod === 'DNS'
        ? {
            Name: `_${id.slice(0, 8)}.${domain.replace(/^\*\./, '')}.`,
            Type: 'CNAME',
            Value: `_${id.slice(24)}.acm-validations.aws.`,
          }
        : undefined,
    ValidationEmails:
      cert.validationMethod === 'EMAIL' ? [`admin@${domain.replace(/^\*\./, '')}`] : undefined,
  });
  const renewalValidation = cert.renewal?.status === 'PENDING_VALIDATION' ? 'PENDING_VALIDATION' : 'SUCCESS';
  return {
    CertificateArn: arn('acm', region, accountId, `certificate/${id}`),
    DomainName: cert.domain,
    SubjectAlternativeNames: domains,
    DomainValidationOptions: imported
      ? undefined
      : domains.map((d) => validation(d, status === 'PENDING_VALIDATION' ? 'PENDING_VALIDATION' : 'SUCCESS')),
    Serial: id
      .replace(/-/g, '')
      .slice(0, 32)
      .replace(/(..)(?!$)/g, '$1:'),
    Subject: `CN=${cert.domain}`,
    Issuer: imported ? 'Example Imported CA' : cert.type === 'PRIVATE' ? 'Example Private CA' : 'Amazon',
    CreatedAt: notBefore,
    IssuedAt: imported ? undefined : notBefore,
    ImportedAt: imported ? notBefore : undefined,
    Status: status,
    NotBefore: notBefore,
    NotAfter: notAfter,
    KeyAlgorithm: cert.keyAlgorithm,
    SignatureAlgorithm: cert.keyAlgorithm.startsWith('EC') ? 'SHA256WITHECDSA' : 'SHA256WITHRSA',
    InUseBy: cert.inUseBy,
    Type: cert.type,
    RenewalEligibility: renewalEligibility,
    RenewalSummary: cert.renewal
      ? {
          RenewalStatus: cert.renewal.status,
          DomainValidationOptions: domains.map((d) => validation(d, renewalValidation)),
          RenewalStatusReason: cert.renewal.reason,
          UpdatedAt: date(cert.renewal.updatedAt),
        }
      : undefined,
    KeyUsages: [{ Name: 'DIGITAL_SIGNATURE' }, { Name: 'KEY_ENCIPHERMENT' }],
    ExtendedKeyUsages: [
      { Name: 'TLS_WEB_SERVER_AUTHENTICATION', OID: '1.3.6.1.5.5.7.3.1' },
      { Name: 'TLS_WEB_CLIENT_AUTHENTICATION', OID: '1.3.6.1.5.5.7.3.2' },
    ],
    Options: { CertificateTransparencyLoggingPreference: 'ENABLED' },
  };
}
