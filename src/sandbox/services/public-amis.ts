import { DAY_MS } from '../../core/time.js';
import { resolveDate, stableId } from './types.js';

/**
 * The official AMIs AWS publishes and the public SSM parameters that point at the newest one of
 * each family (`/aws/service/ami-amazon-linux-latest/...`). Every account sees them; their ids
 * differ per region, as real AMI ids do. Ages are relative to the sandbox clock.
 */
interface PublicAmi {
  parameter: string;
  name: string;
  description: string;
  platformDetails: string;
  platform?: 'windows';
  architecture: 'x86_64' | 'arm64';
  ownerAlias: 'amazon';
  ownerId: string;
  age: string;
}

const AMAZON = '137112412989';
const WINDOWS = '801119661308';
const CANONICAL = '099720109477';

const LIST: PublicAmi[] = [
  {
    parameter: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
    name: 'al2023-ami-2023.9.20251117.1-kernel-6.1-x86_64',
    description: 'Amazon Linux 2023 AMI 2023.9.20251117.1 x86_64 HVM kernel-6.1',
    platformDetails: 'Linux/UNIX',
    architecture: 'x86_64',
    ownerAlias: 'amazon',
    ownerId: AMAZON,
    age: '-7d',
  },
  {
    parameter: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64',
    name: 'al2023-ami-2023.9.20251117.1-kernel-6.1-arm64',
    description: 'Amazon Linux 2023 AMI 2023.9.20251117.1 arm64 HVM kernel-6.1',
    platformDetails: 'Linux/UNIX',
    architecture: 'arm64',
    ownerAlias: 'amazon',
    ownerId: AMAZON,
    age: '-7d',
  },
  {
    parameter: '/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2',
    name: 'amzn2-ami-hvm-2.0.20251110.0-x86_64-gp2',
    description: 'Amazon Linux 2 AMI 2.0.20251110.0 x86_64 HVM gp2',
    platformDetails: 'Linux/UNIX',
    architecture: 'x86_64',
    ownerAlias: 'amazon',
    ownerId: AMAZON,
    age: '-14d',
  },
  {
    parameter: '/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base',
    name: 'Windows_Server-2022-English-Full-Base-2025.11.12',
    description: 'Microsoft Windows Server 2022 Full Locale English AMI provided by Amazon',
    platformDetails: 'Windows',
    platform: 'windows',
    architecture: 'x86_64',
    ownerAlias: 'amazon',
    ownerId: WINDOWS,
    age: '-12d',
  },
  {
    parameter: '/aws/service/ami-windows-latest/Windows_Server-2019-English-Full-Base',
    name: 'Windows_Server-2019-English-Full-Base-2025.11.12',
    description:
      'Microsoft Windows Server 2019 with Desktop Experience Locale English AMI provided by Amazon',
    platformDetails: 'Windows',
    platform: 'windows',
    architecture: 'x86_64',
    ownerAlias: 'amazon',
    ownerId: WINDOWS,
    age: '-12d',
  },
  {
    parameter: '/aws/service/ami-windows-latest/Windows_Server-2025-English-Full-Base',
    name: 'Windows_Server-2025-English-Full-Base-2025.11.12',
    description: 'Microsoft Windows Server 2025 Full Locale English AMI provided by Amazon',
    platformDetails: 'Windows',
    platform: 'windows',
    architecture: 'x86_64',
    ownerAlias: 'amazon',
    ownerId: WINDOWS,
    age: '-12d',
  },
  {
    parameter: '/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id',
    name: 'ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20251115',
    description: 'Canonical, Ubuntu, 22.04, amd64 jammy image',
    platformDetails: 'Linux/UNIX',
    architecture: 'x86_64',
    ownerAlias: 'amazon',
    ownerId: CANONICAL,
    age: '-9d',
  },
  {
    parameter: '/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id',
    name: 'ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20251115',
    description: 'Canonical, Ubuntu, 24.04, amd64 noble image',
    platformDetails: 'Linux/UNIX',
    architecture: 'x86_64',
    ownerAlias: 'amazon',
    ownerId: CANONICAL,
    age: '-9d',
  },
];

export interface PublicImage {
  parameter: string;
  imageId: string;
  name: string;
  description: string;
  platformDetails: string;
  platform?: 'windows';
  architecture: string;
  ownerId: string;
  ownerAlias: string;
  createdAt: Date;
  /** Public AMIs are deprecated two years after creation by default. */
  deprecationTime: Date;
}

export function publicImages(region: string, now: Date): PublicImage[] {
  return LIST.map((ami) => {
    const createdAt = resolveDate(ami.age, now);
    return {
      ...ami,
      imageId: `ami-${stableId(`${region}/${ami.parameter}`)}`,
      createdAt,
      deprecationTime: new Date(createdAt.getTime() + 730 * DAY_MS),
    };
  });
}
