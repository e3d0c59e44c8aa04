import {
  ACMClient,
  type CertificateDetail,
  DescribeCertificateCommand,
  type KeyAlgorithm,
  paginateListCertificates,
} from '@aws-sdk/client-acm';
import { expiresOn, isAwsError, isoOrNull, orNull, pageItems, withinHorizon } from '../support.js';
import type { Finding, Scanner } from '../types.js';

const KIND = 'acm-certificate-expiry';

/** ListCertificates returns only RSA_2048 certificates unless every key type is asked for. */
const ALL_KEY_TYPES: KeyAlgorithm[] = [
  'RSA_1024',
  'RSA_2048',
  'RSA_3072',
  'RSA_4096',
  'EC_prime256v1',
  'EC_secp384r1',
  'EC_secp521r1',
];

/** Renewal states that need a person: DNS/e-mail validation not done, or AWS gave up. */
const STUCK_RENEWAL = new Set(['PENDING_VALIDATION', 'FAILED']);

/** At most this many InUseBy ARNs go into evidence; the count is always there. */
const IN_USE_SHOWN = 20;

/**
 * ACM certificates that expire within the horizon, or whose managed renewal is stuck.
 * Imported certificates are flagged: ACM never renews them.
 */
export const acmCertificateExpiry: Scanner = {
  id: 'acm-certificate-expiry',
  eventKinds: [KIND],
  scope: 'regional',
  permissions: ['acm:DescribeCertificate', 'acm:ListCertificates'],
  summary: {
    ja: 'ACM 証明書の有効期限（インポート証明書・更新失敗・検証待ちを含む）',
    en: 'ACM certificates nearing expiry, including imported ones and stuck renewals',
  },
  async *scan(ctx) {
    const acm = ctx.client(ACMClient);
    const pages = paginateListCertificates(
      { client: acm, pageSize: 1000 },
      { Includes: { keyTypes: ALL_KEY_TYPES } },
    );
    for await (const summary of pageItems(pages, (page) => page.CertificateSummaryList)) {
      if (!summary.CertificateArn) continue;
      const detail = await describe(acm, summary.CertificateArn);
      if (!detail) continue;
      const finding = assess(detail, summary.CertificateArn, ctx);
      if (finding) yield finding;
    }
  },
};

async function describe(acm: ACMClient, arn: string): Promise<CertificateDetail | undefined> {
  try {
    const out = await acm.send(new DescribeCertificateCommand({ CertificateArn: arn }));
    return out.Certificate;
  } catch (error) {
    // Deleted between the list and the describe: nothing to report.
    if (isAwsError(error, 'ResourceNotFoundException')) return undefined;
    throw error;
  }
}

function assess(
  cert: CertificateDetail,
  arn: string,
  ctx: Parameters<Scanner['scan']>[0],
): Finding | undefined {
  const notAfter = isoOrNull(cert.NotAfter);
  const inUseBy = cert.InUseBy ?? [];
  const renewalStatus = cert.RenewalSummary?.RenewalStatus;
  const stuck = renewalStatus !== undefined && STUCK_RENEWAL.has(renewalStatus);
  const live = cert.Status === 'ISSUED' || (cert.Status === 'EXPIRED' && inUseBy.length > 0);
  const expiring = live && notAfter !== null && withinHorizon(ctx, KIND, notAfter);
  if (!expiring && !stuck) return undefined;

  const imported = cert.Type === 'IMPORTED';
  const name = cert.DomainName ?? arn;
  // Not stuck means expiring, so notAfter is known.
  const title =
    stuck || notAfter === null
      ? `ACM certificate ${name}: renewal ${renewalStatus}`
      : `ACM certificate ${name} ${expiresOn(ctx.now, notAfter)}`;
  return {
    kind: KIND,
    resource: arn,
    eventDate: notAfter,
    title,
    evidence: {
      domainName: orNull(cert.DomainName),
      status: orNull(cert.Status),
      type: orNull(cert.Type),
      keyAlgorithm: orNull(cert.KeyAlgorithm),
      notAfter,
      imported,
      // Only ACM-issued (public or private CA) certificates that ACM deems eligible renew by themselves.
      renewsAutomatically: !imported && cert.RenewalEligibility === 'ELIGIBLE',
      renewalEligibility: orNull(cert.RenewalEligibility),
      renewalStatus: orNull(renewalStatus),
      renewalStatusReason: orNull(cert.RenewalSummary?.RenewalStatusReason),
      inUse: inUseBy.length > 0,
      inUseCount: inUseBy.length,
      inUseBy: inUseBy.slice(0, IN_USE_SHOWN),
    },
  };
}
