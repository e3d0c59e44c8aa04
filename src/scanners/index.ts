import { acmCertificateExpiry } from './acm/acm-certificate-expiry.js';
import { iamServerCertificateExpiry } from './iam/iam-server-certificate-expiry.js';
import { reservationExpiry } from './reservations/reservation-expiry.js';
import { route53DomainExpiry } from './route53domains/route53-domain-expiry.js';
import { serviceQuotaIncrease } from './servicequotas/service-quota-increase.js';
import type { Scanner } from './types.js';

/**
 * Every scanner, sorted by id. To add one: write `src/scanners/<service>/<id>.ts` and its
 * `<id>.test.ts` (see docs/adding-a-scanner.md), import it here and put it in sorted order.
 * The meta-test in test/scan-registry.test.ts fails when one is missing or out of order.
 */
export const scanners: readonly Scanner[] = [
  acmCertificateExpiry,
  iamServerCertificateExpiry,
  reservationExpiry,
  route53DomainExpiry,
  serviceQuotaIncrease,
];

export function scannerById(id: string): Scanner | undefined {
  return scanners.find((s) => s.id === id);
}
