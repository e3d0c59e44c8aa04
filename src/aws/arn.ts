/** The parts of an Amazon Resource Name: `arn:partition:service:region:account:resource`. */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

/** Parses an ARN; returns undefined for anything that is not one. */
export function parseArn(text: string): Arn | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition = '', service = '', region = '', accountId = ''] = parts;
  if (!partition || !service) return undefined;
  return { partition, service, region, accountId, resource: parts.slice(5).join(':') };
}

export function formatArn(arn: Arn): string {
  return `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.accountId}:${arn.resource}`;
}

/** The partition a region belongs to (aws, aws-cn, aws-us-gov, ...). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

/** ARN of a role in an account, in the partition of `region`. */
export function roleArn(accountId: string, roleName: string, region = 'us-east-1'): string {
  const path = roleName.startsWith('/') || roleName.includes('/') ? roleName.replace(/^\//, '') : roleName;
  return `arn:${partitionOf(region)}:iam::${accountId}:role/${path}`;
}

/** A 12-digit AWS account id. */
export function isAccountId(text: string): boolean {
  return /^\d{12}$/.test(text);
}
