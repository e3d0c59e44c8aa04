import { parseArn } from '../core/arn.js';
/**
 * Links into the AWS Management Console for an item's resource. The console has no documented
 * "open any ARN" URL, so each service gets the page operators would open by hand; anything else
 * falls back to the service's console home in the item's region.
 */
export interface ConsoleLinkInput {
  service: string;
  region: string;
  resource: string;
  kind: string;
}

function regionOf(region: string, fallback = 'us-east-1'): string {
  return /^[a-z]{2}(-[a-z]+)+-\d$/.test(region) ? region : fallback;
}

/** The last path segment of an ARN (`certificate/abc` → `abc`), or the id itself. */
function resourceId(resource: string): string {
  const rest = parseArn(resource)?.resource;
  if (!rest) return resource;
  const parts = rest.split(/[/:]/);
  return parts[parts.length - 1] ?? rest;
}

export function consoleUrl(input: ConsoleLinkInput): string {
  const region = regionOf(input.region);
  const host = `https://${region}.console.aws.amazon.com`;
  const id = encodeURIComponent(resourceId(input.resource));
  const service = input.service.toUpperCase();
  switch (service) {
    case 'EC2':
      if (/^i-[0-9a-f]+$/.test(resourceId(input.resource))) {
        return `${host}/ec2/home?region=${region}#InstanceDetails:instanceId=${id}`;
      }
      if (/^ami-/.test(resourceId(input.resource)))
        return `${host}/ec2/home?region=${region}#ImageDetails:imageId=${id}`;
      if (/^vpn-/.test(resourceId(input.resource)))
        return `${host}/vpcconsole/home?region=${region}#VpnConnections:`;
      return `${host}/ec2/home?region=${region}`;
    case 'VPN':
      return `${host}/vpcconsole/home?region=${region}#VpnConnections:`;
    case 'RDS':
      return `${host}/rds/home?region=${region}#database:id=${id}`;
    case 'ACM':
      return `${host}/acm/home?region=${region}#/certificates/${id}`;
    case 'ROUTE53DOMAINS':
    case 'ROUTE53':
      return `https://us-east-1.console.aws.amazon.com/route53/domains/home#/DomainDetails/${id}`;
    case 'IAM':
      return 'https://us-east-1.console.aws.amazon.com/iam/home#/';
    case 'DIRECTCONNECT':
      return `${host}/directconnect/v2/home?region=${region}#/connections/${id}`;
    case 'LAMBDA':
      return `${host}/lambda/home?region=${region}#/functions/${id}`;
    case 'EKS':
      return `${host}/eks/home?region=${region}#/clusters/${id}`;
    case 'ELASTICBEANSTALK':
      return `${host}/elasticbeanstalk/home?region=${region}#/environments`;
    case 'ELASTICLOADBALANCING':
    case 'ELB':
      return `${host}/ec2/home?region=${region}#LoadBalancers:`;
    case 'SES':
      return `${host}/ses/home?region=${region}#/account`;
    case 'SHIELD':
      return 'https://us-east-1.console.aws.amazon.com/wafv2/shieldv2#/';
    case 'SERVICEQUOTAS':
    case 'SERVICE-QUOTAS':
      return `${host}/servicequotas/home?region=${region}`;
    case 'HEALTH':
      return 'https://health.aws.amazon.com/health/home#/account/dashboard/scheduled-changes';
    default:
      return `${host}/console/home?region=${region}`;
  }
}

/** The AWS Health Dashboard, where AWS's own notice about the event is. */
export const HEALTH_DASHBOARD_URL =
  'https://health.aws.amazon.com/health/home#/account/dashboard/scheduled-changes';
