import {
  DescribeLoadBalancerPoliciesCommand,
  ElasticLoadBalancingClient,
  paginateDescribeLoadBalancers as paginateClassic,
} from '@aws-sdk/client-elastic-load-balancing';
import {
  DescribeSSLPoliciesCommand,
  type DescribeSSLPoliciesCommandOutput,
  ElasticLoadBalancingV2Client,
  type Listener,
  type LoadBalancer,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { JsonObject } from '../../core/types.js';
import {
  type ElbSecurityPolicyTable,
  elbSecurityPolicyTable,
  loadLifecycleTable,
  type TlsClientTable,
  tlsClientTable,
} from '../lifecycle.js';
import { ec2Instances } from '../shared.js';
import { orNull } from '../support.js';
import type { Finding, Scanner } from '../types.js';

const KIND = 'elb-tls-policy-deprecation';

type LbType = 'alb' | 'nlb' | 'clb';
const ORDER = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
const LEGACY = new Set(['SSLv3', 'TLSv1', 'TLSv1.1']);

/** The two lifecycle tables a verdict reads: the policies, and the clients each TLS version leaves out. */
interface Tables {
  policies: ElbSecurityPolicyTable;
  clients: TlsClientTable;
}

/**
 * HTTPS / TLS listeners of ALB, NLB and Classic Load Balancers whose security policy accepts
 * TLS 1.0 / 1.1 (or SSLv3), is no longer offered, or is older than the recommended policy.
 * Protocols come from the API (DescribeSSLPolicies; the CLB policy's Protocol-* attributes);
 * which policies are outdated and which is recommended come from data/lifecycle/elb-security-policies.yaml.
 * The evidence names the clients that moving to the recommended policy may break (data/lifecycle/tls-clients.yaml).
 * Classic Load Balancers are listed only where EC2 instances exist (see scan).
 */
export const elbTlsPolicyDeprecation: Scanner = {
  id: 'elb-tls-policy-deprecation',
  eventKinds: [KIND],
  scope: 'regional',
  permissions: [
    'ec2:DescribeInstances',
    'elasticloadbalancing:DescribeListeners',
    'elasticloadbalancing:DescribeLoadBalancerPolicies',
    'elasticloadbalancing:DescribeLoadBalancers',
    'elasticloadbalancing:DescribeSSLPolicies',
  ],
  summary: {
    ja: 'ALB / NLB / CLB の HTTPS・TLS リスナーの古いセキュリティポリシー（TLS 1.0 / 1.1 の許可など）',
    en: 'HTTPS / TLS listeners of ALB, NLB and CLB on outdated security policies (TLS 1.0 / 1.1 allowed...)',
  },
  async *scan(ctx) {
    const tables: Tables = {
      policies: loadLifecycleTable('elb-security-policies', elbSecurityPolicyTable),
      clients: loadLifecycleTable('tls-clients', tlsClientTable),
    };
    yield* scanV2(ctx.client(ElasticLoadBalancingV2Client), tables);
    // A Classic Load Balancer routes only to EC2 instances in its own VPC: in a region without any
    // instance every CLB answers 503 to whatever TLS it accepts, so its policy changes nothing.
    if ((await ec2Instances(ctx)).length === 0) return;
    yield* scanClassic(ctx.client(ElasticLoadBalancingClient), tables, ctx.accountId, ctx.region);
  },
};

async function* scanV2(elb: ElasticLoadBalancingV2Client, tables: Tables): AsyncGenerator<Finding> {
  const secure: Array<{ lb: LoadBalancer; listener: Listener }> = [];
  for await (const page of paginateDescribeLoadBalancers({ client: elb, pageSize: 400 }, {})) {
    for (const lb of page.LoadBalancers ?? []) {
      // Gateway Load Balancers have no TLS listeners.
      if (!lb.LoadBalancerArn || (lb.Type !== 'application' && lb.Type !== 'network')) continue;
      for await (const lp of paginateDescribeListeners(
        { client: elb, pageSize: 400 },
        { LoadBalancerArn: lb.LoadBalancerArn },
      )) {
        for (const listener of lp.Listeners ?? []) {
          if ((listener.Protocol === 'HTTPS' || listener.Protocol === 'TLS') && listener.SslPolicy)
            secure.push({ lb, listener });
        }
      }
    }
  }
  if (secure.length === 0) return;
  const offered = new Map<string, string[]>();
  let marker: string | undefined;
  do {
    const page: DescribeSSLPoliciesCommandOutput = await elb.send(
      new DescribeSSLPoliciesCommand({ Marker: marker, PageSize: 400 }),
    );
    for (const p of page.SslPolicies ?? []) if (p.Name) offered.set(p.Name, p.SslProtocols ?? []);
    marker = page.NextMarker;
  } while (marker);

  for (const { lb, listener } of secure) {
    const type: LbType = lb.Type === 'network' ? 'nlb' : 'alb';
    const policy = listener.SslPolicy as string;
    const apiProtocols = offered.get(policy);
    const verdict = judge(tables, type, policy, apiProtocols ?? null, apiProtocols === undefined);
    if (!verdict) continue;
    const item: JsonObject = { port: orNull(listener.Port), protocol: orNull(listener.Protocol), ...verdict };
    yield finding(listener.ListenerArn ?? (lb.LoadBalancerArn as string), {
      loadBalancerName: orNull(lb.LoadBalancerName),
      loadBalancerArn: orNull(lb.LoadBalancerArn),
      loadBalancerType: orNull(lb.Type),
      scheme: orNull(lb.Scheme),
      listenerArn: orNull(listener.ListenerArn),
      ...item,
      recommendedPolicy: tables.policies.recommended[type],
      listeners: [item],
    });
  }
}

async function* scanClassic(
  elb: ElasticLoadBalancingClient,
  tables: Tables,
  accountId: string,
  region: string,
): AsyncGenerator<Finding> {
  for await (const page of paginateClassic({ client: elb, pageSize: 400 }, {})) {
    for (const lb of page.LoadBalancerDescriptions ?? []) {
      const listeners = (lb.ListenerDescriptions ?? []).filter(
        (d) => d.Listener?.Protocol === 'HTTPS' || d.Listener?.Protocol === 'SSL',
      );
      if (!lb.LoadBalancerName || listeners.length === 0) continue;
      const out = await elb.send(
        new DescribeLoadBalancerPoliciesCommand({ LoadBalancerName: lb.LoadBalancerName }),
      );
      const policies = new Map<string, { reference: string | null; protocols: string[] }>();
      for (const p of out.PolicyDescriptions ?? []) {
        if (!p.PolicyName || p.PolicyTypeName !== 'SSLNegotiationPolicyType') continue;
        const attrs = p.PolicyAttributeDescriptions ?? [];
        policies.set(p.PolicyName, {
          reference:
            attrs.find((a) => a.AttributeName === 'Reference-Security-Policy')?.AttributeValue ?? null,
          protocols: attrs
            .filter((a) => a.AttributeName?.startsWith('Protocol-') && a.AttributeValue === 'true')
            .map((a) => (a.AttributeName as string).slice('Protocol-'.length)),
        });
      }
      const flagged: JsonObject[] = [];
      for (const d of listeners) {
        const name = (d.PolicyNames ?? []).find((n) => policies.has(n));
        const p = name ? policies.get(name) : undefined;
        if (!p) continue;
        // A custom policy (no reference policy) is judged by its protocols alone.
        const verdict = judge(
          tables,
          'clb',
          p.reference ?? name ?? '',
          p.protocols,
          false,
          p.reference === null,
        );
        if (verdict)
          flagged.push({
            port: orNull(d.Listener?.LoadBalancerPort),
            protocol: orNull(d.Listener?.Protocol),
            ...verdict,
          });
      }
      const first = flagged[0];
      if (!first) continue;
      const lbArn = `arn:aws:elasticloadbalancing:${region}:${accountId}:loadbalancer/${lb.LoadBalancerName}`;
      yield finding(lbArn, {
        loadBalancerName: lb.LoadBalancerName,
        loadBalancerArn: lbArn,
        loadBalancerType: 'classic',
        scheme: orNull(lb.Scheme),
        listenerArn: null,
        ...first,
        recommendedPolicy: tables.policies.recommended.clb,
        listeners: flagged,
      });
    }
  }
}

function finding(resource: string, evidence: JsonObject): Finding {
  const conditions = (evidence.conditions as string[]).join(', ');
  return {
    kind: KIND,
    resource,
    eventDate: null,
    title: `${evidence.loadBalancerType === 'classic' ? 'CLB' : evidence.loadBalancerType === 'network' ? 'NLB' : 'ALB'} ${evidence.loadBalancerName} port ${evidence.port}: ${evidence.policy} (${conditions})`,
    evidence,
  };
}

/** The verdict on one listener's policy, or null when it is fine. */
function judge(
  { policies: table, clients }: Tables,
  type: LbType,
  policy: string,
  apiProtocols: string[] | null,
  notOffered: boolean,
  custom = false,
): JsonObject | null {
  const row = table.rows.find((r) => r.policy === policy && r.loadBalancers.includes(type));
  const pattern = table.namePatterns.find((p) => new RegExp(p.pattern).test(policy));
  const protocols =
    apiProtocols ??
    row?.protocols ??
    (pattern
      ? [
          ...ORDER.slice(ORDER.indexOf(pattern.minProtocol), ORDER.indexOf('TLSv1.2') + 1),
          ...(/TLS13/.test(policy) ? ['TLSv1.3'] : []),
        ]
      : []);
  const sorted = [...protocols].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  const status = custom ? 'custom' : (row?.status ?? pattern?.status ?? null);
  const recommended = table.recommended[type];
  const conditions: string[] = [];
  if (sorted.some((p) => LEGACY.has(p))) conditions.push('legacy-tls');
  if (notOffered) conditions.push('deprecated');
  if (status === 'outdated' && !conditions.includes('legacy-tls')) conditions.push('outdated');
  if (status === 'acceptable' && policy !== recommended) conditions.push('older-than-recommended');
  if (conditions.length === 0) return null;
  const recommendedProtocols =
    table.rows.find((r) => r.policy === recommended)?.protocols ??
    (type === 'clb' ? ['TLSv1.2'] : ['TLSv1.2', 'TLSv1.3']);
  const minimum = (list: string[]) => Math.min(...list.map((p) => ORDER.indexOf(p)));
  const clientsAtRisk = [
    ...(sorted.length > 0 &&
    minimum(sorted) < ORDER.indexOf('TLSv1.2') &&
    minimum(recommendedProtocols) >= ORDER.indexOf('TLSv1.2')
      ? lacking(clients, 'TLSv1.2')
      : []),
    ...(minimum(recommendedProtocols) >= ORDER.indexOf('TLSv1.3') &&
    !(sorted.length > 0 && minimum(sorted) >= ORDER.indexOf('TLSv1.3'))
      ? lacking(clients, 'TLSv1.3')
      : []),
  ];
  return {
    policy,
    protocols: sorted,
    status,
    conditions,
    clientsAtRisk,
    note: orNull(row?.note),
  };
}

/** The clients that do not offer `version`, in the table's order. */
function lacking(clients: TlsClientTable, version: 'TLSv1.2' | 'TLSv1.3'): string[] {
  return clients.rows.filter((r) => r.lacks === version).map((r) => r.client);
}
