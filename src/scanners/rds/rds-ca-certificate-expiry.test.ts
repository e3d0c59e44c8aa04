import { oneAccountWorld, TEST_ACCOUNT, testScanner } from '../../../test/support/scanner-tester.js';
import { rdsCaCertificateExpiry } from './rds-ca-certificate-expiry.js';

/** A one-account world with this RDS data in us-east-1. */
const rds = (data: Record<string, unknown>) => oneAccountWorld({ rds: data });

const db = (id: string) => `arn:aws:rds:us-east-1:${TEST_ACCOUNT}:db:${id}`;
/** The 2019 CA as AWS lists it, and the current RSA 2048 CA (ends 2061). */
const CAS = [
  { id: 'rds-ca-2019', validFrom: '2019-08-22T17:08:50Z', validTill: '2024-08-22T17:08:50Z' },
  { id: 'rds-ca-rsa2048-g1', validFrom: '2021-05-25T23:34:57Z', validTill: '2061-05-25T23:34:57Z' },
  { id: 'rds-ca-private-soon', validFrom: '2021-01-01T00:00:00Z', validTill: '2026-09-01T00:00:00Z' },
];

testScanner(rdsCaCertificateExpiry, {
  now: '2026-03-01T00:00:00.000Z',
  horizonDays: { 'rds-ca-certificate-expiry': 365 },
  quiet: [
    {
      name: 'instances on the current CA with a server certificate months ahead',
      scenario: rds({
        caCertificates: CAS,
        dbInstances: [{ id: 'ok-1', serverCertificateValidTill: '2026-12-01T00:00:00Z' }],
      }),
    },
  ],
  found: [
    {
      name: 'an instance still on an expired CA, one whose CA ends within the horizon, one whose server certificate is about to end',
      scenario: rds({
        caCertificates: CAS,
        dbInstances: [
          {
            id: 'legacy',
            engine: 'postgres',
            engineVersion: '13.15',
            caCertificate: 'rds-ca-2019',
            serverCertificateValidTill: '2024-08-22T17:08:50Z',
          },
          {
            id: 'soon',
            caCertificate: 'rds-ca-private-soon',
            serverCertificateValidTill: '2026-08-01T00:00:00Z',
          },
          { id: 'stuck', serverCertificateValidTill: '2026-03-20T00:00:00Z' },
          { id: 'fine', serverCertificateValidTill: '2027-01-01T00:00:00Z' },
        ],
      }),
      expected: [
        {
          resource: db('legacy'),
          eventDate: '2024-08-22T17:08:50.000Z',
          title: 'RDS legacy: CA rds-ca-2019 expired on 2024-08-22',
          evidence: {
            dbInstanceIdentifier: 'legacy',
            engine: 'postgres',
            dbClusterIdentifier: null,
            reason: 'ca-certificate',
            caCertificateIdentifier: 'rds-ca-2019',
            caValidTill: '2024-08-22T17:08:50.000Z',
            serverCertificateValidTill: '2024-08-22T17:08:50.000Z',
            defaultCertificateForNewLaunches: 'rds-ca-rsa2048-g1',
          },
        },
        {
          resource: db('soon'),
          eventDate: '2026-09-01T00:00:00.000Z',
          title: 'RDS soon: CA rds-ca-private-soon expires 2026-09-01',
          evidence: {
            dbInstanceIdentifier: 'soon',
            engine: 'mysql',
            dbClusterIdentifier: null,
            reason: 'ca-certificate',
            caCertificateIdentifier: 'rds-ca-private-soon',
            caValidTill: '2026-09-01T00:00:00.000Z',
            serverCertificateValidTill: '2026-08-01T00:00:00.000Z',
            defaultCertificateForNewLaunches: 'rds-ca-rsa2048-g1',
          },
        },
        {
          resource: db('stuck'),
          eventDate: '2026-03-20T00:00:00.000Z',
          title: 'RDS stuck: server certificate expires 2026-03-20',
          evidence: {
            dbInstanceIdentifier: 'stuck',
            engine: 'mysql',
            dbClusterIdentifier: null,
            reason: 'server-certificate',
            caCertificateIdentifier: 'rds-ca-rsa2048-g1',
            caValidTill: '2061-05-25T23:34:57.000Z',
            serverCertificateValidTill: '2026-03-20T00:00:00.000Z',
            defaultCertificateForNewLaunches: 'rds-ca-rsa2048-g1',
          },
        },
      ],
    },
  ],
});
