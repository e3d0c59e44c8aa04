import { IAMClient, paginateListServerCertificates } from '@aws-sdk/client-iam';
import { dateWithinHorizon, expiresOn, isoOrNull, pageItems } from '../support.js';
import type { Scanner } from '../types.js';

const KIND = 'iam-server-certificate-expiry';

/**
 * Server certificates uploaded to IAM (used by Classic Load Balancers, CloudFront and older
 * setups) that expire within the horizon or have expired. Nothing renews them.
 */
export const iamServerCertificateExpiry: Scanner = {
  id: 'iam-server-certificate-expiry',
  eventKinds: [KIND],
  scope: 'global',
  globalRegion: 'us-east-1',
  permissions: ['iam:ListServerCertificates'],
  summary: {
    ja: 'IAM にアップロードしたサーバー証明書の有効期限',
    en: 'IAM server certificates nearing expiry or expired',
  },
  async *scan(ctx) {
    const pages = paginateListServerCertificates({ client: ctx.client(IAMClient), pageSize: 1000 }, {});
    for await (const cert of pageItems(pages, (page) => page.ServerCertificateMetadataList)) {
      const expiration = dateWithinHorizon(ctx, KIND, cert.Expiration);
      if (expiration === null) continue;
      const name = cert.ServerCertificateName ?? cert.ServerCertificateId ?? '';
      yield {
        kind: KIND,
        resource: cert.Arn ?? name,
        eventDate: expiration,
        title: `IAM server certificate ${name} ${expiresOn(ctx.now, expiration)}`,
        evidence: {
          serverCertificateName: cert.ServerCertificateName ?? null,
          path: cert.Path ?? null,
          uploadDate: isoOrNull(cert.UploadDate),
          expiration,
        },
      };
    }
  },
};
