import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadCatalog } from '../../catalog/index.js';
import { eventBridgeTemplate, eventPatterns } from './template.js';

const catalog = loadCatalog();
type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

describe('deploy-template eventbridge', () => {
  it('has one rule pattern per source: aws.health (both detail types) first, then the catalog sources', () => {
    // Act
    const patterns = eventPatterns(catalog);
    // Assess
    expect(patterns[0]).toEqual({
      source: ['aws.health'],
      'detail-type': ['AWS Health Abuse Event', 'AWS Health Event'],
    });
    expect(patterns).toContainEqual(
      expect.objectContaining({
        source: ['aws.acm'],
        'detail-type': expect.arrayContaining(['ACM Certificate Approaching Expiration']),
      }),
    );
    expect(new Set(patterns.map((p) => (p.source as string[])[0])).size).toBe(patterns.length);
  });

  it('sends to an API destination with an API key connection, secrets as NoEcho parameters only', () => {
    // Act
    const template = eventBridgeTemplate(catalog, { target: 'api-destination', auth: 'api-key', org: false });
    // Assess
    const resources = template.Resources as Resources;
    expect(resources.OpsradarConnection?.Properties.AuthorizationType).toBe('API_KEY');
    expect(template.Parameters).toMatchObject({ OpsradarApiKey: { NoEcho: true } });
    expect(JSON.stringify(template.Parameters)).not.toMatch(/"Default":"[^"]*key[^"]*[0-9]/iu);
    const rule = resources.AwsHealthRule;
    expect(rule?.Properties.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': ['OpsradarApiDestination', 'Arn'] },
        RoleArn: { 'Fn::GetAtt': ['OpsradarInvokeRole', 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['OpsradarDeadLetterQueue', 'Arn'] } },
      }),
    ]);
    expect(typeof template.Description).toBe('string');
  });

  it('uses basic auth when asked', () => {
    const template = eventBridgeTemplate(catalog, { target: 'api-destination', auth: 'basic', org: false });
    const resources = template.Resources as Resources;
    expect(resources.OpsradarConnection?.Properties.AuthorizationType).toBe('BASIC');
    expect(template.Parameters).toMatchObject({ OpsradarPassword: { NoEcho: true } });
  });

  it('sends to an SNS topic with a signed (not raw) HTTPS subscription and outputs the topic ARN', () => {
    // Act
    const template = eventBridgeTemplate(catalog, { target: 'sns', auth: 'api-key', org: false });
    // Assess
    const resources = template.Resources as Resources;
    expect(resources.OpsradarSubscription?.Properties).toEqual({
      TopicArn: { Ref: 'OpsradarTopic' },
      Protocol: 'https',
      Endpoint: { Ref: 'OpsradarSnsUrl' },
    });
    expect(template.Outputs).toHaveProperty('TopicArn');
    expect(resources.OpsradarConnection).toBeUndefined();
  });

  it('organization-wide: a central bus open to the organization and a StackSet forwarding from members', () => {
    // Act
    const template = eventBridgeTemplate(catalog, { target: 'api-destination', auth: 'api-key', org: true });
    // Assess
    const resources = template.Resources as Resources;
    expect(resources.OpsradarCentralBusPolicy?.Properties.Statement).toMatchObject({
      Action: 'events:PutEvents',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } } },
    });
    expect(resources.AwsHealthRule?.Properties.EventBusName).toEqual({ Ref: 'OpsradarCentralBus' });
    const stackSet = resources.OpsradarMemberStackSet?.Properties;
    expect(stackSet?.PermissionModel).toBe('SERVICE_MANAGED');
    const member = JSON.parse(String(stackSet?.TemplateBody)) as { Resources: Resources };
    expect(member.Resources.ForwardAwsHealthRule?.Properties.Targets).toEqual([
      expect.objectContaining({ Arn: { Ref: 'CentralEventBusArn' } }),
    ]);
  });

  it('prints as YAML that parses back to the same template', () => {
    const template = eventBridgeTemplate(catalog, { target: 'sns', auth: 'api-key', org: true });
    expect(parse(stringify(template))).toEqual(template);
  });
});
