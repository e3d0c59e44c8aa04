import { globalWorld } from '../../../test/support/scanner-fixtures.js';
import { testScanner } from '../../../test/support/scanner-tester.js';
import { route53DomainExpiry } from './route53-domain-expiry.js';

/** A one-account world with these registered domains. */
const domains = (list: unknown[]) => globalWorld({ route53domains: { domains: list } });

testScanner(route53DomainExpiry, {
  now: '2026-03-01T00:00:00.000Z',
  horizonDays: { 'route53-domain-expiry': 60 },
  quiet: [
    {
      name: 'a domain expiring after the horizon, even with auto-renew off',
      scenario: domains([{ name: 'later.example.com', expiry: '2026-09-01T00:00:00Z', autoRenew: false }]),
    },
  ],
  found: [
    {
      name: 'a domain with auto-renew off expiring within the horizon',
      // The scan asks for ap-northeast-1 only: Route 53 Domains is still looked at, in us-east-1.
      regions: ['ap-northeast-1'],
      scenario: domains([
        { name: 'example.jp', expiry: '2026-04-15T00:00:00Z', autoRenew: false, transferLock: false },
        { name: 'example.net', expiry: '2027-01-01T00:00:00Z' },
      ]),
      expected: [
        {
          resource: 'example.jp',
          eventDate: '2026-04-15T00:00:00.000Z',
          title: 'Domain example.jp expires 2026-04-15 (auto-renew off)',
          evidence: {
            domainName: 'example.jp',
            expiry: '2026-04-15T00:00:00.000Z',
            autoRenew: false,
            transferLock: false,
          },
        },
      ],
    },
    {
      name: 'a domain on the second page of ListDomains (the scanner follows NextPageMarker)',
      scenario: domains([
        ...Array.from({ length: 100 }, (_, i) => ({
          name: `healthy-${String(i).padStart(3, '0')}.example.com`,
          expiry: '2027-06-01T00:00:00Z',
        })),
        { name: 'zz-renew-me.example.com', expiry: '2026-03-20T00:00:00Z', autoRenew: true },
      ]),
      expected: [
        {
          resource: 'zz-renew-me.example.com',
          eventDate: '2026-03-20T00:00:00.000Z',
          title: 'Domain zz-renew-me.example.com expires 2026-03-20',
          evidence: {
            domainName: 'zz-renew-me.example.com',
            expiry: '2026-03-20T00:00:00.000Z',
            autoRenew: true,
            transferLock: true,
          },
        },
      ],
    },
  ],
});
