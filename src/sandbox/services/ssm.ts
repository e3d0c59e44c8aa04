import { z } from 'zod';
import { publicImages } from './public-amis.js';
import { dateSpec, defineService } from './types.js';

const managedInstance = z.object({
  instanceId: z.string(),
  platformType: z.enum(['Linux', 'Windows', 'MacOS']).default('Linux'),
  /** As the SSM Agent reports it: `Amazon Linux`, `Microsoft Windows Server 2016 Datacenter`, `Ubuntu`... */
  platformName: z.string(),
  platformVersion: z.string(),
  pingStatus: z.enum(['Online', 'ConnectionLost', 'Inactive']).default('Online'),
  agentVersion: z.string().default('3.3.1142.0'),
  lastPing: dateSpec.default('-5m'),
  computerName: z.string().optional(),
});

/** Systems Manager: managed instances (DescribeInstanceInformation) and the public AMI parameters. */
export const ssm = defineService({
  name: 'ssm',
  model: 'ssm-2014-11-06',
  scope: 'regional',
  scenario: z.object({ managedInstances: z.array(managedInstance).default([]) }),
  defaultPageSize: { DescribeInstanceInformation: 10 },
  handlers: {
    DescribeInstanceInformation: ({ data, date }) => ({
      InstanceInformationList: data.managedInstances.map((m) => ({
        InstanceId: m.instanceId,
        PingStatus: m.pingStatus,
        LastPingDateTime: date(m.lastPing),
        AgentVersion: m.agentVersion,
        IsLatestVersion: false,
        PlatformType: m.platformType,
        PlatformName: m.platformName,
        PlatformVersion: m.platformVersion,
        IamRole: 'AmazonSSMRoleForInstancesQuickSetup',
        ResourceType: 'EC2Instance',
        ComputerName: m.computerName ?? `ip-10-0-1-${m.instanceId.length}.ec2.internal`,
        IPAddress: '10.0.1.20',
        SourceId: m.instanceId,
        SourceType: 'AWS::EC2::Instance',
      })),
    }),
    GetParameters: ({ region, now, input }) => {
      const names = (input.Names as string[] | undefined) ?? [];
      const official = publicImages(region, now);
      const found = names.map((n) => official.find((p) => p.parameter === n));
      return {
        Parameters: found
          .filter((p) => p !== undefined)
          .map((p) => ({
            Name: p.parameter,
            Type: 'String',
            Value: p.imageId,
            Version: 120,
            LastModifiedDate: p.createdAt,
            ARN: `arn:aws:ssm:${region}::parameter${p.parameter}`,
            DataType: 'aws:ec2:image',
          })),
        InvalidParameters: names.filter((_, i) => found[i] === undefined),
      };
    },
  },
});
