import { paginateDescribeCertificates, RDSClient } from '@aws-sdk/client-rds';
import { DAY_MS } from '../../core/time.js';
import { rdsInstances } from '../shared.js';
import { expiresOn, isoOrNull, orNull, withinHorizon } from '../support.js';
import type { Scanner } from '../types.js';

const KIND = 'rds-ca-certificate-expiry';

/**
 * DB instances whose CA certificate (DescribeCertificates ValidTill) ends within the horizon.
 * The server certificate (CertificateDetails.ValidTill) is reported only when it ends within
 * `rdsServerCertificateDays` (default 30): RDS rotates server certificates of the current CAs by
 * itself, so one that close to its end means the rotation is not happening.
 */
export const rdsCaCertificateExpiry: Scanner = {
  id: 'rds-ca-certificate-expiry',
  eventKinds: [KIND],
  scope: 'regional',
  permissions: ['rds:DescribeCertificates', 'rds:DescribeDBInstances'],
  summary: {
    ja: 'RDS の CA 証明書・サーバー証明書の有効期限（DB インスタンスごと）',
    en: 'RDS CA and server certificate expiry per DB instance',
  },
  async *scan(ctx) {
    const instances = await rdsInstances(ctx);
    // No instance, no need to read the CA list.
    if (instances.length === 0) return;
    const caValidTill = new Map<string, string | null>();
    let defaultCa: string | null = null;
    const pages = paginateDescribeCertificates({ client: ctx.client(RDSClient), pageSize: 100 }, {});
    for await (const page of pages) {
      defaultCa = page.DefaultCertificateForNewLaunches ?? defaultCa;
      for (const cert of page.Certificates ?? []) {
        if (cert.CertificateIdentifier)
          caValidTill.set(cert.CertificateIdentifier, isoOrNull(cert.ValidTill));
      }
    }
    const serverDays = ctx.setting('rdsServerCertificateDays', 30);
    for (const db of instances) {
      const id = db.DBInstanceIdentifier;
      if (!id) continue;
      const ca = db.CACertificateIdentifier ?? db.CertificateDetails?.CAIdentifier;
      const caEnd = ca ? (caValidTill.get(ca) ?? null) : null;
      const serverEnd = isoOrNull(db.CertificateDetails?.ValidTill);
      const caExpiring = caEnd !== null && withinHorizon(ctx, KIND, caEnd);
      const serverExpiring =
        serverEnd !== null && Date.parse(serverEnd) <= ctx.now.getTime() + serverDays * DAY_MS;
      const eventDate = caExpiring ? caEnd : serverExpiring ? serverEnd : null;
      if (eventDate === null) continue;
      yield {
        kind: KIND,
        resource: db.DBInstanceArn ?? id,
        eventDate,
        title: `RDS ${id}: ${caExpiring ? `CA ${ca}` : 'server certificate'} ${expiresOn(ctx.now, eventDate)}`,
        evidence: {
          dbInstanceIdentifier: id,
          engine: orNull(db.Engine),
          dbClusterIdentifier: orNull(db.DBClusterIdentifier),
          reason: caExpiring ? 'ca-certificate' : 'server-certificate',
          caCertificateIdentifier: orNull(ca),
          caValidTill: caEnd,
          serverCertificateValidTill: serverEnd,
          // The CA AWS gives new instances: the usual target of a rotation.
          defaultCertificateForNewLaunches: defaultCa,
        },
      };
    }
  },
};
