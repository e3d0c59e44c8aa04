import { acmCertificateExpiry } from './acm/acm-certificate-expiry.js';
import { directconnectMaintenance } from './directconnect/directconnect-maintenance.js';
import { docdbNeptuneEngineLifecycle } from './docdb/docdb-neptune-engine-lifecycle.js';
import { amiRelease } from './ec2/ami-release.js';
import { availabilityZoneRetirement } from './ec2/availability-zone-retirement.js';
import { capacityReservationExpiry } from './ec2/capacity-reservation-expiry.js';
import { ec2ScheduledEvent } from './ec2/ec2-scheduled-event.js';
import { osEndOfSupport } from './ec2/os-end-of-support.js';
import { eksVersionEndOfSupport } from './eks/eks-version-end-of-support.js';
import { elasticacheEngineEndOfSupport } from './elasticache/elasticache-engine-end-of-support.js';
import { elasticacheServiceUpdates } from './elasticache/elasticache-service-updates.js';
import { beanstalkPlatformUpdate } from './elasticbeanstalk/beanstalk-platform-update.js';
import { elbTlsPolicyDeprecation } from './elasticloadbalancing/elb-tls-policy-deprecation.js';
import { credentialsExposed } from './iam/credentials-exposed.js';
import { iamServerCertificateExpiry } from './iam/iam-server-certificate-expiry.js';
import { mskKafkaVersionEndOfSupport } from './kafka/msk-kafka-version-end-of-support.js';
import { lambdaRuntimeDeprecation } from './lambda/lambda-runtime-deprecation.js';
import { memorydbClusterLifecycle } from './memorydb/memorydb-cluster-lifecycle.js';
import { mqBrokerLifecycle } from './mq/mq-broker-lifecycle.js';
import { opensearchDomainLifecycle } from './opensearch/opensearch-domain-lifecycle.js';
import { rdsCaCertificateExpiry } from './rds/rds-ca-certificate-expiry.js';
import { rdsEngineEndOfSupport } from './rds/rds-engine-end-of-support.js';
import { rdsPendingMaintenance } from './rds/rds-pending-maintenance.js';
import { redshiftMaintenance } from './redshift/redshift-maintenance.js';
import { reservationExpiry } from './reservations/reservation-expiry.js';
import { route53DomainExpiry } from './route53domains/route53-domain-expiry.js';
import { serviceQuotaIncrease } from './servicequotas/service-quota-increase.js';
import { sesEnforcement } from './ses/ses-enforcement.js';
import { shieldDdosDetected } from './shield/shield-ddos-detected.js';
import { shieldSubscriptionRenewal } from './shield/shield-subscription-renewal.js';
import type { Scanner } from './types.js';
import { vpnMaintenance } from './vpn/vpn-maintenance.js';

/**
 * Every scanner, sorted by id. To add one: write `src/scanners/<service>/<id>.ts` and its
 * `<id>.test.ts` (see docs/adding-a-scanner.md), import it here and put it in sorted order.
 * The meta-test in test/scan-registry.test.ts fails when one is missing or out of order.
 */
export const scanners: readonly Scanner[] = [
  acmCertificateExpiry,
  amiRelease,
  availabilityZoneRetirement,
  beanstalkPlatformUpdate,
  capacityReservationExpiry,
  credentialsExposed,
  directconnectMaintenance,
  docdbNeptuneEngineLifecycle,
  ec2ScheduledEvent,
  eksVersionEndOfSupport,
  elasticacheEngineEndOfSupport,
  elasticacheServiceUpdates,
  elbTlsPolicyDeprecation,
  iamServerCertificateExpiry,
  lambdaRuntimeDeprecation,
  memorydbClusterLifecycle,
  mqBrokerLifecycle,
  mskKafkaVersionEndOfSupport,
  opensearchDomainLifecycle,
  osEndOfSupport,
  rdsCaCertificateExpiry,
  rdsEngineEndOfSupport,
  rdsPendingMaintenance,
  redshiftMaintenance,
  reservationExpiry,
  route53DomainExpiry,
  serviceQuotaIncrease,
  sesEnforcement,
  shieldDdosDetected,
  shieldSubscriptionRenewal,
  vpnMaintenance,
];

export function scannerById(id: string): Scanner | undefined {
  return scanners.find((s) => s.id === id);
}
