import { z } from 'zod';
import { applyFilters, tagList } from './filters.js';
import { publicImages } from './public-amis.js';
import { AwsError, dateSpec, defineService, stableId } from './types.js';

const image = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  /** Owner account id; default: the account that sees it (its own AMI). `amazon` owners carry ImageOwnerAlias. */
  owner: z.string().optional(),
  ownerAlias: z.enum(['amazon', 'aws-marketplace']).optional(),
  createdAt: dateSpec.default('-30d'),
  /** Absent = no deprecation time set. */
  deprecationTime: dateSpec.optional(),
  /** `deregistered` AMIs are not returned at all, as in EC2 once deregistration completes. */
  state: z.enum(['available', 'pending', 'failed', 'disabled', 'deregistered']).default('available'),
  platformDetails: z.string().default('Linux/UNIX'),
  platform: z.literal('windows').optional(),
  architecture: z.enum(['x86_64', 'arm64', 'i386']).default('x86_64'),
  public: z.boolean().default(false),
  tags: z.record(z.string(), z.string()).default({}),
});

const launchTemplate = z.object({
  id: z.string().optional(),
  name: z.string(),
  createdAt: dateSpec.default('-200d'),
  /** Default: the first version. */
  defaultVersion: z.number().int().positive().default(1),
  /** Version 1, 2, ... in order; `imageId` may be `resolve:ssm:<parameter>`. */
  versions: z
    .array(
      z.object({
        imageId: z.string().optional(),
        instanceType: z.string().default('t3.micro'),
        description: z.string().optional(),
      }),
    )
    .min(1),
});

type Data = {
  images: Array<z.output<typeof image>>;
  launchTemplates: Array<z.output<typeof launchTemplate>>;
};

/** EC2 images (the account's own, shared and the official public ones) and launch templates. */
export const ec2images = defineService({
  name: 'ec2images',
  model: 'ec2-2016-11-15',
  scope: 'regional',
  scenario: z.object({
    images: z.array(image).default([]),
    launchTemplates: z.array(launchTemplate).default([]),
  }),
  defaultPageSize: {
    DescribeImages: 1000,
    DescribeLaunchTemplates: 200,
    DescribeLaunchTemplateVersions: 200,
  },
  handlers: {
    DescribeImages: ({ data, accountId, region, now, date, input }) => {
      const includeDeprecated = input.IncludeDeprecated === true;
      const includeDisabled = input.IncludeDisabled === true;
      const ids = Array.isArray(input.ImageIds) ? (input.ImageIds as string[]) : [];
      const owners = Array.isArray(input.Owners) ? (input.Owners as string[]) : [];
      const own = data.images
        .filter((i) => i.state !== 'deregistered')
        .map((i) => ({
          ImageId: i.id,
          Name: i.name,
          Description: i.description,
          OwnerId: i.owner ?? accountId,
          ImageOwnerAlias: i.ownerAlias,
          CreationDate: date(i.createdAt).toISOString(),
          DeprecationTime: i.deprecationTime ? date(i.deprecationTime).toISOString() : undefined,
          State: i.state,
          PlatformDetails: i.platformDetails,
          Platform: i.platform,
          Architecture: i.architecture,
          Public: i.public,
          tags: i.tags,
        }));
      const official = publicImages(region, now).map((p) => ({
        ImageId: p.imageId,
        Name: p.name,
        Description: p.description,
        OwnerId: p.ownerId,
        ImageOwnerAlias: p.ownerAlias,
        CreationDate: p.createdAt.toISOString(),
        DeprecationTime: p.deprecationTime.toISOString(),
        State: 'available',
        PlatformDetails: p.platformDetails,
        Platform: p.platform,
        Architecture: p.architecture,
        Public: true,
        tags: {} as Record<string, string>,
      }));
      const all = [...own, ...official];
      for (const id of ids) {
        if (!/^ami-[0-9a-f]{8,17}$/.test(id))
          throw new AwsError('InvalidAMIID.Malformed', `Invalid id: "${id}"`);
        if (!all.some((i) => i.ImageId === id))
          throw new AwsError('InvalidAMIID.NotFound', `The image id '[${id}]' does not exist`);
      }
      const visible = all.filter((i) => {
        if (ids.length > 0 && !ids.includes(i.ImageId)) return false;
        if (
          owners.length > 0 &&
          !owners.some(
            (o) => o === i.OwnerId || o === i.ImageOwnerAlias || (o === 'self' && i.OwnerId === accountId),
          )
        )
          return false;
        // Deprecated and disabled AMIs are left out unless asked for (or named by id, for deprecated ones).
        const deprecated = i.DeprecationTime !== undefined && Date.parse(i.DeprecationTime) <= now.getTime();
        if (deprecated && !includeDeprecated && ids.length === 0) return false;
        if (i.State === 'disabled' && !includeDisabled) return false;
        return true;
      });
      const filtered = applyFilters(
        visible,
        input.Filters,
        {
          'image-id': (i) => i.ImageId,
          name: (i) => i.Name,
          'owner-id': (i) => i.OwnerId,
          'owner-alias': (i) => i.ImageOwnerAlias,
          state: (i) => i.State,
          architecture: (i) => i.Architecture,
        },
        (i) => i.tags,
      );
      return {
        Images: filtered.map(({ tags, ...i }) => ({
          ...i,
          ImageType: 'machine',
          RootDeviceType: 'ebs',
          RootDeviceName: '/dev/xvda',
          VirtualizationType: 'hvm',
          Hypervisor: 'xen',
          EnaSupport: true,
          UsageOperation: i.Platform === 'windows' ? 'RunInstances:0002' : 'RunInstances',
          Tags: tagList(tags),
        })),
      };
    },
    DescribeLaunchTemplates: ({ data, accountId, region, date, input }) => {
      const ids = (input.LaunchTemplateIds as string[] | undefined) ?? [];
      const names = (input.LaunchTemplateNames as string[] | undefined) ?? [];
      return {
        LaunchTemplates: templates(data, accountId, region)
          .filter(
            (t) =>
              (ids.length === 0 || ids.includes(t.id)) && (names.length === 0 || names.includes(t.lt.name)),
          )
          .map(({ lt, id }) => ({
            LaunchTemplateId: id,
            LaunchTemplateName: lt.name,
            CreateTime: date(lt.createdAt),
            CreatedBy: `arn:aws:iam::${accountId}:role/infra-deployer`,
            DefaultVersionNumber: lt.defaultVersion,
            LatestVersionNumber: lt.versions.length,
          })),
      };
    },
    DescribeLaunchTemplateVersions: ({ data, accountId, region, now, date, input }) => {
      const all = templates(data, accountId, region);
      const byId = input.LaunchTemplateId as string | undefined;
      const byName = input.LaunchTemplateName as string | undefined;
      const versions = (input.Versions as string[] | undefined) ?? [];
      const chosen = byId || byName ? all.filter((t) => t.id === byId || t.lt.name === byName) : all;
      if ((byId || byName) && chosen.length === 0) {
        throw new AwsError(
          'InvalidLaunchTemplateId.NotFound',
          `The specified launch template, with template ID ${byId ?? byName}, does not exist.`,
        );
      }
      if (!byId && !byName && versions.some((v) => v !== '$Latest' && v !== '$Default')) {
        throw new AwsError(
          'InvalidParameterCombination',
          'Specific version numbers need a launch template ID or name.',
        );
      }
      const official = publicImages(region, now);
      const out = chosen.flatMap(({ lt, id }) =>
        lt.versions
          .map((v, index) => ({ v, number: index + 1 }))
          .filter(
            ({ number }) =>
              versions.length === 0 ||
              versions.includes(String(number)) ||
              (versions.includes('$Latest') && number === lt.versions.length) ||
              (versions.includes('$Default') && number === lt.defaultVersion),
          )
          .map(({ v, number }) => {
            const alias = v.imageId?.startsWith('resolve:ssm:')
              ? v.imageId.slice('resolve:ssm:'.length)
              : undefined;
            const resolved =
              alias && input.ResolveAlias === true
                ? official.find((p) => p.parameter === alias)?.imageId
                : undefined;
            return {
              LaunchTemplateId: id,
              LaunchTemplateName: lt.name,
              VersionNumber: number,
              VersionDescription: v.description,
              CreateTime: date(lt.createdAt),
              CreatedBy: `arn:aws:iam::${accountId}:role/infra-deployer`,
              DefaultVersion: number === lt.defaultVersion,
              LaunchTemplateData: { ImageId: resolved ?? v.imageId, InstanceType: v.instanceType },
            };
          }),
      );
      return { LaunchTemplateVersions: out };
    },
  },
});

function templates(data: Data, accountId: string, region: string) {
  return data.launchTemplates.map((lt, index) => ({
    lt,
    id: lt.id ?? `lt-${stableId(`${accountId}/${region}/lt/${index}`)}`,
  }));
}
