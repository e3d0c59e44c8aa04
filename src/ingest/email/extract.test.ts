import { describe, expect, it } from 'vitest';
import { defaultCatalog } from '../../catalog/index.js';
import { extract, extractAccountId, extractRegion, extractResources } from './extract.js';

describe('extraction', () => {
  it.each([
    { where: 'a subject tag', subject: '[AWS Account: 123456789012]', body: '', account: '123456789012' },
    {
      where: 'a dashed body line',
      subject: '',
      body: 'AWS Account ID: 1234-5678-9012',
      account: '123456789012',
    },
    {
      where: 'a Japanese body line',
      subject: '',
      body: 'アカウント ID: 1234-5678-9012',
      account: '123456789012',
    },
    {
      where: 'an ARN in the body',
      subject: '',
      body: 'see arn:aws:lambda:us-east-1:210987654321:function:f',
      account: '210987654321',
    },
    {
      where: 'nowhere (a short number is no account)',
      subject: '',
      body: 'no account here, only 12345',
      account: null,
    },
  ])('account from $where', ({ subject, body, account }) => {
    expect(extractAccountId(subject, body)).toBe(account);
  });

  it.each([
    ['in the ap-northeast-1 region', 'ap-northeast-1'],
    ['in the Asia Pacific (Tokyo) Region', 'ap-northeast-1'],
    ['アジアパシフィック（東京）リージョン', 'ap-northeast-1'],
    ['EU (Ireland)', 'eu-west-1'],
    ['米国東部 (バージニア北部)', 'us-east-1'],
    ['availability zone ap-northeast-1a', 'ap-northeast-1'],
    ['Region: us-west-2', 'us-west-2'],
    ['nowhere', null],
  ])('region in %j', (body, expected) => {
    expect(extractRegion('', body)).toBe(expected);
  });

  it('finds each kind of resource id once, ARNs whole', () => {
    // Prepare
    const body = [
      'instance i-0123456789abcdef0 and i-0123456789abcdef0 again, old style i-1a2b3c4d',
      'dxcon-ffabc123 dxlag-ffdef456 vpn-0a1b2c3d4e5f67890',
      'arn:aws:acm:us-east-1:123456789012:certificate/9f8e7d6c-1a2b-3c4d-5e6f-7a8b9c0d1e2f.',
      'arn:aws:lambda:ap-northeast-1:123456789012:function:legacy-report',
      'DB instance identifier: orders-db',
      'IP 198.51.100.23 and private 10.0.0.5',
    ].join('\n');
    // Act
    const found = extractResources('', body);
    // Assess
    expect(found).toEqual([
      { id: 'i-0123456789abcdef0', type: 'ec2-instance' },
      { id: 'i-1a2b3c4d', type: 'ec2-instance' },
      { id: 'dxcon-ffabc123', type: 'dx-connection' },
      { id: 'dxlag-ffdef456', type: 'dx-lag' },
      { id: 'vpn-0a1b2c3d4e5f67890', type: 'vpn-connection' },
      {
        id: 'arn:aws:acm:us-east-1:123456789012:certificate/9f8e7d6c-1a2b-3c4d-5e6f-7a8b9c0d1e2f',
        type: 'acm-certificate',
      },
      { id: 'arn:aws:lambda:ap-northeast-1:123456789012:function:legacy-report', type: 'lambda-function' },
      { id: 'orders-db', type: 'rds-db-instance' },
      { id: '198.51.100.23', type: 'ip-address' },
    ]);
  });

  it('gives each resource of a table its own date and picks the window of a maintenance notice', () => {
    // Prepare
    const body = [
      'Instance ID          Region          Retirement date',
      'i-0123456789abcdef0  ap-northeast-1  2018-01-31 11:00 UTC',
      'i-0fedcba9876543210  ap-northeast-1  2018-02-07 11:00 UTC',
    ].join('\n');
    // Act
    const result = extract(
      defaultCatalog().require('ec2-scheduled-event'),
      'EC2 Instance Retirement',
      body,
      '2018-01-15T00:00:00.000Z',
    );
    // Assess
    expect(result.resources.map((r) => r.id)).toEqual(['i-0123456789abcdef0', 'i-0fedcba9876543210']);
    expect(result.dates.perResource).toEqual({
      'i-0123456789abcdef0': '2018-01-31T11:00:00.000Z',
      'i-0fedcba9876543210': '2018-02-07T11:00:00.000Z',
    });
  });

  it('takes the Lambda end-of-support date, not the language end-of-life date that follows it', () => {
    const body =
      'We are ending support for Node.js 16 in Lambda on June 12, 2024. This follows Node.js 16 End-Of-Life (EOL) reached on September 11, 2023.';
    const result = extract(
      defaultCatalog().require('lambda-runtime-deprecation'),
      '',
      body,
      '2024-02-01T00:00:00.000Z',
    );
    expect(result.dates).toMatchObject({
      eventDate: '2024-06-12T00:00:00.000Z',
      eventEndDate: null,
      basis: 'keyword',
    });
  });
});
