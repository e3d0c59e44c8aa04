import {
  DescribeConfigurationSettingsCommand,
  DescribeEnvironmentsCommand,
  DescribePlatformVersionCommand,
  ElasticBeanstalkClient,
  type EnvironmentDescription,
  type PlatformDescription,
  type PlatformSummary,
  paginateListPlatformVersions,
} from '@aws-sdk/client-elastic-beanstalk';
import { autoScalingGroups } from '../shared.js';
import { allPageItems, isAwsError, orNull } from '../support.js';
import type { Scanner } from '../types.js';

const KIND = 'beanstalk-platform-update';
const GONE = new Set(['Terminating', 'Terminated']);
const ENDING_BRANCH = new Set(['Deprecated', 'Retired']);

const versionKey = (version: string) =>
  version
    .split('.')
    .map((n) => n.padStart(6, '0'))
    .join('.');

/**
 * Elastic Beanstalk environments on a platform version that is not the latest of its branch, or
 * on a branch AWS has deprecated or retired, with whether managed platform updates are on. The API
 * publishes no retirement date, so the finding has none; the catalog's lead time applies.
 */
export const beanstalkPlatformUpdate: Scanner = {
  id: 'beanstalk-platform-update',
  eventKinds: [KIND],
  scope: 'regional',
  permissions: [
    'autoscaling:DescribeAutoScalingGroups',
    'elasticbeanstalk:DescribeConfigurationSettings',
    'elasticbeanstalk:DescribeEnvironments',
    'elasticbeanstalk:DescribePlatformVersion',
    'elasticbeanstalk:ListPlatformVersions',
  ],
  summary: {
    ja: 'Elastic Beanstalk 環境のプラットフォーム更新（最新でないバージョン・非推奨／廃止ブランチ・マネージド更新の有無）',
    en: 'Elastic Beanstalk environments behind their platform branch, on deprecated or retired branches, with managed update status',
  },
  async *scan(ctx) {
    // Gate: Elastic Beanstalk runs every environment's instances in an Auto Scaling group of the
    // account and region (single-instance environments too), which ami-release lists anyway.
    if ((await autoScalingGroups(ctx)).length === 0) return;
    const eb = ctx.client(ElasticBeanstalkClient);
    const platforms = new Map<string, PlatformDescription | null>();
    const latestOfBranch = new Map<string, PlatformSummary | null>();
    for (const env of await environments(eb)) {
      if (!env.EnvironmentName || !env.PlatformArn || GONE.has(env.Status ?? '')) continue;
      let platform = platforms.get(env.PlatformArn);
      if (platform === undefined) {
        platform = await describePlatform(eb, env.PlatformArn);
        platforms.set(env.PlatformArn, platform);
      }
      // Custom platforms and pre-branch platforms have no branch to compare with.
      const branch = platform?.PlatformBranchName;
      if (!platform || !branch) continue;
      let latest = latestOfBranch.get(branch);
      if (latest === undefined) {
        latest = await newestInBranch(eb, branch);
        latestOfBranch.set(branch, latest);
      }
      const isLatest =
        platform.PlatformLifecycleState === 'Recommended' ||
        latest?.PlatformArn === env.PlatformArn ||
        !latest;
      const branchState = platform.PlatformBranchLifecycleState ?? null;
      const branchEnding = branchState !== null && ENDING_BRANCH.has(branchState);
      if (isLatest && !branchEnding) continue;
      const managed = await managedUpdates(eb, env);
      const reasons = [
        ...(branchEnding ? [`branch-${branchState.toLowerCase()}`] : []),
        ...(isLatest ? [] : ['not-latest']),
      ];
      yield {
        kind: KIND,
        resource: env.EnvironmentArn ?? env.EnvironmentName,
        eventDate: null,
        title: branchEnding
          ? `Elastic Beanstalk ${env.EnvironmentName}: platform branch ${branchState} (${branch})`
          : `Elastic Beanstalk ${env.EnvironmentName}: ${branch} ${platform.PlatformVersion} → ${latest?.PlatformVersion}`,
        evidence: {
          environmentName: env.EnvironmentName,
          environmentId: orNull(env.EnvironmentId),
          applicationName: orNull(env.ApplicationName),
          platformArn: env.PlatformArn,
          platformBranch: branch,
          platformVersion: orNull(platform.PlatformVersion),
          branchLifecycleState: branchState,
          latestPlatformVersion: orNull(latest?.PlatformVersion),
          latestPlatformArn: orNull(latest?.PlatformArn),
          reasons,
          managedUpdatesEnabled: managed,
        },
      };
    }
  },
};

/** Every environment of the region (DescribeEnvironments has no paginator in the SDK). */
async function environments(eb: ElasticBeanstalkClient): Promise<EnvironmentDescription[]> {
  const out: EnvironmentDescription[] = [];
  let token: string | undefined;
  do {
    const page = await eb.send(
      new DescribeEnvironmentsCommand({ IncludeDeleted: false, MaxRecords: 1000, NextToken: token }),
    );
    out.push(...(page.Environments ?? []));
    token = page.NextToken;
  } while (token);
  return out;
}

async function describePlatform(
  eb: ElasticBeanstalkClient,
  arn: string,
): Promise<PlatformDescription | null> {
  try {
    const out = await eb.send(new DescribePlatformVersionCommand({ PlatformArn: arn }));
    return out.PlatformDescription ?? null;
  } catch (error) {
    // A custom platform deleted since the environment was created.
    if (isAwsError(error, 'InvalidParameterValue')) return null;
    throw error;
  }
}

/** The branch's Recommended version (AWS marks the newest so), else the highest version number. */
async function newestInBranch(eb: ElasticBeanstalkClient, branch: string): Promise<PlatformSummary | null> {
  const pages = paginateListPlatformVersions(
    { client: eb, pageSize: 100 },
    { Filters: [{ Type: 'PlatformBranchName', Operator: '=', Values: [branch] }] },
  );
  const versions = await allPageItems(pages, (page) => page.PlatformSummaryList);
  return (
    versions.find((v) => v.PlatformLifecycleState === 'Recommended') ??
    versions.sort((a, b) =>
      versionKey(b.PlatformVersion ?? '').localeCompare(versionKey(a.PlatformVersion ?? '')),
    )[0] ??
    null
  );
}

/** aws:elasticbeanstalk:managedactions ManagedActionsEnabled; null when the settings do not say. */
async function managedUpdates(
  eb: ElasticBeanstalkClient,
  env: EnvironmentDescription,
): Promise<boolean | null> {
  if (!env.ApplicationName) return null;
  const out = await eb.send(
    new DescribeConfigurationSettingsCommand({
      ApplicationName: env.ApplicationName,
      EnvironmentName: env.EnvironmentName,
    }),
  );
  const option = (out.ConfigurationSettings ?? [])
    .flatMap((c) => c.OptionSettings ?? [])
    .find(
      (o) =>
        o.Namespace === 'aws:elasticbeanstalk:managedactions' && o.OptionName === 'ManagedActionsEnabled',
    );
  return option?.Value === undefined ? null : option.Value.toLowerCase() === 'true';
}
