import { z } from 'zod';
import { applyFilters, tagList } from './filters.js';
import { AwsError, dateSpec, defineService, stableId } from './types.js';

const tunnel = z.object({
  /** Default: a stable address from the connection and the tunnel's position. */
  outsideIp: z.string().optional(),
  status: z.enum(['UP', 'DOWN']).default('UP'),
  statusMessage: z.string().optional(),
  lastStatusChange: dateSpec.default('-10d'),
  acceptedRouteCount: z.number().int().min(0).default(2),
  /** MaintenanceDetails of GetVpnTunnelReplacementStatus. */
  pendingMaintenance: z.string().optional(),
  maintenanceAutoAppliedAfter: dateSpec.optional(),
  lastMaintenanceApplied: dateSpec.optional(),
});

const connection = z.object({
  id: z.string().optional(),
  state: z.enum(['pending', 'available', 'deleting', 'deleted']).default('available'),
  customerGatewayId: z.string().default('cgw-0123456789abcdef0'),
  /** A virtual private gateway, or a transit gateway (`transitGatewayId`). */
  vpnGatewayId: z.string().optional(),
  transitGatewayId: z.string().optional(),
  staticRoutesOnly: z.boolean().default(false),
  /** Site-to-Site VPN always has two tunnels; their telemetry and maintenance. */
  tunnels: z.array(tunnel).default(() => [tunnel.parse({}), tunnel.parse({})]),
  tags: z.record(z.string(), z.string()).default({}),
});

type Connection = z.output<typeof connection>;

function view(c: Connection, index: number, accountId: string, region: string) {
  const id = c.id ?? `vpn-${stableId(`${accountId}/${region}/vpn/${index}`)}`;
  const seed = Number.parseInt(stableId(id, 4), 16);
  const tunnels = c.tunnels.map((t, i) => ({
    ...t,
    outsideIp: t.outsideIp ?? `52.${(seed >> 8) % 256}.${seed % 256}.${10 + i}`,
  }));
  const vgw = c.vpnGatewayId ?? (c.transitGatewayId ? undefined : `vgw-${stableId(`${id}/vgw`)}`);
  return { c, id, tunnels, vgw };
}

/** Site-to-Site VPN (an EC2 API): DescribeVpnConnections with tunnel telemetry, GetVpnTunnelReplacementStatus. */
export const vpn = defineService({
  name: 'vpn',
  model: 'ec2-2016-11-15',
  scope: 'regional',
  scenario: z.object({ connections: z.array(connection).default([]) }),
  handlers: {
    DescribeVpnConnections: ({ data, accountId, region, input, date }) => {
      const all = data.connections.map((c, i) => view(c, i, accountId, region));
      const ids = Array.isArray(input.VpnConnectionIds) ? (input.VpnConnectionIds as string[]) : [];
      for (const id of ids) {
        if (!all.some((v) => v.id === id)) {
          throw new AwsError(
            'InvalidVpnConnectionID.NotFound',
            `The vpnConnection ID '${id}' does not exist`,
          );
        }
      }
      const selected = applyFilters(
        all.filter((v) => ids.length === 0 || ids.includes(v.id)),
        input.Filters,
        {
          state: (v) => v.c.state,
          'vpn-connection-id': (v) => v.id,
          'vpn-gateway-id': (v) => v.c.vpnGatewayId,
          'transit-gateway-id': (v) => v.c.transitGatewayId,
          'customer-gateway-id': (v) => v.c.customerGatewayId,
        },
        (v) => v.c.tags,
      );
      return {
        VpnConnections: selected.map(({ c, id, tunnels, vgw }) => ({
          CustomerGatewayId: c.customerGatewayId,
          Category: 'VPN',
          State: c.state,
          Type: 'ipsec.1',
          VpnConnectionId: id,
          VpnGatewayId: vgw,
          TransitGatewayId: c.transitGatewayId,
          GatewayAssociationState: c.state === 'available' ? 'associated' : 'disassociated',
          Options: {
            EnableAcceleration: false,
            StaticRoutesOnly: c.staticRoutesOnly,
            LocalIpv4NetworkCidr: '0.0.0.0/0',
            RemoteIpv4NetworkCidr: '0.0.0.0/0',
            OutsideIpAddressType: 'PublicIpv4',
            TunnelInsideIpVersion: 'ipv4',
            TunnelOptions: tunnels.map((t, i) => ({
              OutsideIpAddress: t.outsideIp,
              TunnelInsideCidr: `169.254.${(i + 1) * 10}.0/30`,
              IkeVersions: [{ Value: 'ikev2' }],
            })),
          },
          Routes: c.staticRoutesOnly
            ? [{ DestinationCidrBlock: '10.0.0.0/16', Source: 'Static', State: 'available' }]
            : undefined,
          Tags: tagList(c.tags),
          // Telemetry is reported only while the connection exists.
          VgwTelemetry:
            c.state === 'available'
              ? tunnels.map((t) => ({
                  AcceptedRouteCount: t.status === 'UP' ? t.acceptedRouteCount : 0,
                  LastStatusChange: date(t.lastStatusChange),
                  OutsideIpAddress: t.outsideIp,
                  Status: t.status,
                  StatusMessage:
                    t.statusMessage ??
                    (t.status === 'UP' ? `${t.acceptedRouteCount} BGP ROUTES` : 'IPSEC IS DOWN'),
                }))
              : undefined,
        })),
      };
    },
    GetVpnTunnelReplacementStatus: ({ data, accountId, region, input, date }) => {
      const wanted = String(input.VpnConnectionId ?? '');
      const ip = String(input.VpnTunnelOutsideIpAddress ?? '');
      const found = data.connections
        .map((c, i) => view(c, i, accountId, region))
        .find((v) => v.id === wanted);
      if (!found)
        throw new AwsError(
          'InvalidVpnConnectionID.NotFound',
          `The vpnConnection ID '${wanted}' does not exist`,
        );
      const t = found.tunnels.find((x) => x.outsideIp === ip);
      if (!t)
        throw new AwsError('InvalidParameterValue', `Invalid value '${ip}' for VpnTunnelOutsideIpAddress`);
      return {
        VpnConnectionId: found.id,
        TransitGatewayId: found.c.transitGatewayId,
        CustomerGatewayId: found.c.customerGatewayId,
        VpnGatewayId: found.vgw,
        VpnTunnelOutsideIpAddress: ip,
        MaintenanceDetails: {
          PendingMaintenance: t.pendingMaintenance,
          MaintenanceAutoAppliedAfter: t.maintenanceAutoAppliedAfter
            ? date(t.maintenanceAutoAppliedAfter)
            : undefined,
          LastMaintenanceApplied: t.lastMaintenanceApplied ? date(t.lastMaintenanceApplied) : undefined,
        },
      };
    },
  },
});
