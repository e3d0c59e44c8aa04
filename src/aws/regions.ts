import { DescribeRegionsCommand, type EC2Client } from '@aws-sdk/client-ec2';

/**
 * Regions enabled for the account: DescribeRegions without AllRegions lists only the regions the
 * account can use (opt-in-not-required, and opt-in regions the account opted in to).
 */
export async function enabledRegions(ec2: EC2Client): Promise<string[]> {
  const out = await ec2.send(new DescribeRegionsCommand({}));
  return (out.Regions ?? [])
    .filter((r) => r.RegionName && r.OptInStatus !== 'not-opted-in')
    .map((r) => r.RegionName as string)
    .sort();
}

/** Where AWS serves global APIs (IAM, Route 53 Domains, Organizations, Savings Plans) in the commercial partition. */
export const GLOBAL_API_REGION = 'us-east-1';

/** `ap-northeast-1` style names; rejects typos before a scan starts. */
export function isRegionName(text: string): boolean {
  return /^[a-z]{2}(-[a-z]+)+-\d+$/.test(text);
}
