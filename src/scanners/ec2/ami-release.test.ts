import { AMAZON_LINUX_2_JAN_2024, WINDOWS_PLATFORM } from '../../../test/support/scanner-fixtures.js';
import { oneAccountWorld, TEST_ACCOUNT, testScanner } from '../../../test/support/scanner-tester.js';
import { publicImages } from '../../sandbox/services/public-amis.js';
import { amiRelease } from './ami-release.js';

const NOW = '2026-03-01T00:00:00.000Z';
const official = (parameter: string) => {
  const found = publicImages('us-east-1', new Date(NOW)).find((p) => p.parameter === parameter);
  if (!found) throw new Error(parameter);
  return found;
};
const AL2 = official('/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2');
const WIN = official('/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base');
const AL2023 = official('/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64');

/** A one-account world in us-east-1. */
const world = (parts: {
  instances?: unknown[];
  images?: unknown[];
  launchTemplates?: unknown[];
  groups?: unknown[];
  launchConfigurations?: unknown[];
}) =>
  oneAccountWorld({
    ec2: { instances: parts.instances ?? [] },
    ec2images: { images: parts.images ?? [], launchTemplates: parts.launchTemplates ?? [] },
    autoscaling: { groups: parts.groups ?? [], launchConfigurations: parts.launchConfigurations ?? [] },
  });

const GOLDEN = {
  id: 'ami-0aaaaaaaaaaaaa001',
  name: 'golden-web-2025-06-01',
  createdAt: '2025-06-01T00:00:00Z',
};
/** How an AMI that Amazon publishes from this owner account looks. */
const amazonPublic = (owner: string) => ({ owner, ownerAlias: 'amazon', public: true });
const OLD_AL2 = {
  id: 'ami-0aaaaaaaaaaaaa002',
  ...AMAZON_LINUX_2_JAN_2024,
  ...amazonPublic('137112412989'),
  deprecationTime: '2026-01-10T00:00:00Z',
};
const GONE = { id: 'ami-0aaaaaaaaaaaaa003', name: 'golden-api-2024-01-01', state: 'deregistered' };
const FRESH = {
  id: 'ami-0aaaaaaaaaaaaa004',
  name: 'golden-web-2026-02-01',
  createdAt: '2026-02-01T00:00:00Z',
};
const WIN_SOON = {
  id: 'ami-0aaaaaaaaaaaaa005',
  name: 'Windows_Server-2022-English-Full-Base-2025.12.10',
  ...amazonPublic('801119661308'),
  ...WINDOWS_PLATFORM,
  createdAt: '2026-01-10T00:00:00Z',
  deprecationTime: '2026-04-10T00:00:00Z',
};

const base = {
  ownerAlias: null,
  description: null,
  deprecationTime: null,
  launchTemplates: [],
  autoScalingGroups: [],
  instances: [],
  instanceCount: 0,
  maxAgeDays: 180,
};

testScanner(amiRelease, {
  now: NOW,
  horizonDays: { 'ami-release': 730 },
  quiet: [
    { name: 'nothing running, no templates, no groups', scenario: world({}) },
    {
      name: 'recent AMIs in use, a template on the SSM alias, an orphaned group and an old AMI nobody uses',
      scenario: world({
        instances: [{ id: 'i-0000000000000f001', imageId: FRESH.id }],
        images: [FRESH, { ...GOLDEN, id: 'ami-0aaaaaaaaaaaaa0ff' }],
        launchTemplates: [
          {
            id: 'lt-0000000000000f001',
            name: 'web',
            versions: [
              {
                imageId: 'resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
              },
            ],
          },
        ],
        groups: [
          { name: 'web', launchTemplate: { id: 'lt-0000000000000f001', version: '$Latest' } },
          // Its template was deleted: it cannot launch, but that is no AMI of ours to report, and no error.
          { name: 'orphan', launchTemplate: { id: 'lt-0000000000000dead', version: '3' } },
        ],
      }),
    },
  ],
  found: [
    {
      name: 'instances, template versions and groups on old, deprecated, deregistered and soon-deprecated AMIs',
      scenario: world({
        instances: [
          { id: 'i-00000000000000001', imageId: GOLDEN.id },
          { id: 'i-00000000000000002', imageId: FRESH.id },
          { id: 'i-00000000000000003', imageId: GOLDEN.id, state: 'stopped' },
          { id: 'i-00000000000000009', imageId: GONE.id, state: 'terminated' },
        ],
        images: [GOLDEN, OLD_AL2, GONE, FRESH, WIN_SOON],
        launchTemplates: [
          {
            id: 'lt-00000000000000001',
            name: 'web',
            defaultVersion: 1,
            versions: [{ imageId: GOLDEN.id }, { imageId: FRESH.id }],
          },
          { id: 'lt-00000000000000002', name: 'api', versions: [{ imageId: GONE.id }] },
          {
            id: 'lt-00000000000000003',
            name: 'win',
            defaultVersion: 3,
            versions: [{ imageId: FRESH.id }, { imageId: WIN_SOON.id }, { imageId: FRESH.id }],
          },
        ],
        groups: [
          { name: 'batch', launchConfiguration: 'batch-lc-2024' },
          {
            name: 'win-fleet',
            launchTemplate: { id: 'lt-00000000000000003', version: '2' },
            mixedInstances: true,
          },
          { name: 'web', launchTemplate: { name: 'web' } },
        ],
        launchConfigurations: [
          { name: 'batch-lc-2024', imageId: OLD_AL2.id },
          { name: 'unused-lc', imageId: 'ami-0aaaaaaaaaaaaa0ee' },
        ],
      }),
      expected: [
        {
          resource: GOLDEN.id,
          eventDate: null,
          title: `AMI ${GOLDEN.id} (golden-web-2025-06-01): older-than-threshold`,
          evidence: {
            ...base,
            imageId: GOLDEN.id,
            name: GOLDEN.name,
            ownerId: TEST_ACCOUNT,
            state: 'available',
            creationDate: '2025-06-01T00:00:00.000Z',
            ageDays: 273,
            conditions: ['older-than-threshold'],
            instanceCount: 2,
            instances: ['i-00000000000000001', 'i-00000000000000003'],
            launchTemplates: ['web:$Default (v1)'],
            autoScalingGroups: ['web'],
            officialParameter: null,
            newestOfficialImageId: null,
            newestOfficialReleased: null,
          },
        },
        {
          resource: OLD_AL2.id,
          eventDate: '2026-01-10T00:00:00.000Z',
          title: `AMI ${OLD_AL2.id} (${OLD_AL2.name}): deprecated, older-than-threshold`,
          evidence: {
            ...base,
            imageId: OLD_AL2.id,
            name: OLD_AL2.name,
            description: OLD_AL2.description,
            ownerId: '137112412989',
            ownerAlias: 'amazon',
            state: 'available',
            creationDate: '2024-01-10T00:00:00.000Z',
            deprecationTime: '2026-01-10T00:00:00.000Z',
            ageDays: 781,
            conditions: ['deprecated', 'older-than-threshold'],
            autoScalingGroups: ['batch'],
            officialParameter: AL2.parameter,
            newestOfficialImageId: AL2.imageId,
            newestOfficialReleased: AL2.createdAt.toISOString(),
          },
        },
        {
          resource: GONE.id,
          eventDate: null,
          title: `AMI ${GONE.id}: deregistered`,
          evidence: {
            ...base,
            imageId: GONE.id,
            name: null,
            ownerId: null,
            state: 'not-found',
            creationDate: null,
            ageDays: null,
            conditions: ['deregistered'],
            launchTemplates: ['api:$Default/$Latest (v1)'],
            officialParameter: null,
            newestOfficialImageId: null,
            newestOfficialReleased: null,
          },
        },
        {
          resource: WIN_SOON.id,
          eventDate: '2026-04-10T00:00:00.000Z',
          title: `AMI ${WIN_SOON.id} (${WIN_SOON.name}): deprecation-scheduled`,
          evidence: {
            ...base,
            imageId: WIN_SOON.id,
            name: WIN_SOON.name,
            ownerId: '801119661308',
            ownerAlias: 'amazon',
            state: 'available',
            creationDate: '2026-01-10T00:00:00.000Z',
            deprecationTime: '2026-04-10T00:00:00.000Z',
            ageDays: 50,
            conditions: ['deprecation-scheduled'],
            autoScalingGroups: ['win-fleet'],
            officialParameter: WIN.parameter,
            newestOfficialImageId: WIN.imageId,
            newestOfficialReleased: WIN.createdAt.toISOString(),
          },
        },
      ],
    },
    {
      name: 'a stricter age threshold from the settings',
      settings: { amiMaxAgeDays: 6 },
      scenario: world({
        instances: [{ id: 'i-00000000000000011', imageId: AL2023.imageId }],
      }),
      expected: [
        {
          resource: AL2023.imageId,
          eventDate: AL2023.deprecationTime.toISOString(),
          evidence: {
            ...base,
            imageId: AL2023.imageId,
            name: AL2023.name,
            description: AL2023.description,
            ownerId: AL2023.ownerId,
            ownerAlias: 'amazon',
            state: 'available',
            creationDate: AL2023.createdAt.toISOString(),
            deprecationTime: AL2023.deprecationTime.toISOString(),
            ageDays: 7,
            conditions: ['older-than-threshold'],
            maxAgeDays: 6,
            instanceCount: 1,
            instances: ['i-00000000000000011'],
            officialParameter: AL2023.parameter,
            newestOfficialImageId: AL2023.imageId,
            newestOfficialReleased: AL2023.createdAt.toISOString(),
          },
        },
      ],
    },
  ],
});
