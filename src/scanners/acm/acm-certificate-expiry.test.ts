import { deniedCase } from '../../../test/support/scanner-fixtures.js';
import {
  OTHER_ACCOUNT,
  oneAccountWorld,
  type ScenarioInput,
  TEST_ACCOUNT,
  testScanner,
} from '../../../test/support/scanner-tester.js';
import { acmCertificateExpiry } from './acm-certificate-expiry.js';

/** A one-account world with these certificates in us-east-1. */
const certificates = (certs: unknown[]) => oneAccountWorld({ acm: { certificates: certs } });

const ALB = `arn:aws:elasticloadbalancing:us-east-1:${TEST_ACCOUNT}:loadbalancer/app/web/50dc6c495c0c9188`;
const arnOf = (account: string, id: string) => `arn:aws:acm:us-east-1:${account}:certificate/${id}`;

testScanner(acmCertificateExpiry, {
  now: '2026-03-01T00:00:00.000Z',
  horizonDays: { 'acm-certificate-expiry': 60 },
  quiet: [
    {
      name: 'an ACM-issued certificate expiring after the horizon',
      scenario: certificates([
        { id: 'c-later', domain: 'later.example.com', notAfter: '2026-07-01T00:00:00Z', inUseBy: [ALB] },
      ]),
    },
    {
      name: 'an expired certificate nobody uses any more',
      scenario: certificates([{ id: 'c-old', domain: 'old.example.com', notAfter: '2026-01-01T00:00:00Z' }]),
    },
    {
      name: 'a renewal ACM is handling by itself, after the horizon',
      scenario: certificates([
        {
          id: 'c-auto',
          domain: 'auto.example.com',
          notAfter: '2026-06-01T00:00:00Z',
          inUseBy: [ALB],
          renewal: { status: 'PENDING_AUTO_RENEWAL', updatedAt: '2026-02-28T00:00:00Z' },
        },
      ]),
    },
    deniedCase('access denied is recorded as coverage, never as "nothing found"', 'acm', {
      acm: {
        certificates: [{ id: 'c-hidden', domain: 'hidden.example.com', notAfter: '2026-03-10T00:00:00Z' }],
      },
    }),
  ],
  found: [
    {
      name: 'an ACM-issued certificate in use, expiring within the horizon',
      scenario: certificates([
        { id: 'c-web', domain: 'www.example.com', notAfter: '2026-03-31T00:00:00Z', inUseBy: [ALB] },
      ]),
      expected: [
        {
          resource: arnOf(TEST_ACCOUNT, 'c-web'),
          eventDate: '2026-03-31T00:00:00.000Z',
          title: 'ACM certificate www.example.com expires 2026-03-31',
          evidence: {
            domainName: 'www.example.com',
            status: 'ISSUED',
            type: 'AMAZON_ISSUED',
            keyAlgorithm: 'RSA_2048',
            notAfter: '2026-03-31T00:00:00.000Z',
            imported: false,
            renewsAutomatically: true,
            renewalEligibility: 'ELIGIBLE',
            renewalStatus: null,
            renewalStatusReason: null,
            inUse: true,
            inUseCount: 1,
            inUseBy: [ALB],
          },
        },
      ],
    },
    {
      name: 'an imported EC certificate (listed only when key types are asked for) never renews by itself',
      scenario: certificates([
        {
          id: 'c-imported',
          domain: 'api.example.com',
          type: 'IMPORTED',
          keyAlgorithm: 'EC_prime256v1',
          notAfter: '2026-03-11T00:00:00Z',
          inUseBy: [ALB],
        },
      ]),
      expected: [
        {
          resource: arnOf(TEST_ACCOUNT, 'c-imported'),
          eventDate: '2026-03-11T00:00:00.000Z',
          evidence: {
            domainName: 'api.example.com',
            status: 'ISSUED',
            type: 'IMPORTED',
            keyAlgorithm: 'EC_prime256v1',
            notAfter: '2026-03-11T00:00:00.000Z',
            imported: true,
            renewsAutomatically: false,
            renewalEligibility: 'INELIGIBLE',
            renewalStatus: null,
            renewalStatusReason: null,
            inUse: true,
            inUseCount: 1,
            inUseBy: [ALB],
          },
        },
      ],
    },
    {
      name: 'a failed managed renewal is reported even beyond the horizon',
      scenario: certificates([
        {
          id: 'c-failed',
          domain: 'shop.example.com',
          keyAlgorithm: 'RSA_4096',
          notAfter: '2026-05-15T00:00:00Z',
          inUseBy: [ALB],
          renewal: { status: 'FAILED', reason: 'CAA_ERROR', updatedAt: '2026-02-27T00:00:00Z' },
        },
      ]),
      expected: [
        {
          resource: arnOf(TEST_ACCOUNT, 'c-failed'),
          eventDate: '2026-05-15T00:00:00.000Z',
          title: 'ACM certificate shop.example.com: renewal FAILED',
          evidence: {
            domainName: 'shop.example.com',
            status: 'ISSUED',
            type: 'AMAZON_ISSUED',
            keyAlgorithm: 'RSA_4096',
            notAfter: '2026-05-15T00:00:00.000Z',
            imported: false,
            renewsAutomatically: true,
            renewalEligibility: 'ELIGIBLE',
            renewalStatus: 'FAILED',
            renewalStatusReason: 'CAA_ERROR',
            inUse: true,
            inUseCount: 1,
            inUseBy: [ALB],
          },
        },
      ],
    },
    {
      name: 'an organization: each member account is entered through the role and scanned',
      org: true,
      scenario: {
        organization: { managementAccount: TEST_ACCOUNT },
        accounts: [
          { id: TEST_ACCOUNT, regions: { 'us-east-1': { acm: { certificates: [] } } } },
          {
            id: OTHER_ACCOUNT,
            regions: {
              'us-east-1': {
                acm: {
                  certificates: [
                    { id: 'c-member', domain: 'member.example.org', notAfter: '2026-03-20T00:00:00Z' },
                  ],
                },
              },
            },
          },
        ],
      } as ScenarioInput,
      expected: [
        {
          accountId: OTHER_ACCOUNT,
          resource: arnOf(OTHER_ACCOUNT, 'c-member'),
          eventDate: '2026-03-20T00:00:00.000Z',
          evidence: {
            domainName: 'member.example.org',
            status: 'ISSUED',
            type: 'AMAZON_ISSUED',
            keyAlgorithm: 'RSA_2048',
            notAfter: '2026-03-20T00:00:00.000Z',
            imported: false,
            renewsAutomatically: false,
            renewalEligibility: 'INELIGIBLE',
            renewalStatus: null,
            renewalStatusReason: null,
            inUse: false,
            inUseCount: 0,
            inUseBy: [],
          },
        },
      ],
    },
  ],
});
