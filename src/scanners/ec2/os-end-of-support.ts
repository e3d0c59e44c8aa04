import type { Image } from '@aws-sdk/client-ec2';
import { paginateDescribeInstanceInformation, SSMClient } from '@aws-sdk/client-ssm';
import { loadLifecycleTable, type OsLifecycleRow, osLifecycleTable } from '../lifecycle.js';
import { ec2Instances, instanceImages } from '../shared.js';
import { orNull, withinHorizon } from '../support.js';
import type { Scanner } from '../types.js';

const KIND = 'os-end-of-support';

/**
 * The operating system of each instance — from Systems Manager when the instance is managed
 * (PlatformName / PlatformVersion), else from its AMI (name, description, platform details) —
 * against the OS lifecycle table (data/lifecycle/os.yaml, extendable by the user). Reported when
 * the end of support is within the horizon or already past. An OS the table does not know is
 * not guessed at.
 */
export const osEndOfSupport: Scanner = {
  id: 'os-end-of-support',
  eventKinds: [KIND],
  scope: 'regional',
  permissions: ['ec2:DescribeImages', 'ec2:DescribeInstances', 'ssm:DescribeInstanceInformation'],
  summary: {
    ja: 'EC2 インスタンスの OS のサポート終了（Systems Manager のインベントリまたは AMI から判定）',
    en: 'End of support of the operating system of EC2 instances (from Systems Manager or the AMI)',
  },
  async *scan(ctx) {
    const table = loadLifecycleTable('os', osLifecycleTable);
    const rows = table.rows.map((row) => ({ row, re: new RegExp(row.match, 'i') }));
    const instances = [...(await ec2Instances(ctx))];
    if (instances.length === 0) return;

    const managed = new Map<string, { name: string; version: string; type: string | null }>();
    const ssm = ctx.client(SSMClient);
    // Enrichment: without Systems Manager (refused, or not offered) the AMI still names the OS.
    await ctx.optional('ssm:DescribeInstanceInformation', async () => {
      for await (const page of paginateDescribeInstanceInformation({ client: ssm, pageSize: 50 }, {})) {
        for (const info of page.InstanceInformationList ?? []) {
          if (info.InstanceId && info.PlatformName) {
            managed.set(info.InstanceId, {
              name: info.PlatformName,
              version: info.PlatformVersion ?? '',
              type: orNull(info.PlatformType),
            });
          }
        }
      }
    });

    // The AMI names the OS only where Systems Manager does not: no image is read when all are managed.
    const needImages = instances.some((i) => i.ImageId && !managed.has(i.InstanceId as string));
    const images = needImages ? await instanceImages(ctx) : new Map<string, Image>();

    for (const instance of instances.sort((a, b) =>
      (a.InstanceId as string).localeCompare(b.InstanceId as string),
    )) {
      const id = instance.InstanceId as string;
      const ssmInfo = managed.get(id);
      const image = instance.ImageId ? images.get(instance.ImageId) : undefined;
      // SSM's "PlatformName PlatformVersion" first; else the AMI's name and description, then its platform details.
      const candidates = ssmInfo
        ? [`${ssmInfo.name} ${ssmInfo.version}`.trim()]
        : [image?.Name, image?.Description, image?.PlatformDetails].filter((t): t is string => !!t);
      const source = ssmInfo ? 'ssm' : 'ami';
      let hit: { row: OsLifecycleRow; detected: string } | undefined;
      for (const text of candidates) {
        const match = rows.find((r) => r.re.test(text));
        if (match) {
          hit = { row: match.row, detected: text };
          break;
        }
      }
      if (!hit) continue;
      const end = `${hit.row.endOfSupport}T00:00:00.000Z`;
      if (!withinHorizon(ctx, KIND, end)) continue;
      const past = Date.parse(end) <= ctx.now.getTime();
      const name = instance.Tags?.find((t) => t.Key === 'Name')?.Value;
      yield {
        kind: KIND,
        resource: id,
        eventDate: end,
        title: `EC2 instance ${id}${name ? ` (${name})` : ''}: ${hit.row.name} ${past ? 'ended support on' : 'ends support on'} ${hit.row.endOfSupport}`,
        evidence: {
          instanceId: id,
          name: orNull(name),
          instanceState: orNull(instance.State?.Name),
          imageId: orNull(instance.ImageId),
          source,
          detected: hit.detected,
          os: hit.row.name,
          family: hit.row.family,
          version: hit.row.version,
          endOfStandardSupport: hit.row.endOfStandardSupport,
          endOfSupport: hit.row.endOfSupport,
          endOfExtendedSupport: hit.row.endOfExtendedSupport,
          pastEndOfSupport: past,
          lifecycleSource: hit.row.source,
          lifecycleAsOf: table.asOf,
        },
      };
    }
  },
};
