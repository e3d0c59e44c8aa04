import { z } from 'zod';
import { dateSpec, defineService, stableId } from './types.js';

const serverCertificate = z.object({
  name: z.string(),
  path: z.string().default('/'),
  /** Expiration: `45d`, `-3d`, or ISO. */
  expiration: dateSpec,
  uploadedAt: dateSpec.default('-300d'),
});

/** IAM (global): server certificates (used where ACM is not, e.g. some CloudFront / ELB setups). */
export const iam = defineService({
  name: 'iam',
  model: 'iam-2010-05-08',
  scope: 'global',
  scenario: z.object({ serverCertificates: z.array(serverCertificate).default([]) }),
  handlers: {
    ListServerCertificates: ({ data, accountId, date, input }) => {
      const prefix = typeof input.PathPrefix === 'string' ? input.PathPrefix : '/';
      return {
        ServerCertificateMetadataList: data.serverCertificates
          .filter((c) => c.path.startsWith(prefix))
          .map((c) => ({
            Path: c.path,
            ServerCertificateName: c.name,
            ServerCertificateId: `ASCA${stableId(`${accountId}/${c.name}`, 17).toUpperCase()}`,
            Arn: `arn:aws:iam::${accountId}:server-certificate${c.path}${c.name}`,
            UploadDate: date(c.uploadedAt),
            Expiration: date(c.expiration),
          })),
        IsTruncated: false,
      };
    },
  },
});
