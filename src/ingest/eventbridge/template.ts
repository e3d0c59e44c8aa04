import type { JsonObject, JsonValue } from '../../core/types.js';

/** What the catalog says about EventBridge sources (`defaultCatalog().entries` satisfies it). */
export interface EventBridgeSources {
  readonly entries: ReadonlyArray<{
    detection: { eventbridge: ReadonlyArray<{ source: string; detailType: string }> };
  }>;
}

export type TemplateTarget = 'api-destination' | 'sns';
export type TemplateAuth = 'api-key' | 'basic';

export interface TemplateOptions {
  target: TemplateTarget;
  auth: TemplateAuth;
  /** Organization-wide: member accounts forward to a central event bus in this account. */
  org: boolean;
}

/** AWS Health's two detail types (the abuse one is separate). */
const HEALTH_DETAIL_TYPES = ['AWS Health Event', 'AWS Health Abuse Event'];

/** One event pattern per source: aws.health always, plus every source a catalog entry names. */
export function eventPatterns(catalog: EventBridgeSources): JsonObject[] {
  const bySource = new Map<string, Set<string>>([['aws.health', new Set(HEALTH_DETAIL_TYPES)]]);
  for (const entry of catalog.entries) {
    for (const eb of entry.detection.eventbridge) {
      const set = bySource.get(eb.source) ?? new Set<string>();
      set.add(eb.detailType);
      bySource.set(eb.source, set);
    }
  }
  return [...bySource.entries()]
    .sort(([a], [b]) => (a === 'aws.health' ? -1 : b === 'aws.health' ? 1 : a.localeCompare(b)))
    .map(([source, types]) => ({ source: [source], 'detail-type': [...types].sort() }));
}

const ref = (name: string): JsonObject => ({ Ref: name });
const getAtt = (resource: string, attribute: string): JsonObject => ({ 'Fn::GetAtt': [resource, attribute] });

/** A resource policy that lets EventBridge call `action` on `resource` (a queue or topic it delivers to). */
function eventBridgeMay(action: string, resource: JsonValue): JsonObject {
  return {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: action, Resource: resource },
    ],
  };
}

/** An IAM role EventBridge assumes to call one action on one resource (a target's `RoleArn`). */
function eventsRole(policyName: string, action: string, resource: JsonValue): JsonObject {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      },
      Policies: [
        {
          PolicyName: policyName,
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: action, Resource: resource }],
          },
        },
      ],
    },
  };
}

function logicalId(source: string): string {
  return source
    .split(/[^A-Za-z0-9]+/u)
    .filter(Boolean)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
}

/** What the delivery side adds to the central template (API destination or SNS topic). */
interface Delivery {
  parameters: JsonObject;
  resources: JsonObject;
  target: JsonObject;
  outputs: JsonObject;
}

/** Events EventBridge could not deliver after its retries land here. */
function deadLetterQueue(): JsonObject {
  return {
    OpsradarDeadLetterQueue: {
      Type: 'AWS::SQS::Queue',
      Properties: { MessageRetentionPeriod: 1_209_600, SqsManagedSseEnabled: true },
    },
    OpsradarDeadLetterQueuePolicy: {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: {
        Queues: [ref('OpsradarDeadLetterQueue')],
        PolicyDocument: eventBridgeMay('sqs:SendMessage', getAtt('OpsradarDeadLetterQueue', 'Arn')),
      },
    },
  };
}

// At-least-once with retries for a day; opsradar ingests idempotently, so duplicates are harmless.
const RETRY: JsonObject = {
  RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
  DeadLetterConfig: { Arn: getAtt('OpsradarDeadLetterQueue', 'Arn') },
};

/** An SNS topic with an https subscription to opsradar's /ingest/sns. */
function snsDelivery(): Delivery {
  return {
    parameters: {
      OpsradarSnsUrl: {
        Type: 'String',
        AllowedPattern: '^https://.+/ingest/sns$',
        Description: "https URL of opsradar's SNS endpoint, e.g. https://opsradar.example.com/ingest/sns",
      },
    },
    resources: {
      ...deadLetterQueue(),
      OpsradarTopic: {
        Type: 'AWS::SNS::Topic',
        // No AWS-managed KMS key: EventBridge cannot publish to a topic encrypted with alias/aws/sns.
        Properties: { TopicName: 'opsradar-events' },
      },
      OpsradarTopicPolicy: {
        Type: 'AWS::SNS::TopicPolicy',
        Properties: {
          Topics: [ref('OpsradarTopic')],
          PolicyDocument: eventBridgeMay('sns:Publish', ref('OpsradarTopic')),
        },
      },
      OpsradarSubscription: {
        Type: 'AWS::SNS::Subscription',
        // Not raw delivery: opsradar verifies the signed SNS envelope.
        Properties: { TopicArn: ref('OpsradarTopic'), Protocol: 'https', Endpoint: ref('OpsradarSnsUrl') },
      },
    },
    target: { Id: 'opsradar-sns', Arn: ref('OpsradarTopic'), ...RETRY },
    outputs: {
      TopicArn: {
        Description: "Put this ARN in ingest.sns.allowedTopicArns of opsradar's config before deploying",
        Value: ref('OpsradarTopic'),
      },
    },
  };
}

/** The API destination connection's parameters and authorization (API key or basic). */
function apiDestinationAuth(options: TemplateOptions): { parameters: JsonObject; authorization: JsonObject } {
  const parameters: JsonObject =
    options.auth === 'basic'
      ? {
          OpsradarUsername: { Type: 'String', Description: 'ingest.eventbridge.basic.username' },
          OpsradarPassword: {
            Type: 'String',
            NoEcho: true,
            MinLength: 8,
            Description: 'ingest.eventbridge.basic.password',
          },
        }
      : {
          OpsradarApiKeyHeader: {
            Type: 'String',
            Default: 'x-api-key',
            Description: 'ingest.eventbridge.apiKeyHeader',
          },
          OpsradarApiKey: {
            Type: 'String',
            NoEcho: true,
            MinLength: 8,
            Description: 'ingest.eventbridge.apiKey',
          },
        };
  const authorization: JsonObject =
    options.auth === 'basic'
      ? {
          AuthorizationType: 'BASIC',
          AuthParameters: {
            BasicAuthParameters: { Username: ref('OpsradarUsername'), Password: ref('OpsradarPassword') },
          },
        }
      : {
          AuthorizationType: 'API_KEY',
          AuthParameters: {
            ApiKeyAuthParameters: {
              ApiKeyName: ref('OpsradarApiKeyHeader'),
              ApiKeyValue: ref('OpsradarApiKey'),
            },
          },
        };
  return { parameters, authorization };
}

/** An API destination posting to opsradar's /ingest/eventbridge. */
function apiDestinationDelivery(options: TemplateOptions): Delivery {
  const { parameters: authParameters, authorization } = apiDestinationAuth(options);
  return {
    parameters: {
      OpsradarUrl: {
        Type: 'String',
        AllowedPattern: '^https://.+/ingest/eventbridge$',
        Description:
          "https URL of opsradar's EventBridge endpoint, e.g. https://opsradar.example.com/ingest/eventbridge",
      },
      InvocationRateLimitPerSecond: { Type: 'Number', Default: 10, MinValue: 1, MaxValue: 300 },
      ...authParameters,
    },
    resources: {
      ...deadLetterQueue(),
      OpsradarConnection: {
        Type: 'AWS::Events::Connection',
        Properties: { Name: 'opsradar', ...authorization },
      },
      OpsradarApiDestination: {
        Type: 'AWS::Events::ApiDestination',
        Properties: {
          Name: 'opsradar',
          ConnectionArn: getAtt('OpsradarConnection', 'Arn'),
          InvocationEndpoint: ref('OpsradarUrl'),
          HttpMethod: 'POST',
          InvocationRateLimitPerSecond: ref('InvocationRateLimitPerSecond'),
        },
      },
      OpsradarInvokeRole: eventsRole(
        'invoke-opsradar',
        'events:InvokeApiDestination',
        getAtt('OpsradarApiDestination', 'Arn'),
      ),
    },
    target: {
      Id: 'opsradar-api-destination',
      Arn: getAtt('OpsradarApiDestination', 'Arn'),
      RoleArn: getAtt('OpsradarInvokeRole', 'Arn'),
      ...RETRY,
    },
    outputs: {},
  };
}

/** Parameters, resources and outputs of the delivery side (API destination or SNS topic). */
function delivery(options: TemplateOptions): Delivery {
  return options.target === 'sns' ? snsDelivery() : apiDestinationDelivery(options);
}

/** The rules (one per source) in the member accounts that forward events to the central bus. */
function memberTemplate(patterns: JsonObject[]): JsonObject {
  const resources: Record<string, JsonValue> = {
    OpsradarForwardRole: eventsRole('forward-to-opsradar-bus', 'events:PutEvents', ref('CentralEventBusArn')),
  };
  for (const pattern of patterns) {
    const source = (pattern.source as string[])[0] ?? '';
    resources[`Forward${logicalId(source)}Rule`] = {
      Type: 'AWS::Events::Rule',
      Properties: {
        Description: `Forwards ${source} events to opsradar's central event bus`,
        EventPattern: pattern,
        State: 'ENABLED',
        Targets: [
          {
            Id: 'opsradar-central-bus',
            Arn: ref('CentralEventBusArn'),
            RoleArn: getAtt('OpsradarForwardRole', 'Arn'),
          },
        ],
      },
    };
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      'opsradar: forward AWS Health and catalog events of this account and region to the central event bus',
    Parameters: { CentralEventBusArn: { Type: 'String' } },
    Resources: resources,
  };
}

/**
 * The CloudFormation template `opsradar deploy-template eventbridge` prints. Deploy it in every region
 * you want events from, plus us-east-1 for global events and us-west-2 as AWS Health's backup region
 * (a StackSet does this). With `org`, the template creates a central event bus open to the
 * organization and a service-managed StackSet that installs forwarding rules in member accounts.
 */
export function eventBridgeTemplate(catalog: EventBridgeSources, options: TemplateOptions): JsonObject {
  const patterns = eventPatterns(catalog);
  const d = delivery(options);
  const parameters: Record<string, JsonValue> = { ...d.parameters };
  const resources: Record<string, JsonValue> = { ...d.resources };
  const outputs: Record<string, JsonValue> = { ...d.outputs };
  const eventBus = options.org ? ref('OpsradarCentralBus') : undefined;

  if (options.org) {
    parameters.OrganizationId = { Type: 'String', AllowedPattern: '^o-[a-z0-9]{10,32}$' };
    parameters.OrganizationalUnitIds = {
      Type: 'CommaDelimitedList',
      Description: 'OUs (or the root r-xxxx) whose accounts forward events',
    };
    parameters.MemberRegions = {
      Type: 'CommaDelimitedList',
      Default: 'us-east-1,us-west-2,ap-northeast-1',
      Description:
        'Regions to forward from (keep us-east-1 for global events and us-west-2, the backup region)',
    };
    resources.OpsradarCentralBus = {
      Type: 'AWS::Events::EventBus',
      Properties: { Name: 'opsradar-central' },
    };
    resources.OpsradarCentralBusPolicy = {
      Type: 'AWS::Events::EventBusPolicy',
      Properties: {
        EventBusName: ref('OpsradarCentralBus'),
        StatementId: 'opsradar-organization-put-events',
        Statement: {
          Effect: 'Allow',
          Principal: '*',
          Action: 'events:PutEvents',
          Resource: getAtt('OpsradarCentralBus', 'Arn'),
          Condition: { StringEquals: { 'aws:PrincipalOrgID': ref('OrganizationId') } },
        },
      },
    };
    resources.OpsradarMemberStackSet = {
      Type: 'AWS::CloudFormation::StackSet',
      Properties: {
        StackSetName: 'opsradar-event-forwarding',
        PermissionModel: 'SERVICE_MANAGED',
        AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
        Capabilities: ['CAPABILITY_IAM'],
        Parameters: [
          { ParameterKey: 'CentralEventBusArn', ParameterValue: getAtt('OpsradarCentralBus', 'Arn') },
        ],
        StackInstancesGroup: [
          {
            DeploymentTargets: { OrganizationalUnitIds: ref('OrganizationalUnitIds') },
            Regions: ref('MemberRegions'),
          },
        ],
        OperationPreferences: {
          FailureTolerancePercentage: 10,
          MaxConcurrentPercentage: 25,
          RegionConcurrencyType: 'PARALLEL',
        },
        TemplateBody: JSON.stringify(memberTemplate(patterns)),
      },
    };
    outputs.CentralEventBusArn = { Value: getAtt('OpsradarCentralBus', 'Arn') };
  }

  for (const pattern of patterns) {
    const source = (pattern.source as string[])[0] ?? '';
    resources[`${logicalId(source)}Rule`] = {
      Type: 'AWS::Events::Rule',
      Properties: {
        Description: `Sends ${source} events to opsradar`,
        ...(eventBus ? { EventBusName: eventBus } : {}),
        EventPattern: pattern,
        State: 'ENABLED',
        Targets: [d.target],
      },
    };
  }
  outputs.DeadLetterQueueUrl = {
    Description: 'Events opsradar could not take after a day of retries land here',
    Value: ref('OpsradarDeadLetterQueue'),
  };

  return {
    AWSTemplateFormatVersion: '2010-09-09',
    // CloudFormation wants a literal string here (no intrinsic functions), at most 1024 bytes.
    Description: `opsradar: send AWS Health events and the AWS events opsradar's catalog names to opsradar (${options.target === 'sns' ? 'SNS topic with an HTTPS subscription' : 'EventBridge API destination'}${options.org ? ', organization-wide' : ''}). Deploy in each region you watch, plus us-east-1 (global events) and us-west-2 (AWS Health backup region).`,
    Parameters: parameters,
    Resources: resources,
    Outputs: outputs,
  };
}
