import { z } from 'zod';
import { predefinedPolicy } from './elb-policies.js';
import { AwsError, dateSpec, defineService, stableId } from './types.js';

const PROTOCOLS = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2'] as const;

const listener = z.object({
  protocol: z.enum(['HTTP', 'HTTPS', 'TCP', 'SSL']).default('HTTPS'),
  port: z.number().int().default(443),
  instancePort: z.number().int().default(80),
  /** Reference security policy (`ELBSecurityPolicy-2016-08`) of HTTPS / SSL listeners. */
  policy: z.string().optional(),
  /** A custom policy instead: its name and the protocols it enables (no reference policy). */
  custom: z.object({ name: z.string(), protocols: z.array(z.enum(PROTOCOLS)) }).optional(),
});

const loadBalancer = z.object({
  name: z.string(),
  scheme: z.enum(['internet-facing', 'internal']).default('internet-facing'),
  createdAt: dateSpec.default('-2000d'),
  listeners: z.array(listener).default([]),
});

type Listener = z.output<typeof listener>;

/** The SSL negotiation policy a secure listener has: its name, reference policy and protocols. */
function policyOf(l: Listener) {
  if (l.protocol !== 'HTTPS' && l.protocol !== 'SSL') return undefined;
  if (l.custom)
    return { name: l.custom.name, reference: undefined, protocols: l.custom.protocols as string[] };
  // The console names the listener's policy after the reference policy; CLI / API users often do too.
  const reference = l.policy ?? 'ELBSecurityPolicy-2016-08';
  return { name: reference, reference, protocols: predefinedPolicy(reference)?.protocols ?? ['TLSv1.2'] };
}

/** Classic Load Balancer: DescribeLoadBalancers and the SSL negotiation policies of its listeners. */
export const elasticloadbalancing = defineService({
  name: 'elasticloadbalancing',
  model: 'elasticloadbalancing-2012-06-01',
  scope: 'regional',
  scenario: z.object({ loadBalancers: z.array(loadBalancer).default([]) }),
  defaultPageSize: { DescribeLoadBalancers: 400 },
  handlers: {
    DescribeLoadBalancers: ({ data, accountId, region, input, date }) => {
      const names = (input.LoadBalancerNames as string[] | undefined) ?? [];
      for (const name of names) {
        if (!data.loadBalancers.some((lb) => lb.name === name)) {
          throw new AwsError('LoadBalancerNotFound', `There is no ACTIVE Load Balancer named '${name}'`);
        }
      }
      return {
        LoadBalancerDescriptions: data.loadBalancers
          .filter((lb) => names.length === 0 || names.includes(lb.name))
          .map((lb) => ({
            LoadBalancerName: lb.name,
            DNSName: `${lb.name}-${stableId(`${accountId}/${region}/${lb.name}`, 10)}.${region}.elb.amazonaws.com`,
            ListenerDescriptions: lb.listeners.map((l) => {
              const p = policyOf(l);
              return {
                Listener: {
                  Protocol: l.protocol,
                  LoadBalancerPort: l.port,
                  InstanceProtocol: l.protocol === 'SSL' ? 'TCP' : 'HTTP',
                  InstancePort: l.instancePort,
                  SSLCertificateId: p ? `arn:aws:iam::${accountId}:server-certificate/${lb.name}` : undefined,
                },
                PolicyNames: p ? [p.name] : [],
              };
            }),
            Policies: { AppCookieStickinessPolicies: [], LBCookieStickinessPolicies: [], OtherPolicies: [] },
            AvailabilityZones: [`${region}a`, `${region}c`],
            VPCId: `vpc-${stableId(`${accountId}/${region}/vpc`)}`,
            CreatedTime: date(lb.createdAt),
            Scheme: lb.scheme,
          })),
      };
    },
    DescribeLoadBalancerPolicies: ({ data, input }) => {
      const name = input.LoadBalancerName as string | undefined;
      const lb = data.loadBalancers.find((x) => x.name === name);
      if (name && !lb)
        throw new AwsError('LoadBalancerNotFound', `There is no ACTIVE Load Balancer named '${name}'`);
      // Without a load balancer name, only the sample ELBSample-* policies are returned; keep it empty.
      const policies = new Map<string, NonNullable<ReturnType<typeof policyOf>>>();
      for (const l of lb?.listeners ?? []) {
        const p = policyOf(l);
        if (p) policies.set(p.name, p);
      }
      const wanted = (input.PolicyNames as string[] | undefined) ?? [];
      return {
        PolicyDescriptions: [...policies.values()]
          .filter((p) => wanted.length === 0 || wanted.includes(p.name))
          .map((p) => ({
            PolicyName: p.name,
            PolicyTypeName: 'SSLNegotiationPolicyType',
            PolicyAttributeDescriptions: [
              ...PROTOCOLS.map((proto) => ({
                AttributeName: `Protocol-${proto}`,
                AttributeValue: String(p.protocols.includes(proto)),
              })),
              { AttributeName: 'Server-Defined-Cipher-Order', AttributeValue: 'true' },
              { AttributeName: 'ECDHE-RSA-AES128-GCM-SHA256', AttributeValue: 'true' },
              ...(p.reference
                ? [{ AttributeName: 'Reference-Security-Policy', AttributeValue: p.reference }]
                : []),
            ],
          })),
      };
    },
  },
});
