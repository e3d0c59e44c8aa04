import {
  DescribeAvailabilityZonesCommand,
  EC2Client,
  paginateDescribeInstances,
  paginateDescribeSubnets,
} from '@aws-sdk/client-ec2';
import type { z } from 'zod';
import type { JsonObject } from '../../core/types.js';
import { loadLifecycleTable, zoneRetirementTable } from '../lifecycle.js';
import { withinHorizon } from '../support.js';
import type { Finding, ScanContext, Scanner } from '../types.js';

const KIND = 'availability-zone-retirement';

type RetiringZone = z.output<typeof zoneRetirementTable>['rows'][number];

/** A retiring zone as this account names it. */
interface AccountZone {
  name: string;
  row: RetiringZone;
  deadline: string;
}

/**
 * Resources left in an Availability Zone AWS retires (subnets and EC2 instances). The zones come
 * from the dated table by AZ ID; DescribeAvailabilityZones says which zone name is that AZ ID in
 * this account, because names map to different physical zones per account.
 */
export const availabilityZoneRetirement: Scanner = {
  id: 'availability-zone-retirement',
  eventKinds: [KIND],
  scope: 'regional',
  permissions: ['ec2:DescribeAvailabilityZones', 'ec2:DescribeInstances', 'ec2:DescribeSubnets'],
  summary: {
    ja: '運用終了するアベイラビリティーゾーン（AZ ID）に残っているサブネットと EC2 インスタンス',
    en: 'Subnets and EC2 instances left in an Availability Zone (AZ ID) that AWS retires',
  },
  async *scan(ctx) {
    const rows = loadLifecycleTable('availability-zone-retirements', zoneRetirementTable).rows.filter(
      (row) => row.region === ctx.region,
    );
    // Most regions retire nothing: no call at all there.
    if (rows.length === 0) return;
    const zones = await retiringZonesOfAccount(ctx, rows);
    if (zones.length === 0) return;
    yield* subnets(ctx, zones);
    yield* instances(ctx, zones);
  },
};

async function retiringZonesOfAccount(ctx: ScanContext, rows: RetiringZone[]): Promise<AccountZone[]> {
  const out = await ctx.client(EC2Client).send(new DescribeAvailabilityZonesCommand({}));
  const zones: AccountZone[] = [];
  for (const zone of out.AvailabilityZones ?? []) {
    const row = rows.find((r) => r.zoneId === zone.ZoneId);
    if (!row || !zone.ZoneName) continue;
    const deadline = `${row.deadline}T00:00:00.000Z`;
    if (withinHorizon(ctx, KIND, deadline)) zones.push({ name: zone.ZoneName, row, deadline });
  }
  return zones;
}

function finding(zone: AccountZone, resource: string, what: string, evidence: JsonObject): Finding {
  return {
    kind: KIND,
    resource,
    eventDate: zone.deadline,
    title: `${what} is in retiring zone ${zone.row.zoneId} (${zone.name}); move it by ${zone.row.deadline}`,
    evidence: {
      zoneId: zone.row.zoneId,
      zoneName: zone.name,
      deadline: zone.row.deadline,
      source: zone.row.source,
      ...evidence,
    },
  };
}

async function* subnets(ctx: ScanContext, zones: AccountZone[]): AsyncGenerator<Finding> {
  const pages = paginateDescribeSubnets(
    { client: ctx.client(EC2Client), pageSize: 1000 },
    { Filters: [{ Name: 'availability-zone-id', Values: zones.map((z) => z.row.zoneId) }] },
  );
  for await (const page of pages) {
    for (const subnet of page.Subnets ?? []) {
      const zone = zones.find((z) => z.row.zoneId === subnet.AvailabilityZoneId);
      if (!subnet.SubnetId || !zone) continue;
      const resource =
        subnet.SubnetArn ?? `arn:aws:ec2:${ctx.region}:${ctx.accountId}:subnet/${subnet.SubnetId}`;
      yield finding(zone, resource, `Subnet ${subnet.SubnetId}`, {
        resourceType: 'subnet',
        id: subnet.SubnetId,
        vpcId: subnet.VpcId ?? null,
        cidrBlock: subnet.CidrBlock ?? null,
        name: subnet.Tags?.find((t) => t.Key === 'Name')?.Value ?? null,
      });
    }
  }
}

async function* instances(ctx: ScanContext, zones: AccountZone[]): AsyncGenerator<Finding> {
  const pages = paginateDescribeInstances(
    { client: ctx.client(EC2Client), pageSize: 1000 },
    {
      Filters: [
        { Name: 'availability-zone', Values: zones.map((z) => z.name) },
        { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
      ],
    },
  );
  for await (const page of pages) {
    for (const instance of (page.Reservations ?? []).flatMap((r) => r.Instances ?? [])) {
      const zone = zones.find((z) => z.name === instance.Placement?.AvailabilityZone);
      if (!instance.InstanceId || !zone || instance.State?.Name === 'terminated') continue;
      const resource = `arn:aws:ec2:${ctx.region}:${ctx.accountId}:instance/${instance.InstanceId}`;
      yield finding(zone, resource, `EC2 instance ${instance.InstanceId}`, {
        resourceType: 'instance',
        id: instance.InstanceId,
        instanceType: instance.InstanceType ?? null,
        state: instance.State?.Name ?? null,
        name: instance.Tags?.find((t) => t.Key === 'Name')?.Value ?? null,
      });
    }
  }
}
