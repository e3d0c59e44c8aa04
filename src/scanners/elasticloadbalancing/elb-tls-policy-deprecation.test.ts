import { describe, expect, it } from 'vitest';
import { oneAccountWorld, runCase, TEST_ACCOUNT, testScanner } from '../../../test/support/scanner-tester.js';
import type { JsonObject } from '../../core/types.js';
import { loadLifecycleTable, tlsClientTable } from '../lifecycle.js';
import { elbTlsPolicyDeprecation } from './elb-tls-policy-deprecation.js';

/** One EC2 instance: Classic Load Balancers are looked at only where an instance exists. */
const ONE_INSTANCE = [{ type: 'm6i.large' }];

/**
 * A one-account world with these ALB / NLB (`v2`) and Classic (`classic`) load balancers and EC2
 * instances in us-east-1.
 */
const world = (v2: unknown[], classic: unknown[] = [], instances: unknown[] = ONE_INSTANCE) =>
  oneAccountWorld({
    elasticloadbalancingv2: { loadBalancers: v2 },
    elasticloadbalancing: { loadBalancers: classic },
    ec2: { instances },
  });

/** A CLB whose HTTPS listener accepts TLS 1.0 and 1.1: reported wherever a CLB is looked at. */
const LEGACY_CLB = {
  name: 'shop',
  listeners: [{ protocol: 'HTTPS', port: 443, policy: 'ELBSecurityPolicy-2015-05' }],
};

/** What the sandbox derives: ARNs from the account, region and name. */
async function arnsOf(name: string, type: 'application' | 'network') {
  const { stableId } = await import('../../sandbox/helpers.js');
  const id = stableId(`${TEST_ACCOUNT}/us-east-1/elbv2/${name}`, 16);
  const short = type === 'application' ? 'app' : 'net';
  return {
    lb: `arn:aws:elasticloadbalancing:us-east-1:${TEST_ACCOUNT}:loadbalancer/${short}/${name}/${id}`,
    listener: `arn:aws:elasticloadbalancing:us-east-1:${TEST_ACCOUNT}:listener/${short}/${name}/${id}/${stableId(`${id}/443`, 16)}`,
  };
}
const web = await arnsOf('web', 'application');
const api = await arnsOf('api', 'network');

/** The clients the table says lack TLS 1.2: who a policy that drops TLS 1.0 / 1.1 locks out. */
const TLS12 = loadLifecycleTable('tls-clients', tlsClientTable, { userDir: null })
  .rows.filter((r) => r.lacks === 'TLSv1.2')
  .map((r) => r.client);
// An empty list would make the at-risk cases below pass whatever the scanner reports.
if (TLS12.length === 0) throw new Error('data/lifecycle/tls-clients.yaml names no client without TLS 1.2');

/** Evidence of a load balancer with one TLS listener: its fields, and the list of listeners holding only it. */
const oneTlsListener = (loadBalancer: JsonObject, listener: JsonObject): JsonObject => ({
  ...loadBalancer,
  ...listener,
  listeners: [listener],
});

/**
 * A finding on a Classic Load Balancer with one flagged listener: its ARN is built from its name (a CLB has
 * none of its own, nor listener ARNs) and it is measured against the CLB's recommended policy.
 */
const classicFinding = (name: string, scheme: string, title: string, listener: JsonObject) => {
  const arn = `arn:aws:elasticloadbalancing:us-east-1:${TEST_ACCOUNT}:loadbalancer/${name}`;
  return {
    resource: arn,
    eventDate: null,
    title,
    evidence: oneTlsListener(
      {
        loadBalancerName: name,
        loadBalancerArn: arn,
        loadBalancerType: 'classic',
        scheme,
        listenerArn: null,
        recommendedPolicy: 'ELBSecurityPolicy-TLS-1-2-2017-01',
      },
      listener,
    ),
  };
};

testScanner(elbTlsPolicyDeprecation, {
  now: '2026-03-01T00:00:00.000Z',
  horizonDays: { 'elb-tls-policy-deprecation': 730 },
  quiet: [
    {
      name: 'recommended policies, plain HTTP listeners and a CLB on its best policy',
      scenario: world(
        [
          {
            name: 'web',
            listeners: [
              { port: 80, protocol: 'HTTP' },
              { port: 443, protocol: 'HTTPS', sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06' },
            ],
          },
          {
            name: 'api',
            type: 'network',
            listeners: [{ port: 443, protocol: 'TLS', sslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06' }],
          },
          { name: 'tcp', type: 'network', listeners: [{ port: 5432, protocol: 'TCP' }] },
        ],
        [
          { name: 'legacy-http', listeners: [{ protocol: 'HTTP', port: 80 }] },
          {
            name: 'legacy-https',
            listeners: [{ protocol: 'HTTPS', port: 443, policy: 'ELBSecurityPolicy-TLS-1-2-2017-01' }],
          },
          {
            name: 'custom-ok',
            listeners: [{ protocol: 'SSL', port: 443, custom: { name: 'my-tls12', protocols: ['TLSv1.2'] } }],
          },
        ],
      ),
    },
    {
      name: 'a CLB on a TLS 1.0 policy in a region without any EC2 instance: it routes to nothing',
      scenario: world([], [LEGACY_CLB], []),
    },
  ],
  found: [
    {
      name: 'an ALB on the API default policy (TLS 1.0 / 1.1 allowed)',
      scenario: world([{ name: 'web', listeners: [{ port: 443, protocol: 'HTTPS' }] }]),
      expected: [
        {
          resource: web.listener,
          eventDate: null,
          title: 'ALB web port 443: ELBSecurityPolicy-2016-08 (legacy-tls)',
          evidence: oneTlsListener(
            {
              loadBalancerName: 'web',
              loadBalancerArn: web.lb,
              loadBalancerType: 'application',
              scheme: 'internet-facing',
              listenerArn: web.listener,
              recommendedPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09',
            },
            {
              port: 443,
              protocol: 'HTTPS',
              policy: 'ELBSecurityPolicy-2016-08',
              protocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'],
              status: 'outdated',
              conditions: ['legacy-tls'],
              clientsAtRisk: TLS12,
              note: 'API / CLI default; accepts TLS 1.0 and 1.1.',
            },
          ),
        },
      ],
    },
    {
      name: 'an NLB on a TLS 1.2 policy without TLS 1.3: older than the recommended one, nobody breaks',
      scenario: world([
        {
          name: 'api',
          type: 'network',
          scheme: 'internal',
          listeners: [{ port: 443, protocol: 'TLS', sslPolicy: 'ELBSecurityPolicy-FS-1-2-Res-2020-10' }],
        },
      ]),
      expected: [
        {
          resource: api.listener,
          eventDate: null,
          title: 'NLB api port 443: ELBSecurityPolicy-FS-1-2-Res-2020-10 (older-than-recommended)',
          evidence: oneTlsListener(
            {
              loadBalancerName: 'api',
              loadBalancerArn: api.lb,
              loadBalancerType: 'network',
              scheme: 'internal',
              listenerArn: api.listener,
              recommendedPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09',
            },
            {
              port: 443,
              protocol: 'TLS',
              policy: 'ELBSecurityPolicy-FS-1-2-Res-2020-10',
              protocols: ['TLSv1.2'],
              status: 'acceptable',
              conditions: ['older-than-recommended'],
              clientsAtRisk: [],
              note: 'No TLS 1.3; prefer a TLS13 policy.',
            },
          ),
        },
      ],
    },
    {
      name: 'Classic Load Balancers: an old reference policy, and a custom policy that enables TLS 1.0',
      scenario: world(
        [],
        [
          {
            name: 'shop',
            listeners: [
              { protocol: 'HTTPS', port: 443, policy: 'ELBSecurityPolicy-2015-05' },
              { protocol: 'HTTP', port: 80 },
            ],
          },
          {
            name: 'mq',
            scheme: 'internal',
            listeners: [
              {
                protocol: 'SSL',
                port: 5671,
                custom: { name: 'amqps-compat', protocols: ['TLSv1', 'TLSv1.2'] },
              },
            ],
          },
        ],
      ),
      expected: [
        classicFinding('mq', 'internal', 'CLB mq port 5671: amqps-compat (legacy-tls)', {
          port: 5671,
          protocol: 'SSL',
          policy: 'amqps-compat',
          protocols: ['TLSv1', 'TLSv1.2'],
          status: 'custom',
          conditions: ['legacy-tls'],
          clientsAtRisk: TLS12,
          note: null,
        }),
        classicFinding(
          'shop',
          'internet-facing',
          'CLB shop port 443: ELBSecurityPolicy-2015-05 (legacy-tls)',
          {
            port: 443,
            protocol: 'HTTPS',
            policy: 'ELBSecurityPolicy-2015-05',
            protocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'],
            status: 'outdated',
            conditions: ['legacy-tls'],
            clientsAtRisk: TLS12,
            note: 'Accepts TLS 1.0 and 1.1.',
          },
        ),
      ],
    },
  ],
});

describe('elb-tls-policy-deprecation: where Classic Load Balancers are listed', () => {
  /** DescribeLoadBalancers calls (ALB / NLB and CLB share the action name) and CLB policy reads. */
  const calls = async (instances: unknown[]) => {
    const run = await runCase(
      elbTlsPolicyDeprecation,
      { now: '2026-03-01T00:00:00.000Z', horizonDays: { 'elb-tls-policy-deprecation': 730 } },
      { name: 'gate', scenario: world([], [LEGACY_CLB], instances) },
    );
    return [
      run.callCounts['elasticloadbalancing:DescribeLoadBalancers'] ?? 0,
      run.callCounts['elasticloadbalancing:DescribeLoadBalancerPolicies'] ?? 0,
    ];
  };

  it('lists only ALB / NLB in a region without an EC2 instance', async () => {
    expect(await calls([])).toEqual([1, 0]);
  });

  it('lists CLBs too where an instance exists', async () => {
    expect(await calls(ONE_INSTANCE)).toEqual([2, 1]);
  });
});
