import { z } from 'zod';
import { PREDEFINED_POLICIES, predefinedPolicy } from './elb-policies.js';
import { AwsError, arn, dateSpec, defineService, stableId } from './types.js';

const listener = z.object({
  port: z.number().int().default(443),
  protocol: z.enum(['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'GENEVE']).default('HTTPS'),
  /** Security policy of HTTPS / TLS listeners; the API default when absent. */
  sslPolicy: z.string().optional(),
  certificateArn: z.string().optional(),
});

const loadBalancer = z.object({
  name: z.string(),
  type: z.enum(['application', 'network', 'gateway']).default('application'),
  scheme: z.enum(['internet-facing', 'internal']).default('internet-facing'),
  state: z.enum(['active', 'provisioning', 'active_impaired', 'failed']).default('active'),
  createdAt: dateSpec.default('-400d'),
  listeners: z.array(listener).default([]),
});

type LoadBalancer = z.output<typeof loadBalancer>;
/** This service's scenario data for one account and region (read by `elbcapacity.ts`). */
export interface ElasticLoadBalancingV2Data {
  loadBalancers: LoadBalancer[];
}

/** The ARN AWS gives a load balancer; its id part is stable per account, region and name. */
export function loadBalancerArn(lb: LoadBalancer, accountId: string, region: string) {
  const short = lb.type === 'application' ? 'app' : lb.type === 'network' ? 'net' : 'gwy';
  const id = stableId(`${accountId}/${region}/elbv2/${lb.name}`, 16);
  return {
    arn: arn('elasticloadbalancing', region, accountId, `loadbalancer/${short}/${lb.name}/${id}`),
    short,
    id,
  };
}

/** The policy the API gives a secure listener created without one. */
const API_DEFAULT_POLICY = 'ELBSecurityPolicy-2016-08';

function view(lb: LoadBalancer, accountId: string, region: string) {
  const { arn: lbArn, short, id } = loadBalancerArn(lb, accountId, region);
  return {
    lb,
    arn: lbArn,
    listeners: lb.listeners.map((l) => ({
      l,
      arn: arn(
        'elasticloadbalancing',
        region,
        accountId,
        `listener/${short}/${lb.name}/${id}/${stableId(`${id}/${l.port}`, 16)}`,
      ),
    })),
  };
}

/** Elastic Load Balancing v2 (ALB / NLB / GWLB): load balancers, listeners and the predefined TLS policies. */
export const elasticloadbalancingv2 = defineService({
  name: 'elasticloadbalancingv2',
  model: 'elasticloadbalancingv2-2015-12-01',
  scope: 'regional',
  scenario: z.object({ loadBalancers: z.array(loadBalancer).default([]) }),
  defaultPageSize: { DescribeLoadBalancers: 400, DescribeListeners: 400, DescribeSSLPolicies: 400 },
  paginators: {
    DescribeSSLPolicies: {
      inputToken: 'Marker',
      outputToken: 'NextMarker',
      limitKey: 'PageSize',
      resultKey: 'SslPolicies',
    },
  },
  handlers: {
    DescribeLoadBalancers: ({ data, accountId, region, input, date }) => {
      const names = (input.Names as string[] | undefined) ?? [];
      const arns = (input.LoadBalancerArns as string[] | undefined) ?? [];
      const all = data.loadBalancers.map((lb) => view(lb, accountId, region));
      for (const name of names) {
        if (!all.some((v) => v.lb.name === name))
          throw new AwsError('LoadBalancerNotFound', `Load balancers '[${name}]' not found`);
      }
      return {
        LoadBalancers: all
          .filter(
            (v) =>
              (names.length === 0 || names.includes(v.lb.name)) &&
              (arns.length === 0 || arns.includes(v.arn)),
          )
          .map(({ lb, arn: lbArn }) => ({
            LoadBalancerArn: lbArn,
            DNSName: `${lb.name}-${stableId(lbArn, 10)}.${region}.elb.amazonaws.com`,
            CanonicalHostedZoneId: 'Z14GRHDCWA56QT',
            CreatedTime: date(lb.createdAt),
            LoadBalancerName: lb.name,
            Scheme: lb.scheme,
            VpcId: `vpc-${stableId(`${accountId}/${region}/vpc`)}`,
            State: { Code: lb.state },
            Type: lb.type,
            AvailabilityZones: [{ ZoneName: `${region}a` }, { ZoneName: `${region}c` }],
            IpAddressType: 'ipv4',
          })),
      };
    },
    DescribeListeners: ({ data, accountId, region, input }) => {
      const wanted = input.LoadBalancerArn as string | undefined;
      const all = data.loadBalancers.map((lb) => view(lb, accountId, region));
      const found = wanted ? all.find((v) => v.arn === wanted) : undefined;
      if (wanted && !found) throw new AwsError('LoadBalancerNotFound', `Load balancer '${wanted}' not found`);
      const listenerArns = (input.ListenerArns as string[] | undefined) ?? [];
      const pool = found ? [found] : all;
      return {
        Listeners: pool.flatMap((v) =>
          v.listeners
            .filter((x) => listenerArns.length === 0 || listenerArns.includes(x.arn))
            .map(({ l, arn: listenerArn }) => {
              const secure = l.protocol === 'HTTPS' || l.protocol === 'TLS';
              return {
                ListenerArn: listenerArn,
                LoadBalancerArn: v.arn,
                Port: l.port,
                Protocol: l.protocol,
                Certificates: secure
                  ? [
                      {
                        CertificateArn:
                          l.certificateArn ??
                          arn('acm', region, accountId, `certificate/${stableId(listenerArn, 32)}`),
                      },
                    ]
                  : undefined,
                SslPolicy: secure ? (l.sslPolicy ?? API_DEFAULT_POLICY) : undefined,
                DefaultActions: [
                  {
                    Type: 'forward',
                    TargetGroupArn: arn(
                      'elasticloadbalancing',
                      region,
                      accountId,
                      `targetgroup/${v.lb.name}/${stableId(listenerArn, 16)}`,
                    ),
                  },
                ],
              };
            }),
        ),
      };
    },
    DescribeSSLPolicies: ({ input }) => {
      const names = (input.Names as string[] | undefined) ?? [];
      const type = input.LoadBalancerType as string | undefined;
      for (const name of names) {
        const p = predefinedPolicy(name);
        if (!p?.types.some((t) => t !== 'classic'))
          throw new AwsError('SSLPolicyNotFound', `SSL policy '${name}' not found`);
      }
      return {
        SslPolicies: PREDEFINED_POLICIES.filter(
          (p) =>
            p.types.some((t) => t !== 'classic') &&
            (names.length === 0 || names.includes(p.name)) &&
            (!type || p.types.includes(type as 'application')),
        ).map((p) => ({
          SslProtocols: p.protocols,
          Ciphers: p.ciphers.map((Name, i) => ({ Name, Priority: i + 1 })),
          Name: p.name,
          SupportedLoadBalancerTypes: p.types.filter((t) => t !== 'classic'),
        })),
      };
    },
  },
});
