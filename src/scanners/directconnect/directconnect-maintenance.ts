import {
  type Connection,
  DescribeConnectionsCommand,
  DescribeLagsCommand,
  DescribeVirtualInterfacesCommand,
  DirectConnectClient,
  type Lag,
  type VirtualInterface,
} from '@aws-sdk/client-direct-connect';
import { appendTo } from '../../core/collections.js';
import { orNull } from '../support.js';
import type { Scanner } from '../types.js';

const KIND = 'directconnect-maintenance';

/** Connections / LAGs that carry traffic; others cannot be hit by a maintenance. */
const LIVE = new Set(['available', 'down']);
const LIVE_VIF = new Set(['available', 'down', 'confirming', 'verifying', 'pending']);

/** A connection that is not in a LAG, or a LAG (its member connections share its AWS device). */
interface Unit {
  id: string;
  name: string | null;
  type: 'connection' | 'lag';
  state: string | null;
  location: string | null;
  bandwidth: string | null;
  device: string | null;
  partnerName: string | null;
  hasLogicalRedundancy: string | null;
}

/**
 * Direct Connect redundancy, which decides how much a maintenance of an AWS device hurts: for each
 * gateway its virtual interfaces reach (Direct Connect gateway, virtual private gateway, or the
 * public AWS network), a connection is at risk when it is the only live connection to that
 * gateway in the region, or when every connection to it ends on the same AWS device. Conditions,
 * not dated events: eventDate is null; the maintenance notices themselves come from AWS Health.
 */
export const directconnectMaintenance: Scanner = {
  id: 'directconnect-maintenance',
  eventKinds: [KIND],
  scope: 'regional',
  permissions: [
    'directconnect:DescribeConnections',
    'directconnect:DescribeLags',
    'directconnect:DescribeVirtualInterfaces',
  ],
  summary: {
    ja: 'Direct Connect の冗長性（単一接続、同一 AWS デバイスを共有する接続）',
    en: 'Direct Connect redundancy (single connections, connections sharing one AWS device)',
  },
  async *scan(ctx) {
    const dx = ctx.client(DirectConnectClient);
    // maxResults / nextToken are recent additions; without them the API returns every connection.
    const connections = await allPages(
      (nextToken) => dx.send(new DescribeConnectionsCommand({ maxResults: 100, nextToken })),
      (page) => page.connections,
    );
    if (connections.length === 0) return; // no Direct Connect here: nothing more to ask
    const lags = await allPages(
      (nextToken) => dx.send(new DescribeLagsCommand({ maxResults: 100, nextToken })),
      (page) => page.lags,
    );
    const vifs = await allPages(
      (nextToken) => dx.send(new DescribeVirtualInterfacesCommand({ maxResults: 100, nextToken })),
      (page) => page.virtualInterfaces,
    );

    const units = unitsOf(connections, lags);
    const paths = gatewayPaths(vifs, ctx.region);
    for (const unit of [...units.values()].sort((a, b) => a.id.localeCompare(b.id))) {
      if (!LIVE.has(unit.state ?? '')) continue;
      const risks = risksOf(unit, paths, units);
      const first = risks[0];
      if (!first) continue; // redundant, or carries no virtual interface
      const what =
        first.condition === 'connection-down'
          ? 'is down'
          : first.condition === 'single-connection'
            ? 'has no redundant connection'
            : `shares AWS device ${first.devices[0]} with its redundant connections`;
      yield {
        kind: KIND,
        resource: unit.id,
        eventDate: null,
        title: `Direct Connect ${unit.type === 'lag' ? 'LAG' : 'connection'} ${unit.id}${unit.name ? ` (${unit.name})` : ''} ${what}`,
        evidence: {
          id: unit.id,
          type: unit.type,
          name: unit.name,
          state: unit.state,
          location: unit.location,
          bandwidth: unit.bandwidth,
          awsDevice: unit.device,
          partnerName: unit.partnerName,
          hasLogicalRedundancy: unit.hasLogicalRedundancy,
          condition: first.condition,
          paths: risks,
        },
      };
    }
  },
};

/** Every page's items, in order (the Direct Connect lists page with `nextToken`). */
async function allPages<P extends { nextToken?: string }, T>(
  fetch: (nextToken: string | undefined) => Promise<P>,
  items: (page: P) => T[] | undefined,
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const page: P = await fetch(token);
    out.push(...(items(page) ?? []));
    token = page.nextToken;
  } while (token);
  return out;
}

/** Connections outside a LAG, and LAGs, by id. */
function unitsOf(connections: Connection[], lags: Lag[]): Map<string, Unit> {
  const units = new Map<string, Unit>();
  for (const c of connections) {
    if (!c.connectionId || c.lagId) continue;
    units.set(c.connectionId, {
      id: c.connectionId,
      name: orNull(c.connectionName),
      type: 'connection',
      state: orNull(c.connectionState),
      location: orNull(c.location),
      bandwidth: orNull(c.bandwidth),
      device: c.awsDeviceV2 ?? c.awsLogicalDeviceId ?? c.awsDevice ?? null,
      partnerName: orNull(c.partnerName),
      hasLogicalRedundancy: orNull(c.hasLogicalRedundancy),
    });
  }
  for (const l of lags) {
    if (!l.lagId) continue;
    units.set(l.lagId, {
      id: l.lagId,
      name: orNull(l.lagName),
      type: 'lag',
      state: orNull(l.lagState),
      location: orNull(l.location),
      bandwidth: orNull(l.connectionsBandwidth),
      device: l.awsDeviceV2 ?? l.awsLogicalDeviceId ?? l.awsDevice ?? null,
      partnerName: null,
      hasLogicalRedundancy: orNull(l.hasLogicalRedundancy),
    });
  }
  return units;
}

/** gateway → unit id → its live virtual interfaces to that gateway. */
function gatewayPaths(vifs: VirtualInterface[], region: string): Map<string, Map<string, string[]>> {
  const paths = new Map<string, Map<string, string[]>>();
  for (const v of vifs) {
    if (!v.connectionId || !LIVE_VIF.has(v.virtualInterfaceState ?? '')) continue;
    const gateway = v.directConnectGatewayId ?? v.virtualGatewayId ?? `public:${v.region ?? region}`;
    const byUnit = paths.get(gateway) ?? new Map<string, string[]>();
    appendTo(byUnit, v.connectionId, v.virtualInterfaceId ?? '');
    paths.set(gateway, byUnit);
  }
  return paths;
}

/** A type, not an interface: evidence must be assignable to JsonObject. */
type Risk = {
  gateway: string;
  condition: string;
  connections: string[];
  devices: string[];
  virtualInterfaces: string[];
};

/** The gateways a unit reaches without redundancy, in gateway order. */
function risksOf(unit: Unit, paths: Map<string, Map<string, string[]>>, units: Map<string, Unit>): Risk[] {
  const risks: Risk[] = [];
  for (const [gateway, byUnit] of [...paths.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const mine = byUnit.get(unit.id);
    if (!mine) continue;
    const peers = [...byUnit.keys()]
      .map((id) => units.get(id))
      .filter((u): u is Unit => !!u && u.state === 'available');
    const others = peers.filter((u) => u.id !== unit.id);
    const devices = [...new Set(peers.map((u) => u.device ?? u.id))].sort();
    const condition =
      unit.state === 'down'
        ? 'connection-down'
        : others.length === 0
          ? 'single-connection'
          : devices.length < 2
            ? 'shared-device'
            : null;
    if (!condition) continue;
    risks.push({
      gateway,
      condition,
      connections: peers.map((u) => u.id).sort(),
      devices,
      virtualInterfaces: mine.filter(Boolean).sort(),
    });
  }
  return risks;
}
