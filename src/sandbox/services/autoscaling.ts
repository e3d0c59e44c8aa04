import { z } from 'zod';
import { type ElasticBeanstalkData, environmentId } from './elasticbeanstalk.js';
import { arn, dateSpec, defineService, stableId, stableUuid } from './types.js';

const group = z.object({
  name: z.string(),
  /** Launch template by id or name, with `$Default`, `$Latest` or a version number. */
  launchTemplate: z
    .object({
      id: z.string().optional(),
      name: z.string().optional(),
      version: z.string().default('$Default'),
    })
    .optional(),
  /** The template sits in a MixedInstancesPolicy instead of the group itself. */
  mixedInstances: z.boolean().default(false),
  launchConfiguration: z.string().optional(),
  desired: z.number().int().min(0).default(2),
  createdAt: dateSpec.default('-300d'),
});

const launchConfiguration = z.object({
  name: z.string(),
  imageId: z.string(),
  instanceType: z.string().default('t3.micro'),
  createdAt: dateSpec.default('-900d'),
});

type Group = z.output<typeof group>;

/**
 * The group Elastic Beanstalk runs each live environment's instances in, as AWS names it. The
 * sandbox leaves out the launch template Beanstalk manages for it: the environment's AMI comes
 * with its platform, which beanstalk-platform-update checks.
 */
function beanstalkGroups(accountId: string, region: string, eb: ElasticBeanstalkData): Group[] {
  return eb.environments
    .filter((e) => e.status !== 'Terminated')
    .map((e) => {
      const id = environmentId(accountId, region, e.name);
      return {
        name: `awseb-${id}-stack-AWSEBAutoScalingGroup-${stableId(`${id}/asg`, 12).toUpperCase()}`,
        mixedInstances: false,
        desired: 1,
        createdAt: '-200d',
      };
    });
}

/** EC2 Auto Scaling: groups and (legacy) launch configurations. */
export const autoscaling = defineService({
  name: 'autoscaling',
  model: 'autoscaling-2011-01-01',
  scope: 'regional',
  scenario: z.object({
    groups: z.array(group).default([]),
    launchConfigurations: z.array(launchConfiguration).default([]),
  }),
  handlers: {
    DescribeAutoScalingGroups: ({ data, dataOf, accountId, region, date, input }) => {
      const names = (input.AutoScalingGroupNames as string[] | undefined) ?? [];
      const groups = [
        ...data.groups,
        ...beanstalkGroups(accountId, region, dataOf('elasticbeanstalk') as ElasticBeanstalkData),
      ];
      return {
        AutoScalingGroups: groups
          .filter((g) => names.length === 0 || names.includes(g.name))
          .map((g) => {
            const spec = g.launchTemplate
              ? {
                  LaunchTemplateId: g.launchTemplate.id,
                  LaunchTemplateName: g.launchTemplate.name,
                  Version: g.launchTemplate.version,
                }
              : undefined;
            return {
              AutoScalingGroupName: g.name,
              AutoScalingGroupARN: arn(
                'autoscaling',
                region,
                accountId,
                `autoScalingGroup:${stableUuid(`${accountId}/${region}/asg/${g.name}`)}:autoScalingGroupName/${g.name}`,
              ),
              LaunchConfigurationName: g.launchConfiguration,
              LaunchTemplate: spec && !g.mixedInstances ? spec : undefined,
              MixedInstancesPolicy:
                spec && g.mixedInstances
                  ? {
                      LaunchTemplate: {
                        LaunchTemplateSpecification: spec,
                        Overrides: [{ InstanceType: 'm6i.large' }, { InstanceType: 'm5.large' }],
                      },
                    }
                  : undefined,
              MinSize: 0,
              MaxSize: Math.max(g.desired, 1) * 2,
              DesiredCapacity: g.desired,
              DefaultCooldown: 300,
              AvailabilityZones: [`${region}a`, `${region}c`],
              HealthCheckType: 'EC2',
              HealthCheckGracePeriod: 300,
              Instances: [],
              CreatedTime: date(g.createdAt),
              NewInstancesProtectedFromScaleIn: false,
              ServiceLinkedRoleARN: `arn:aws:iam::${accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
            };
          }),
      };
    },
    DescribeLaunchConfigurations: ({ data, accountId, region, date, input }) => {
      const names = (input.LaunchConfigurationNames as string[] | undefined) ?? [];
      return {
        LaunchConfigurations: data.launchConfigurations
          .filter((c) => names.length === 0 || names.includes(c.name))
          .map((c) => ({
            LaunchConfigurationName: c.name,
            LaunchConfigurationARN: arn(
              'autoscaling',
              region,
              accountId,
              `launchConfiguration:${stableUuid(`${accountId}/${region}/lc/${c.name}`)}:launchConfigurationName/${c.name}`,
            ),
            ImageId: c.imageId,
            InstanceType: c.instanceType,
            SecurityGroups: [],
            BlockDeviceMappings: [],
            CreatedTime: date(c.createdAt),
          })),
      };
    },
  },
});
