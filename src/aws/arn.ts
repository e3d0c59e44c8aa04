export { type Arn, formatArn, parseArn } from '../core/arn.js';

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
