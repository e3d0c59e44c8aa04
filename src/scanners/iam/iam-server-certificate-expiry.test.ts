import { globalWorld } from '../../../test/support/scanner-fixtures.js';
import { TEST_ACCOUNT, testScanner } from '../../../test/support/scanner-tester.js';
import { iamServerCertificateExpiry } from './iam-server-certificate-expiry.js';

/** A one-account world with these IAM server certificates. */
const serverCertificates = (list: unknown[]) => globalWorld({ iam: { serverCertificates: list } });

testScanner(iamServerCertificateExpiry, {
  now: '2026-03-01T00:00:00.000Z',
  horizonDays: { 'iam-server-certificate-expiry': 45 },
  quiet: [
    {
      name: 'a certificate expiring after the horizon',
      scenario: serverCertificates([{ name: 'legacy-elb', expiration: '2026-06-01T00:00:00Z' }]),
    },
  ],
  found: [
    {
      name: 'one expiring within the horizon and one already expired; one beyond it is left out',
      scenario: serverCertificates([
        {
          name: 'cdn-2025',
          path: '/cloudfront/',
          expiration: '2026-03-25T12:00:00Z',
          uploadedAt: '2025-03-25T00:00:00Z',
        },
        { name: 'old-elb', expiration: '2026-02-01T00:00:00Z', uploadedAt: '2025-02-01T00:00:00Z' },
        { name: 'fresh', expiration: '2027-03-01T00:00:00Z' },
      ]),
      expected: [
        {
          resource: `arn:aws:iam::${TEST_ACCOUNT}:server-certificate/cloudfront/cdn-2025`,
          eventDate: '2026-03-25T12:00:00.000Z',
          title: 'IAM server certificate cdn-2025 expires 2026-03-25',
          evidence: {
            serverCertificateName: 'cdn-2025',
            path: '/cloudfront/',
            uploadDate: '2025-03-25T00:00:00.000Z',
            expiration: '2026-03-25T12:00:00.000Z',
          },
        },
        {
          resource: `arn:aws:iam::${TEST_ACCOUNT}:server-certificate/old-elb`,
          eventDate: '2026-02-01T00:00:00.000Z',
          title: 'IAM server certificate old-elb expired on 2026-02-01',
          evidence: {
            serverCertificateName: 'old-elb',
            path: '/',
            uploadDate: '2025-02-01T00:00:00.000Z',
            expiration: '2026-02-01T00:00:00.000Z',
          },
        },
      ],
    },
  ],
});
