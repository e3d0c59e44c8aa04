import { globalWorld } from '../../../test/support/scanner-fixtures.js';
import { TEST_ACCOUNT, testScanner } from '../../../test/support/scanner-tester.js';
import { credentialsExposed } from './credentials-exposed.js';

/** A one-account world with IAM users (global). */
const world = (users: unknown[]) => globalWorld({ iam: { users } });

testScanner(credentialsExposed, {
  now: '2026-06-01T00:00:00.000Z',
  quiet: [
    {
      name: 'users with keys and ordinary policies, none quarantined',
      scenario: world([
        {
          name: 'deploy-bot',
          attachedPolicies: ['AmazonS3ReadOnlyAccess', 'AWSDenyAll'],
          accessKeys: [{ id: 'AKIAIOSFODNN7EXAMPLE', createdAt: '2025-01-01T00:00:00Z' }],
        },
      ]),
    },
  ],
  found: [
    {
      name: 'two quarantined users (V3, and both V2 and the original), one with a path and two keys',
      scenario: world([
        {
          name: 'ci-uploader',
          id: 'AIDAJQABLZS4A3QDU576Q',
          path: '/service/',
          attachedPolicies: ['AWSCompromisedKeyQuarantineV3'],
          accessKeys: [
            { id: 'AKIAI44QH8DHBEXAMPLE', createdAt: '2024-03-01T00:00:00Z' },
            { id: 'AKIAJ3OLD0KEYEXAMPLE', status: 'Inactive', createdAt: '2022-03-01T00:00:00Z' },
          ],
        },
        {
          name: 'legacy-backup',
          id: 'AIDAIOSFODNN7EXAMPLE',
          attachedPolicies: ['AWSCompromisedKeyQuarantine', 'AWSCompromisedKeyQuarantineV2'],
          accessKeys: [],
        },
        { name: 'healthy-user', attachedPolicies: ['ReadOnlyAccess'] },
      ]),
      expected: [
        {
          resource: `arn:aws:iam::${TEST_ACCOUNT}:user/service/ci-uploader`,
          eventDate: null,
          title:
            'IAM user ci-uploader is quarantined by AWS (AWSCompromisedKeyQuarantineV3); 1 active access key(s)',
          evidence: {
            userName: 'ci-uploader',
            userId: 'AIDAJQABLZS4A3QDU576Q',
            quarantinePolicies: ['AWSCompromisedKeyQuarantineV3'],
            accessKeys: [
              {
                accessKeyId: 'AKIAI44QH8DHBEXAMPLE',
                status: 'Active',
                createDate: '2024-03-01T00:00:00.000Z',
              },
              {
                accessKeyId: 'AKIAJ3OLD0KEYEXAMPLE',
                status: 'Inactive',
                createDate: '2022-03-01T00:00:00.000Z',
              },
            ],
          },
        },
        {
          resource: `arn:aws:iam::${TEST_ACCOUNT}:user/legacy-backup`,
          eventDate: null,
          title:
            'IAM user legacy-backup is quarantined by AWS (AWSCompromisedKeyQuarantine, AWSCompromisedKeyQuarantineV2); 0 active access key(s)',
          evidence: {
            userName: 'legacy-backup',
            userId: 'AIDAIOSFODNN7EXAMPLE',
            quarantinePolicies: ['AWSCompromisedKeyQuarantine', 'AWSCompromisedKeyQuarantineV2'],
            accessKeys: [],
          },
        },
      ],
    },
  ],
});
