import { z } from 'zod';
import { STANDARD_REGIONS } from '../regions.js';
import { AwsError, dateSpec, defineService, stableId } from './types.js';

const platformVersion = z.object({
  /** Branch name = platform name for AWS-managed platforms: `Node.js 20 running on 64bit Amazon Linux 2023`. */
  branch: z.string(),
  version: z.string(),
  /** Lifecycle of the branch: Supported | Beta | Deprecated | Retired. */
  branchState: z.enum(['Supported', 'Beta', 'Deprecated', 'Retired']).default('Supported'),
  created: dateSpec.default('-90d'),
});

const environment = z.object({
  name: z.string(),
  application: z.string().default('app'),
  /** `<branch>/<version>` of one of `platforms`. */
  platform: z.string(),
  status: z
    .enum([
      'Aborting',
      'Launching',
      'Updating',
      'LinkingFrom',
      'LinkingTo',
      'Ready',
      'Terminating',
      'Terminated',
    ])
    .default('Ready'),
  health: z.enum(['Green', 'Yellow', 'Red', 'Grey']).default('Green'),
  /** aws:elasticbeanstalk:managedactions ManagedActionsEnabled. */
  managedActionsEnabled: z.boolean().default(false),
});

type Platform = z.output<typeof platformVersion>;

const scenario = z.object({
  platforms: z.array(platformVersion).default([]),
  environments: z.array(environment).default([]),
});

/** Elastic Beanstalk's scenario data of one account and region (read by the Auto Scaling service). */
export type ElasticBeanstalkData = z.output<typeof scenario>;

/** The environment id AWS gives an environment: `e-` and ten characters. */
export const environmentId = (accountId: string, region: string, name: string): string =>
  `e-${stableId(`${accountId}/${region}/${name}`, 10)}`;

const platformArn = (region: string, p: Platform) =>
  `arn:aws:elasticbeanstalk:${region}::platform/${p.branch}/${p.version}`;

const versionKey = (version: string) =>
  version
    .split('.')
    .map((n) => n.padStart(6, '0'))
    .join('.');

/** The newest version of each branch is the Recommended one, as AWS marks it. */
function recommended(platforms: Platform[], p: Platform): boolean {
  const newest = platforms
    .filter((x) => x.branch === p.branch)
    .sort((a, b) => versionKey(b.version).localeCompare(versionKey(a.version)))[0];
  return newest === p;
}

function summary(region: string, platforms: Platform[], p: Platform) {
  return {
    PlatformArn: platformArn(region, p),
    PlatformOwner: 'AWSElasticBeanstalk',
    PlatformStatus: 'Ready',
    PlatformCategory: p.branch.split(' running on ')[0],
    OperatingSystemName: 'Amazon Linux',
    OperatingSystemVersion: p.branch.includes('2023') ? '2023' : '2',
    SupportedTierList: ['WebServer/Standard', 'Worker/SQS/HTTP'],
    SupportedAddonList: ['Log/S3', 'Monitoring/Healthd', 'WorkerDaemon/SQSD'],
    PlatformLifecycleState: recommended(platforms, p) ? 'Recommended' : undefined,
    PlatformVersion: p.version,
    PlatformBranchName: p.branch,
    PlatformBranchLifecycleState: p.branchState,
  };
}

/** AWS Elastic Beanstalk: environments, platform versions and branches, managed platform updates (query). */
export const elasticbeanstalk = defineService({
  name: 'elasticbeanstalk',
  model: 'elasticbeanstalk-2010-12-01',
  scope: 'regional',
  // Elastic Beanstalk is not offered in every Region; the sandbox serves the long-standing ones.
  regions: STANDARD_REGIONS,
  scenario,
  defaultPageSize: { ListPlatformVersions: 100 },
  handlers: {
    DescribeEnvironments: ({ data, input, accountId, region, date }) => {
      const includeDeleted = input.IncludeDeleted !== false;
      return {
        Environments: data.environments
          .filter((e) => includeDeleted || e.status !== 'Terminated')
          .map((e) => {
            const p = data.platforms.find((x) => `${x.branch}/${x.version}` === e.platform);
            const id = environmentId(accountId, region, e.name);
            return {
              EnvironmentName: e.name,
              EnvironmentId: id,
              ApplicationName: e.application,
              SolutionStackName: p
                ? `64bit Amazon Linux 2023 ${p.version} running ${p.branch.split(' running on ')[0]}`
                : undefined,
              PlatformArn: p ? platformArn(region, p) : undefined,
              EndpointURL: `awseb-${id}.${region}.elb.amazonaws.com`,
              CNAME: `${e.name}.${region}.elasticbeanstalk.com`,
              DateCreated: date('-200d'),
              DateUpdated: date('-10d'),
              Status: e.status,
              AbortableOperationInProgress: false,
              Health: e.health,
              HealthStatus: 'Ok',
              Tier: { Name: 'WebServer', Type: 'Standard', Version: '1.0' },
              EnvironmentArn: `arn:aws:elasticbeanstalk:${region}:${accountId}:environment/${e.application}/${e.name}`,
            };
          }),
      };
    },
    DescribePlatformVersion: ({ data, input, region, date }) => {
      const p = data.platforms.find((x) => platformArn(region, x) === input.PlatformArn);
      if (!p)
        throw new AwsError(
          'InvalidParameterValue',
          `No Platform named '${String(input.PlatformArn)}' found.`,
        );
      return {
        PlatformDescription: {
          ...summary(region, data.platforms, p),
          PlatformName: p.branch,
          DateCreated: date(p.created),
          DateUpdated: date(p.created),
          Maintainer: 'aws-elasticbeanstalk-platforms@amazon.com',
        },
      };
    },
    ListPlatformVersions: ({ data, input, region }) => {
      const filters = (input.Filters as Array<{ Type?: string; Operator?: string; Values?: string[] }>) ?? [];
      const branch = filters.find((f) => f.Type === 'PlatformBranchName' && (f.Operator ?? '=') === '=');
      return {
        PlatformSummaryList: data.platforms
          .filter((p) => !branch?.Values?.length || branch.Values.includes(p.branch))
          .map((p) => summary(region, data.platforms, p)),
      };
    },
    DescribeConfigurationSettings: ({ data, input }) => {
      const e = data.environments.find(
        (x) => x.application === input.ApplicationName && x.name === input.EnvironmentName,
      );
      if (!e)
        throw new AwsError(
          'InvalidParameterValue',
          `No Environment found for EnvironmentName = '${String(input.EnvironmentName)}'.`,
        );
      return {
        ConfigurationSettings: [
          {
            ApplicationName: e.application,
            EnvironmentName: e.name,
            DeploymentStatus: 'deployed',
            OptionSettings: [
              {
                Namespace: 'aws:elasticbeanstalk:managedactions',
                OptionName: 'ManagedActionsEnabled',
                Value: String(e.managedActionsEnabled),
              },
              {
                Namespace: 'aws:elasticbeanstalk:managedactions',
                OptionName: 'PreferredStartTime',
                Value: 'Sun:18:00',
              },
              {
                Namespace: 'aws:elasticbeanstalk:managedactions:platformupdate',
                OptionName: 'UpdateLevel',
                Value: 'minor',
              },
            ],
          },
        ],
      };
    },
  },
});
