import { AMAZON_LINUX_2_JAN_2024, WINDOWS_PLATFORM } from '../../../test/support/scanner-fixtures.js';
import { oneAccountWorld, testScanner } from '../../../test/support/scanner-tester.js';
import { loadLifecycleTable, osLifecycleTable } from '../lifecycle.js';
import { osEndOfSupport } from './os-end-of-support.js';

/** A one-account world in us-east-1 with instances, their AMIs and SSM-managed instances. */
const world = (
  parts: { instances?: unknown[]; images?: unknown[]; managed?: unknown[] },
  knobs?: Record<string, unknown>,
) =>
  oneAccountWorld(
    {
      ec2: { instances: parts.instances ?? [] },
      ec2images: { images: parts.images ?? [] },
      ssm: { managedInstances: parts.managed ?? [] },
    },
    {},
    knobs,
  );

/** The table's own date: refreshing the table must not break these cases. */
const AS_OF = loadLifecycleTable('os', osLifecycleTable, { userDir: null }).asOf;

const AL2_AMI = { id: 'ami-0bbbbbbbbbbbbb001', ...AMAZON_LINUX_2_JAN_2024 };
const WIN2016_AMI = {
  id: 'ami-0bbbbbbbbbbbbb002',
  name: 'Windows_Server-2016-English-Full-Base-2025.01.15',
  description: 'Microsoft Windows Server 2016 with Desktop Experience Locale English AMI provided by Amazon',
  ...WINDOWS_PLATFORM,
};
const CUSTOM_AMI = {
  id: 'ami-0bbbbbbbbbbbbb003',
  name: 'app-golden-20250101',
  description: 'our golden image',
};
const WIN2022_AMI = {
  id: 'ami-0bbbbbbbbbbbbb004',
  name: 'Windows_Server-2022-English-Full-Base-2025.11.12',
  ...WINDOWS_PLATFORM,
};

const row = {
  al2: {
    os: 'Amazon Linux 2',
    family: 'amazon-linux',
    version: '2',
    endOfStandardSupport: null,
    endOfSupport: '2026-06-30',
    endOfExtendedSupport: null,
    lifecycleSource: 'https://aws.amazon.com/amazon-linux-2/faqs/',
  },
  win2016: {
    os: 'Windows Server 2016',
    family: 'windows-server',
    version: '2016',
    endOfStandardSupport: '2022-01-11',
    endOfSupport: '2027-01-12',
    endOfExtendedSupport: '2030-01-08',
    lifecycleSource: 'https://learn.microsoft.com/lifecycle/products/windows-server-2016',
  },
  ubuntu20: {
    os: 'Ubuntu 20.04 LTS',
    family: 'ubuntu',
    version: '20.04',
    endOfStandardSupport: null,
    endOfSupport: '2025-05-31',
    endOfExtendedSupport: '2030-04-02',
    lifecycleSource: 'https://ubuntu.com/about/release-cycle',
  },
};

/** `legacy-web` on Amazon Linux 2, as its AMI name tells it. */
const LEGACY_WEB_FROM_AMI = {
  resource: 'i-0c000000000000001',
  eventDate: '2026-06-30T00:00:00.000Z',
  evidence: {
    instanceId: 'i-0c000000000000001',
    name: 'legacy-web',
    instanceState: 'running',
    imageId: AL2_AMI.id,
    source: 'ami',
    detected: AL2_AMI.name,
    ...row.al2,
    pastEndOfSupport: false,
    lifecycleAsOf: AS_OF,
  },
};

testScanner(osEndOfSupport, {
  now: '2026-03-01T00:00:00.000Z',
  horizonDays: { 'os-end-of-support': 365 },
  quiet: [
    {
      name: 'supported OSes, an OS the table does not know, and a terminated old instance',
      scenario: world({
        instances: [
          { id: 'i-0c0000000000000a1', imageId: WIN2022_AMI.id },
          { id: 'i-0c0000000000000a2', imageId: CUSTOM_AMI.id },
          { id: 'i-0c0000000000000a3', imageId: AL2_AMI.id, state: 'terminated' },
          { id: 'i-0c0000000000000a4', imageId: CUSTOM_AMI.id },
        ],
        images: [WIN2022_AMI, CUSTOM_AMI, AL2_AMI],
        // SSM knows better than the AMI name: this one runs Amazon Linux 2023.
        managed: [
          { instanceId: 'i-0c0000000000000a4', platformName: 'Amazon Linux', platformVersion: '2023' },
        ],
      }),
    },
  ],
  found: [
    {
      name: 'from the AMI when unmanaged, from Systems Manager when managed',
      scenario: world({
        instances: [
          { id: 'i-0c000000000000001', imageId: AL2_AMI.id, tags: { Name: 'legacy-web' } },
          { id: 'i-0c000000000000002', imageId: WIN2016_AMI.id, state: 'stopped', ...WINDOWS_PLATFORM },
          // A custom AMI says nothing, but the SSM Agent reports Ubuntu 20.04.
          { id: 'i-0c000000000000003', imageId: CUSTOM_AMI.id },
        ],
        images: [AL2_AMI, WIN2016_AMI, CUSTOM_AMI],
        managed: [{ instanceId: 'i-0c000000000000003', platformName: 'Ubuntu', platformVersion: '20.04' }],
      }),
      expected: [
        {
          ...LEGACY_WEB_FROM_AMI,
          title: 'EC2 instance i-0c000000000000001 (legacy-web): Amazon Linux 2 ends support on 2026-06-30',
        },
        {
          resource: 'i-0c000000000000002',
          eventDate: '2027-01-12T00:00:00.000Z',
          title: 'EC2 instance i-0c000000000000002: Windows Server 2016 ends support on 2027-01-12',
          evidence: {
            instanceId: 'i-0c000000000000002',
            name: null,
            instanceState: 'stopped',
            imageId: WIN2016_AMI.id,
            source: 'ami',
            detected: WIN2016_AMI.name,
            ...row.win2016,
            pastEndOfSupport: false,
            lifecycleAsOf: AS_OF,
          },
        },
        {
          resource: 'i-0c000000000000003',
          eventDate: '2025-05-31T00:00:00.000Z',
          title: 'EC2 instance i-0c000000000000003: Ubuntu 20.04 LTS ended support on 2025-05-31',
          evidence: {
            instanceId: 'i-0c000000000000003',
            name: null,
            instanceState: 'running',
            imageId: CUSTOM_AMI.id,
            source: 'ssm',
            detected: 'Ubuntu 20.04',
            ...row.ubuntu20,
            pastEndOfSupport: true,
            lifecycleAsOf: AS_OF,
          },
        },
      ],
    },
    {
      name: 'Systems Manager refused (AccessDenied): the AMI still names the OS and the scan stays complete',
      scenario: world(
        {
          instances: [{ id: 'i-0c000000000000001', imageId: AL2_AMI.id, tags: { Name: 'legacy-web' } }],
          images: [AL2_AMI],
          managed: [{ instanceId: 'i-0c000000000000001', platformName: 'Ubuntu', platformVersion: '20.04' }],
        },
        { services: { ssm: { deny: true } } },
      ),
      expected: [LEGACY_WEB_FROM_AMI],
    },
  ],
});
