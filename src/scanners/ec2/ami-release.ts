import {
  AutoScalingClient,
  type AutoScalingGroup,
  paginateDescribeLaunchConfigurations,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeLaunchTemplateVersionsCommand,
  EC2Client,
  type Image,
  paginateDescribeLaunchTemplates,
  paginateDescribeLaunchTemplateVersions,
} from '@aws-sdk/client-ec2';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { DAY_MS } from '../../core/time.js';
import { autoScalingGroups, describeImages, ec2Instances, instanceImages } from '../shared.js';
import { isAwsError, isoOrNull, orNull } from '../support.js';
import type { ScanContext, Scanner } from '../types.js';

const KIND = 'ami-release';
/** EC2 accepts up to 200 values per filter. */
/** GetParameters takes at most 10 names. */
const PARAMETER_BATCH = 10;
const SHOWN = 20;

/**
 * Official AMI families and the public SSM parameter of the newest AMI of each, from the AMI name.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/finding-an-ami-parameter-store.html
 */
const FAMILIES: Array<{ pattern: RegExp; parameter: (m: RegExpExecArray) => string }> = [
  {
    pattern: /^al2023-ami-(minimal-)?2023\.[\d.]+-kernel-[\d.]+-(x86_64|arm64)$/,
    parameter: (m) => `/aws/service/ami-amazon-linux-latest/al2023-ami-${m[1] ?? ''}kernel-default-${m[2]}`,
  },
  {
    pattern: /^amzn2-ami-(kernel-5\.10-)?hvm-2\.0\.[\d.]+-(x86_64|arm64)-gp2$/,
    parameter: (m) => `/aws/service/ami-amazon-linux-latest/amzn2-ami-${m[1] ?? ''}hvm-${m[2]}-gp2`,
  },
  {
    pattern: /^(Windows_Server-\d{4}(?:-R2)?-[A-Za-z_]+-(?:Full|Core)-[A-Za-z0-9_]+?)-\d{4}\.\d{2}\.\d{2}$/,
    parameter: (m) => `/aws/service/ami-windows-latest/${m[1]}`,
  },
  {
    pattern: /^ubuntu\/images\/hvm-ssd(-gp3)?\/ubuntu-[a-z]+-(\d{2}\.\d{2})-(amd64|arm64)-server-\d+$/,
    parameter: (m) =>
      `/aws/service/canonical/ubuntu/server/${m[2]}/stable/current/${m[3]}/hvm/${m[1] ? 'ebs-gp3' : 'ebs-gp2'}/ami-id`,
  },
];

interface Usage {
  instances: Set<string>;
  launchTemplates: Set<string>;
  autoScalingGroups: Set<string>;
}

/**
 * AMIs in use — by instances, by the default and latest versions of launch templates and by Auto
 * Scaling groups (launch template or launch configuration) — that are deregistered, disabled,
 * deprecated (or will be within `amiDeprecationLeadDays`), or older than `amiMaxAgeDays`; with
 * the newest official AMI of the same family from the public SSM parameters.
 */
export const amiRelease: Scanner = {
  id: 'ami-release',
  eventKinds: [KIND],
  scope: 'regional',
  permissions: [
    'autoscaling:DescribeAutoScalingGroups',
    'autoscaling:DescribeLaunchConfigurations',
    'ec2:DescribeImages',
    'ec2:DescribeInstances',
    'ec2:DescribeLaunchTemplateVersions',
    'ec2:DescribeLaunchTemplates',
    'ssm:GetParameters',
  ],
  summary: {
    ja: '使用中の AMI（インスタンス・起動テンプレート・Auto Scaling グループ）の非推奨化・登録解除・古さと、最新の公式 AMI',
    en: 'AMIs in use (instances, launch templates, Auto Scaling groups) that are deprecated, deregistered or old, with the newest official AMI',
  },
  async *scan(ctx) {
    const maxAgeDays = ctx.setting('amiMaxAgeDays', 180);
    const leadDays = ctx.setting('amiDeprecationLeadDays', 90);
    const ec2 = ctx.client(EC2Client);
    const usage = new Map<string, Usage>();
    const use: Use = (imageId, kind, who) => {
      if (!imageId?.startsWith('ami-')) return;
      const u = usage.get(imageId) ?? {
        instances: new Set(),
        launchTemplates: new Set(),
        autoScalingGroups: new Set(),
      };
      u[kind].add(who);
      usage.set(imageId, u);
    };

    for (const i of await ec2Instances(ctx)) use(i.ImageId, 'instances', i.InstanceId as string);
    // Listed even where no instance runs: a template or an Auto Scaling group at zero launches
    // later, and a deregistered AMI fails that launch.
    const aliases = await launchTemplateImages(ec2, use);
    await autoScalingImages(await autoScalingGroups(ctx), ctx.client(AutoScalingClient), ec2, aliases, use);
    if (usage.size === 0) return;

    const ids = [...usage.keys()].sort();
    // The instances' AMIs are read once for this scanner and os-end-of-support; only AMIs that
    // no instance runs (templates, groups) are asked here.
    const running = ids.some((id) => (usage.get(id) as Usage).instances.size > 0);
    const others = ids.filter((id) => (usage.get(id) as Usage).instances.size === 0);
    const images = new Map([
      ...(running ? await instanceImages(ctx) : []),
      ...(others.length > 0 ? await describeImages(ec2, others) : []),
    ]);
    const now = ctx.now.getTime();
    const flagged = flagImages(ids, images, now, leadDays * DAY_MS, maxAgeDays * DAY_MS);
    if (flagged.length === 0) return;
    const newest = await newestOfficialImages(ctx, flagged);

    for (const { id, image, conditions, parameter } of flagged) {
      const u = usage.get(id) as Usage;
      const latest = parameter ? newest.get(parameter) : undefined;
      const instances = [...u.instances].sort();
      const deprecation = isoOrNull(image?.DeprecationTime);
      yield {
        kind: KIND,
        resource: id,
        eventDate: deprecation,
        title: `AMI ${id}${image?.Name ? ` (${image.Name})` : ''}: ${conditions.join(', ')}`,
        evidence: {
          imageId: id,
          name: orNull(image?.Name),
          description: orNull(image?.Description),
          ownerId: orNull(image?.OwnerId),
          ownerAlias: orNull(image?.ImageOwnerAlias),
          state: image ? orNull(image.State) : 'not-found',
          creationDate: isoOrNull(image?.CreationDate),
          deprecationTime: deprecation,
          ageDays: image?.CreationDate ? Math.floor((now - Date.parse(image.CreationDate)) / DAY_MS) : null,
          conditions,
          maxAgeDays,
          instanceCount: instances.length,
          instances: instances.slice(0, SHOWN),
          launchTemplates: [...u.launchTemplates].sort(),
          autoScalingGroups: [...u.autoScalingGroups].sort(),
          officialParameter: parameter,
          newestOfficialImageId: latest?.imageId ?? null,
          newestOfficialReleased: latest?.lastModified ?? null,
        },
      };
    }
  },
};

/** Records that `who` (an instance, a template version, a group) uses `imageId`. */
type Use = (imageId: string | undefined, kind: keyof Usage, who: string) => void;

interface TemplateAliases {
  /** Launch template name → id. */
  templateIds: Map<string, string>;
  /** `<template id>:$Default` / `:$Latest` → AMI id, for Auto Scaling groups that follow those aliases. */
  aliasImages: Map<string, string | undefined>;
}

interface Flagged {
  id: string;
  image?: Image;
  conditions: string[];
  parameter: string | null;
}

/** Every template's $Default and $Latest in one listing; ResolveAlias turns resolve:ssm: references into AMI ids. */
async function launchTemplateImages(ec2: EC2Client, use: Use): Promise<TemplateAliases> {
  const templates = new Map<string, { name: string; defaultVersion?: number; latestVersion?: number }>();
  const templateIds = new Map<string, string>();
  for await (const page of paginateDescribeLaunchTemplates({ client: ec2, pageSize: 200 }, {})) {
    for (const t of page.LaunchTemplates ?? []) {
      if (!t.LaunchTemplateId) continue;
      templates.set(t.LaunchTemplateId, {
        name: t.LaunchTemplateName ?? t.LaunchTemplateId,
        defaultVersion: t.DefaultVersionNumber,
        latestVersion: t.LatestVersionNumber,
      });
      if (t.LaunchTemplateName) templateIds.set(t.LaunchTemplateName, t.LaunchTemplateId);
    }
  }
  const aliasImages = new Map<string, string | undefined>();
  if (templates.size === 0) return { templateIds, aliasImages };
  for await (const page of paginateDescribeLaunchTemplateVersions(
    { client: ec2, pageSize: 200 },
    { Versions: ['$Default', '$Latest'], ResolveAlias: true },
  )) {
    for (const v of page.LaunchTemplateVersions ?? []) {
      const t = v.LaunchTemplateId ? templates.get(v.LaunchTemplateId) : undefined;
      const labels = [
        ...(v.DefaultVersion || t?.defaultVersion === v.VersionNumber ? ['$Default'] : []),
        ...(t?.latestVersion === v.VersionNumber ? ['$Latest'] : []),
      ];
      for (const label of labels)
        aliasImages.set(`${v.LaunchTemplateId}:${label}`, v.LaunchTemplateData?.ImageId);
      use(
        v.LaunchTemplateData?.ImageId,
        'launchTemplates',
        `${v.LaunchTemplateName ?? v.LaunchTemplateId}:${labels.join('/') || 'version'} (v${v.VersionNumber})`,
      );
    }
  }
  return { templateIds, aliasImages };
}

/** Auto Scaling groups' AMIs, through their launch template (alias or pinned version) or launch configuration. */
async function autoScalingImages(
  groups: readonly AutoScalingGroup[],
  autoscaling: AutoScalingClient,
  ec2: EC2Client,
  { templateIds, aliasImages }: TemplateAliases,
  use: Use,
): Promise<void> {
  const byConfiguration = new Map<string, string[]>();
  for (const g of groups) {
    const name = g.AutoScalingGroupName ?? '';
    const spec = g.LaunchTemplate ?? g.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
    if (g.LaunchConfigurationName) {
      byConfiguration.set(g.LaunchConfigurationName, [
        ...(byConfiguration.get(g.LaunchConfigurationName) ?? []),
        name,
      ]);
    } else if (spec) {
      const version = spec.Version ?? '$Default';
      const id = spec.LaunchTemplateId ?? templateIds.get(spec.LaunchTemplateName ?? '');
      const alias = id ? aliasImages.get(`${id}:${version}`) : undefined;
      if (alias) {
        use(alias, 'autoScalingGroups', name);
        continue;
      }
      // A pinned version number needs its own call (the listing has only $Default and $Latest).
      for (const imageId of await pinnedVersionImages(
        ec2,
        spec.LaunchTemplateId,
        spec.LaunchTemplateName,
        version,
      )) {
        use(imageId, 'autoScalingGroups', name);
      }
    }
  }
  if (byConfiguration.size === 0) return;
  for await (const page of paginateDescribeLaunchConfigurations({ client: autoscaling, pageSize: 100 }, {})) {
    for (const c of page.LaunchConfigurations ?? []) {
      for (const group of byConfiguration.get(c.LaunchConfigurationName ?? '') ?? [])
        use(c.ImageId, 'autoScalingGroups', group);
    }
  }
}

/** The AMIs in use that are gone, disabled, deprecated (or soon), or too old, with their family's parameter. */
function flagImages(
  ids: string[],
  images: Map<string, Image>,
  now: number,
  leadMs: number,
  maxAgeMs: number,
): Flagged[] {
  const flagged: Flagged[] = [];
  for (const id of ids) {
    const image = images.get(id);
    const conditions: string[] = [];
    if (!image) conditions.push('deregistered');
    else {
      if (image.State === 'disabled') conditions.push('disabled');
      const deprecation = isoOrNull(image.DeprecationTime);
      if (deprecation && Date.parse(deprecation) <= now) conditions.push('deprecated');
      else if (deprecation && Date.parse(deprecation) <= now + leadMs)
        conditions.push('deprecation-scheduled');
      const created = isoOrNull(image.CreationDate);
      if (created && Date.parse(created) < now - maxAgeMs) conditions.push('older-than-threshold');
    }
    if (conditions.length === 0) continue;
    flagged.push({ id, image, conditions, parameter: familyParameter(image?.Name) });
  }
  return flagged;
}

/** The newest official AMI of each flagged family, from its public SSM parameter. */
async function newestOfficialImages(
  ctx: ScanContext,
  flagged: Flagged[],
): Promise<Map<string, { imageId: string | null; lastModified: string | null }>> {
  const newest = new Map<string, { imageId: string | null; lastModified: string | null }>();
  const parameters = [
    ...new Set(flagged.map((f) => f.parameter).filter((p): p is string => p !== null)),
  ].sort();
  if (parameters.length === 0) return newest;
  const ssm = ctx.client(SSMClient);
  for (let i = 0; i < parameters.length; i += PARAMETER_BATCH) {
    const out = await ssm.send(new GetParametersCommand({ Names: parameters.slice(i, i + PARAMETER_BATCH) }));
    for (const p of out.Parameters ?? []) {
      if (p.Name)
        newest.set(p.Name, { imageId: orNull(p.Value), lastModified: isoOrNull(p.LastModifiedDate) });
    }
  }
  return newest;
}

/** Template ids and names, and version numbers, AWS no longer knows: the group cannot launch, but that is not ours to report. */
const GONE_TEMPLATE = [
  'InvalidLaunchTemplateId.NotFound',
  'InvalidLaunchTemplateName.NotFoundException',
  'InvalidLaunchTemplateId.VersionNotFound',
];

async function pinnedVersionImages(
  ec2: EC2Client,
  id: string | undefined,
  name: string | undefined,
  version: string,
): Promise<Array<string | undefined>> {
  try {
    const out = await ec2.send(
      new DescribeLaunchTemplateVersionsCommand({
        ...(id ? { LaunchTemplateId: id } : { LaunchTemplateName: name }),
        Versions: [version],
        ResolveAlias: true,
      }),
    );
    return (out.LaunchTemplateVersions ?? []).map((v) => v.LaunchTemplateData?.ImageId);
  } catch (error) {
    if (isAwsError(error, ...GONE_TEMPLATE)) return [];
    throw error;
  }
}

function familyParameter(name: string | undefined): string | null {
  if (!name) return null;
  for (const family of FAMILIES) {
    const m = family.pattern.exec(name);
    if (m) return family.parameter(m);
  }
  return null;
}
