import {
  DescribeVpnConnectionsCommand,
  EC2Client,
  GetVpnTunnelReplacementStatusCommand,
  type VpnConnection,
} from '@aws-sdk/client-ec2';
import type { JsonObject } from '../../core/types.js';
import { isoOrNull, orNull, withinHorizon } from '../support.js';
import type { ScanContext, Scanner } from '../types.js';

const KIND = 'vpn-maintenance';

/**
 * Site-to-Site VPN connections whose redundancy a maintenance would break: a tunnel DOWN (so
 * only one, or none, carries traffic), and tunnel endpoint replacements AWS has scheduled
 * (GetVpnTunnelReplacementStatus: MaintenanceAutoAppliedAfter is the date that matters).
 * Connections with both tunnels UP and nothing pending are healthy and not reported.
 */
export const vpnMaintenance: Scanner = {
  id: 'vpn-maintenance',
  eventKinds: [KIND],
  scope: 'regional',
  permissions: ['ec2:DescribeVpnConnections', 'ec2:GetVpnTunnelReplacementStatus'],
  summary: {
    ja: 'Site-to-Site VPN のトンネル停止・片側トンネル運用と、予定されたトンネルのメンテナンス',
    en: 'Site-to-Site VPN connections with a tunnel down or one tunnel in use, and scheduled tunnel maintenance',
  },
  async *scan(ctx) {
    // DescribeVpnConnections is not paginated: one call returns every connection of the region.
    const connections = (await ctx.client(EC2Client).send(new DescribeVpnConnectionsCommand({})))
      .VpnConnections;
    for (const connection of connections ?? []) {
      if (connection.State !== 'available' || !connection.VpnConnectionId) continue;
      const finding = await assess(ctx, connection);
      if (finding) yield finding;
    }
  },
};

async function assess(ctx: ScanContext, c: VpnConnection) {
  const ec2 = ctx.client(EC2Client);
  const id = c.VpnConnectionId as string;
  const telemetry = c.VgwTelemetry ?? [];
  const ips = [
    ...new Set([
      ...telemetry.map((t) => t.OutsideIpAddress),
      ...(c.Options?.TunnelOptions ?? []).map((t) => t.OutsideIpAddress),
    ]),
  ].filter((ip): ip is string => !!ip);
  const tunnels: JsonObject[] = [];
  const dates: string[] = [];
  for (const ip of ips) {
    const t = telemetry.find((x) => x.OutsideIpAddress === ip);
    const status = await ec2.send(
      new GetVpnTunnelReplacementStatusCommand({ VpnConnectionId: id, VpnTunnelOutsideIpAddress: ip }),
    );
    const pending = status.MaintenanceDetails?.PendingMaintenance || null;
    const appliedAfter = isoOrNull(status.MaintenanceDetails?.MaintenanceAutoAppliedAfter);
    if (pending && appliedAfter) dates.push(appliedAfter);
    tunnels.push({
      outsideIpAddress: ip,
      status: orNull(t?.Status),
      statusMessage: orNull(t?.StatusMessage),
      lastStatusChange: isoOrNull(t?.LastStatusChange),
      acceptedRouteCount: orNull(t?.AcceptedRouteCount),
      pendingMaintenance: pending,
      maintenanceAutoAppliedAfter: pending ? appliedAfter : null,
      lastMaintenanceApplied: isoOrNull(status.MaintenanceDetails?.LastMaintenanceApplied),
    });
  }
  const known = tunnels.filter((t) => t.status !== null);
  const up = known.filter((t) => t.status === 'UP').length;
  const degraded = known.length > 0 && up < 2;
  dates.sort();
  const maintenance = dates.find((d) => withinHorizon(ctx, KIND, d)) ?? null;
  if (!degraded && maintenance === null) return undefined;

  const condition =
    known.length > 0 && up === 0 ? 'all-tunnels-down' : degraded ? 'single-tunnel' : 'redundant';
  const name = c.Tags?.find((t) => t.Key === 'Name')?.Value;
  const what =
    condition === 'all-tunnels-down'
      ? 'all tunnels DOWN'
      : condition === 'single-tunnel'
        ? `${up} of ${known.length} tunnels UP`
        : 'both tunnels UP';
  return {
    kind: KIND,
    resource: id,
    eventDate: maintenance,
    title: maintenance
      ? `VPN connection ${id}: tunnel maintenance after ${maintenance.slice(0, 10)} (${what})`
      : `VPN connection ${id}: ${what}`,
    evidence: {
      vpnConnectionId: id,
      name: orNull(name),
      vpnGatewayId: orNull(c.VpnGatewayId),
      transitGatewayId: orNull(c.TransitGatewayId),
      customerGatewayId: orNull(c.CustomerGatewayId),
      staticRoutesOnly: orNull(c.Options?.StaticRoutesOnly),
      condition,
      tunnelsUp: up,
      tunnelCount: tunnels.length,
      // A maintenance takes one tunnel at a time: only a connection with both tunnels UP rides it out.
      redundant: !degraded,
      maintenanceAutoAppliedAfter: maintenance,
      tunnels,
    },
  };
}
