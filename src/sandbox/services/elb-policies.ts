/**
 * The predefined TLS security policies of Elastic Load Balancing as the API describes them
 * (DescribeSSLPolicies for ALB / NLB, ELBSecurityPolicy-* reference policies for CLB). Kept
 * here, apart from data/lifecycle/elb-security-policies.yaml, so the sandbox answers what AWS
 * answers and the scanner's table is checked against it rather than echoed back.
 * Source: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
 */
const TLS13 = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'];
const MODERN = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
];
const CBC = [
  'ECDHE-ECDSA-AES128-SHA256',
  'ECDHE-RSA-AES128-SHA256',
  'ECDHE-ECDSA-AES128-SHA',
  'ECDHE-RSA-AES128-SHA',
  'AES128-GCM-SHA256',
  'AES128-SHA256',
  'AES128-SHA',
];

export interface PredefinedPolicy {
  name: string;
  protocols: string[];
  ciphers: string[];
  types: Array<'application' | 'network' | 'classic'>;
}

const V2: Array<'application' | 'network'> = ['application', 'network'];
const ALL: Array<'application' | 'network' | 'classic'> = ['application', 'network', 'classic'];

export const PREDEFINED_POLICIES: readonly PredefinedPolicy[] = [
  { name: 'ELBSecurityPolicy-TLS13-1-3-2021-06', protocols: ['TLSv1.3'], ciphers: TLS13, types: V2 },
  {
    name: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    protocols: ['TLSv1.2', 'TLSv1.3'],
    ciphers: [...TLS13, ...MODERN, 'ECDHE-ECDSA-AES128-SHA256', 'ECDHE-RSA-AES128-SHA256'],
    types: V2,
  },
  {
    name: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
    protocols: ['TLSv1.2', 'TLSv1.3'],
    ciphers: [...TLS13, ...MODERN],
    types: V2,
  },
  {
    name: 'ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06',
    protocols: ['TLSv1.2', 'TLSv1.3'],
    ciphers: [...TLS13, ...MODERN, ...CBC.slice(0, 2)],
    types: V2,
  },
  {
    name: 'ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06',
    protocols: ['TLSv1.2', 'TLSv1.3'],
    ciphers: [...TLS13, ...MODERN, ...CBC],
    types: V2,
  },
  {
    name: 'ELBSecurityPolicy-TLS13-1-1-2021-06',
    protocols: ['TLSv1.1', 'TLSv1.2', 'TLSv1.3'],
    ciphers: [...TLS13, ...MODERN, ...CBC],
    types: V2,
  },
  {
    name: 'ELBSecurityPolicy-TLS13-1-0-2021-06',
    protocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'],
    ciphers: [...TLS13, ...MODERN, ...CBC],
    types: V2,
  },
  { name: 'ELBSecurityPolicy-FS-1-2-Res-2020-10', protocols: ['TLSv1.2'], ciphers: MODERN, types: V2 },
  {
    name: 'ELBSecurityPolicy-FS-1-2-2019-08',
    protocols: ['TLSv1.2'],
    ciphers: [...MODERN, ...CBC.slice(0, 4)],
    types: V2,
  },
  {
    name: 'ELBSecurityPolicy-FS-1-1-2019-08',
    protocols: ['TLSv1.1', 'TLSv1.2'],
    ciphers: [...MODERN, ...CBC.slice(0, 4)],
    types: V2,
  },
  {
    name: 'ELBSecurityPolicy-FS-2018-06',
    protocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'],
    ciphers: [...MODERN, ...CBC.slice(0, 4)],
    types: V2,
  },
  {
    name: 'ELBSecurityPolicy-TLS-1-2-Ext-2018-06',
    protocols: ['TLSv1.2'],
    ciphers: [...MODERN, ...CBC],
    types: V2,
  },
  {
    name: 'ELBSecurityPolicy-TLS-1-2-2017-01',
    protocols: ['TLSv1.2'],
    ciphers: [...MODERN, ...CBC],
    types: ALL,
  },
  {
    name: 'ELBSecurityPolicy-TLS-1-1-2017-01',
    protocols: ['TLSv1.1', 'TLSv1.2'],
    ciphers: [...MODERN, ...CBC],
    types: ALL,
  },
  {
    name: 'ELBSecurityPolicy-2016-08',
    protocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'],
    ciphers: [...MODERN, ...CBC],
    types: ALL,
  },
  {
    name: 'ELBSecurityPolicy-2015-05',
    protocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'],
    ciphers: [...MODERN, ...CBC],
    types: ALL,
  },
  {
    name: 'ELBSecurityPolicy-TLS-1-0-2015-04',
    protocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'],
    ciphers: [...MODERN, ...CBC, 'DES-CBC3-SHA'],
    types: V2,
  },
];

export function predefinedPolicy(name: string): PredefinedPolicy | undefined {
  return PREDEFINED_POLICIES.find((p) => p.name === name);
}
