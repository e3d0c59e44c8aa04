import { oneAccountWorld, TEST_ACCOUNT, testScanner } from '../../../test/support/scanner-tester.js';
import type { JsonObject } from '../../core/types.js';
import { elbTlsPolicyDeprecation } from './elb-tls-policy-deprecation.js';

/** A one-account world with these ALB / NLB (`v2`) and Classic (`classic`) load balancers in us-east-1. */
const world = (v2: unknown[], classic: unknown[] = []) =>
  oneAccountWorld({
    elasticloadbalancingv2: { loadBalancers: v2 },
    elasticloadbalancing: { loadBalancers: classic },
  });

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

const TLS12 = [
  'Android 4.3 and earlier (and apps on Android 4.4 that do not enable TLS 1.2 themselves)',
  'Internet Explorer 8-10, and IE 11 / WinHTTP on Windows 7 or Server 2008 R2 without the TLS 1.2 update',
  'Java 6, and Java 7 clients (TLS 1.2 not enabled by default before Java 8)',
  '.NET Framework 4.5 and earlier applications that do not opt in to TLS 1.2',
  'OpenSSL before 1.0.1 (CentOS / RHEL 5, old embedded devices and appliances)',
  'Safari on iOS 4 / OS X 10.8 and earlier; Windows XP and Server 2003',
];

/** Evidence of a load balancer with one TLS listener: its fields, and the list of listeners holding only it. */
const oneTlsListener = (loadBalancer: JsonObject, listener: JsonObject): JsonObject => ({
  ...loadBalancer,
  ...listener,
  listeners: [listener],
});

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
        {
          resource: `arn:aws:elasticloadbalancing:us-east-1:${TEST_ACCOUNT}:loadbalancer/mq`,
          eventDate: null,
          title: 'CLB mq port 5671: amqps-compat (legacy-tls)',
          evidence: oneTlsListener(
            {
              loadBalancerName: 'mq',
              loadBalancerArn: `arn:aws:elasticloadbalancing:us-east-1:${TEST_ACCOUNT}:loadbalancer/mq`,
              loadBalancerType: 'classic',
              scheme: 'internal',
              listenerArn: null,
              recommendedPolicy: 'ELBSecurityPolicy-TLS-1-2-2017-01',
            },
            {
              port: 5671,
              protocol: 'SSL',
              policy: 'amqps-compat',
              protocols: ['TLSv1', 'TLSv1.2'],
              status: 'custom',
              conditions: ['legacy-tls'],
              clientsAtRisk: TLS12,
              note: null,
            },
          ),
        },
        {
          resource: `arn:aws:elasticloadbalancing:us-east-1:${TEST_ACCOUNT}:loadbalancer/shop`,
          eventDate: null,
          title: 'CLB shop port 443: ELBSecurityPolicy-2015-05 (legacy-tls)',
          evidence: oneTlsListener(
            {
              loadBalancerName: 'shop',
              loadBalancerArn: `arn:aws:elasticloadbalancing:us-east-1:${TEST_ACCOUNT}:loadbalancer/shop`,
              loadBalancerType: 'classic',
              scheme: 'internet-facing',
              listenerArn: null,
              recommendedPolicy: 'ELBSecurityPolicy-TLS-1-2-2017-01',
            },
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
        },
      ],
    },
  ],
});
