import { z } from 'zod';
import { applyFilters, tagList } from './filters.js';
import { arn, defineService, stableId } from './types.js';

const DIRECTIONS: Readonly<Record<string, string>> = {
  northeast: 'ne',
  northwest: 'nw',
  southeast: 'se',
  southwest: 'sw',
  central: 'c',
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
};

/** `ap-northeast-1` → `apne1`, `us-east-1` → `use1`: the prefix of the region's AZ IDs. */
export function azIdPrefix(region: string): string {
  const [area = '', direction = '', number = ''] = region.split('-');
  return `${area}${DIRECTIONS[direction] ?? direction.slice(0, 1)}${number}`;
}

const subnet = z.object({
  /** Default: a stable id from the account, region and position. */
  id: z.string().optional(),
  /** Zone letter (`a`, `b`...) or full zone name, as the account sees it. */
  zone: z.string().default('a'),
  vpcId: z.string().default('vpc-0a1b2c3d4e5f60000'),
  cidr: z.string().default('10.0.0.0/24'),
  tags: z.record(z.string(), z.string()).default({}),
});

const scenario = z.object({
  /**
   * Zone letter → AZ ID as this account maps them (names map to different IDs per account in the
   * older regions). Default: `a`, `c`, `d` → `<prefix>-az1`, `-az2`, `-az3`.
   */
  zones: z.record(z.string().regex(/^[a-z]$/), z.string().regex(/^[a-z]+\d+-az\d+$/)).optional(),
  subnets: z.array(subnet).default([]),
});

export type SandboxZonesData = z.output<typeof scenario>;

export interface SandboxZone {
  readonly name: string;
  readonly id: string;
}

/** The zones (name and AZ ID) of one account-region, sorted by name. */
export function zonesOf(region: string, data: SandboxZonesData | undefined): SandboxZone[] {
  const mapping = data?.zones ?? {
    a: `${azIdPrefix(region)}-az1`,
    c: `${azIdPrefix(region)}-az2`,
    d: `${azIdPrefix(region)}-az3`,
  };
  return Object.entries(mapping)
    .map(([letter, id]) => ({ name: `${region}${letter}`, id }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A zone letter or a full zone name → the full name. */
export function zoneName(region: string, zone: string): string {
  return zone.length > 2 ? zone : `${region}${zone}`;
}

/**
 * EC2 Availability Zones (with this account's name → AZ ID mapping) and subnets. Data under
 * `regions.<region>.ec2zones`; other EC2 files resolve zone IDs with `zonesOf`.
 */
export const ec2zones = defineService({
  name: 'ec2zones',
  model: 'ec2-2016-11-15',
  scope: 'regional',
  scenario,
  handlers: {
    DescribeAvailabilityZones: ({ region, data, input }) => {
      const names = Array.isArray(input.ZoneNames) ? (input.ZoneNames as string[]) : [];
      const ids = Array.isArray(input.ZoneIds) ? (input.ZoneIds as string[]) : [];
      const zones = applyFilters(
        zonesOf(region, data).filter(
          (zone) =>
            (names.length === 0 || names.includes(zone.name)) && (ids.length === 0 || ids.includes(zone.id)),
        ),
        input.Filters,
        { 'zone-name': (zone) => zone.name, 'zone-id': (zone) => zone.id, 'region-name': () => region },
      );
      return {
        AvailabilityZones: zones.map((zone) => ({
          State: 'available',
          OptInStatus: 'opt-in-not-required',
          Messages: [],
          RegionName: region,
          ZoneName: zone.name,
          ZoneId: zone.id,
          GroupName: region,
          NetworkBorderGroup: region,
          ZoneType: 'availability-zone',
        })),
      };
    },
    DescribeSubnets: ({ region, accountId, data, input }) => {
      const zones = zonesOf(region, data);
      const all = data.subnets.map((item, index) => {
        const name = zoneName(region, item.zone);
        return {
          item,
          id: item.id ?? `subnet-${stableId(`${accountId}/${region}/subnet/${index}`)}`,
          zone: name,
          zoneId: zones.find((zone) => zone.name === name)?.id,
        };
      });
      const ids = Array.isArray(input.SubnetIds) ? (input.SubnetIds as string[]) : [];
      const selected = applyFilters(
        all.filter((s) => ids.length === 0 || ids.includes(s.id)),
        input.Filters,
        {
          'availability-zone': (s) => s.zone,
          'availability-zone-id': (s) => s.zoneId,
          'subnet-id': (s) => s.id,
          'vpc-id': (s) => s.item.vpcId,
          state: () => 'available',
        },
        (s) => s.item.tags,
      );
      return {
        Subnets: selected.map((s) => ({
          AvailabilityZone: s.zone,
          AvailabilityZoneId: s.zoneId,
          AvailableIpAddressCount: 251,
          CidrBlock: s.item.cidr,
          DefaultForAz: false,
          MapPublicIpOnLaunch: false,
          State: 'available',
          SubnetId: s.id,
          VpcId: s.item.vpcId,
          OwnerId: accountId,
          AssignIpv6AddressOnCreation: false,
          Ipv6CidrBlockAssociationSet: [],
          Tags: tagList(s.item.tags),
          SubnetArn: arn('ec2', region, accountId, `subnet/${s.id}`),
        })),
      };
    },
  },
});
