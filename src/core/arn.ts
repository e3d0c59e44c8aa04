/**
 * The one ARN parser. Core holds it because correlation needs it (an ARN and a bare id must meet);
 * `src/aws/arn.ts` re-exports it with the partition and role helpers.
 */

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

/** The resource part of an ARN (`certificate/abc`), or the text itself when it is not an ARN. */
export function arnResource(text: string): string {
  const arn = parseArn(text);
  return arn?.resource ? arn.resource : text;
}
