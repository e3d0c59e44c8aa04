import { z } from 'zod';
import { AwsError, defineService, stableId } from './types.js';

const connection = z.object({
  id: z.string().optional(),
  name: z.string().default('dx-connection'),
  state: z
    .enum([
      'ordering',
      'requested',
      'pending',
      'available',
      'down',
      'deleting',
      'deleted',
      'rejected',
      'unknown',
    ])
    .default('available'),
  /** Direct Connect location code (EqTY2 = Equinix TY2 Tokyo, AT Tokyo CC2 = ATTKY2...). */
  location: z.string().default('EqTY2'),
  bandwidth: z.string().default('1Gbps'),
  /** The AWS device terminating the connection (awsDeviceV2); connections on one device share its maintenance. */
  device: z.string().default('EqTY2-2a1b3c4d5e6f7'),
  logicalDevice: z.string().optional(),
  lagId: z.string().optional(),
  /** Hosted connections: the partner that provides it. */
  partnerName: z.string().optional(),
  hasLogicalRedundancy: z.enum(['unknown', 'yes', 'no']).default('unknown'),
  tags: z.record(z.string(), z.string()).default({}),
});

const lag = z.object({
  id: z.string(),
  name: z.string().default('dx-lag'),
  state: z
    .enum(['requested', 'pending', 'available', 'down', 'deleting', 'deleted', 'unknown'])
    .default('available'),
  location: z.string().default('EqTY2'),
  bandwidth: z.string().default('10Gbps'),
  device: z.string().default('EqTY2-2a1b3c4d5e6f7'),
  logicalDevice: z.string().optional(),
  minimumLinks: z.number().int().min(0).default(0),
});

const virtualInterface = z.object({
  id: z.string().optional(),
  name: z.string().default('vif'),
  /** The connection (dxcon-) or LAG (dxlag-) it runs on. */
  connectionId: z.string(),
  type: z.enum(['private', 'public', 'transit']).default('private'),
  /** Direct Connect gateway id (a UUID) or virtual private gateway (vgw-); none for public VIFs. */
  directConnectGatewayId: z.string().optional(),
  virtualGatewayId: z.string().optional(),
  state: z
    .enum([
      'confirming',
      'verifying',
      'pending',
      'available',
      'down',
      'deleting',
      'deleted',
      'rejected',
      'unknown',
    ])
    .default('available'),
  vlan: z.number().int().default(101),
  bgpStatus: z.enum(['up', 'down', 'unknown']).optional(),
});

type Data = {
  connections: Array<z.output<typeof connection>>;
  lags: Array<z.output<typeof lag>>;
  virtualInterfaces: Array<z.output<typeof virtualInterface>>;
};

const connectionId = (c: z.output<typeof connection>, index: number, accountId: string, region: string) =>
  c.id ?? `dxcon-${stableId(`${accountId}/${region}/dxcon/${index}`, 8)}`;

function connections(data: Data, accountId: string, region: string) {
  return data.connections.map((c, index) => ({
    ownerAccount: accountId,
    connectionId: connectionId(c, index, accountId, region),
    connectionName: c.name,
    connectionState: c.state,
    region,
    location: c.location,
    bandwidth: c.bandwidth,
    vlan: c.partnerName ? 100 + index : undefined,
    partnerName: c.partnerName,
    lagId: c.lagId,
    awsDevice: c.device,
    jumboFrameCapable: true,
    awsDeviceV2: c.device,
    awsLogicalDeviceId: c.logicalDevice ?? `${c.device}-logical`,
    hasLogicalRedundancy: c.hasLogicalRedundancy,
    tags: Object.entries(c.tags).map(([key, value]) => ({ key, value })),
    macSecCapable: false,
    encryptionMode: 'no_encrypt',
  }));
}

/** AWS Direct Connect: connections, LAGs and virtual interfaces (none unless the scenario has some). */
export const directconnect = defineService({
  name: 'directconnect',
  model: 'directconnect-2012-10-25',
  scope: 'regional',
  scenario: z.object({
    connections: z.array(connection).default([]),
    lags: z.array(lag).default([]),
    virtualInterfaces: z.array(virtualInterface).default([]),
  }),
  handlers: {
    DescribeConnections: ({ data, accountId, region, input }) => {
      const all = connections(data, accountId, region);
      const id = input.connectionId as string | undefined;
      if (id && !all.some((c) => c.connectionId === id)) {
        throw new AwsError('DirectConnectClientException', `Connection ${id} does not exist`);
      }
      return { connections: all.filter((c) => !id || c.connectionId === id) };
    },
    DescribeLags: ({ data, accountId, region, input }) => {
      const members = connections(data, accountId, region);
      const id = input.lagId as string | undefined;
      if (id && !data.lags.some((l) => l.id === id)) {
        throw new AwsError('DirectConnectClientException', `Lag ${id} does not exist`);
      }
      return {
        lags: data.lags
          .filter((l) => !id || l.id === id)
          .map((l) => {
            const own = members.filter((c) => c.lagId === l.id);
            return {
              connectionsBandwidth: own[0]?.bandwidth ?? '10Gbps',
              numberOfConnections: own.length,
              lagId: l.id,
              ownerAccount: accountId,
              lagName: l.name,
              lagState: l.state,
              location: l.location,
              region,
              minimumLinks: l.minimumLinks,
              awsDevice: l.device,
              awsDeviceV2: l.device,
              awsLogicalDeviceId: l.logicalDevice ?? `${l.device}-logical`,
              connections: own,
              allowsHostedConnections: false,
              jumboFrameCapable: true,
              hasLogicalRedundancy: 'unknown',
              tags: [],
              macSecCapable: false,
              encryptionMode: 'no_encrypt',
            };
          }),
      };
    },
    DescribeVirtualInterfaces: ({ data, accountId, region, input }) => {
      const conns = connections(data, accountId, region);
      const wantedConnection = input.connectionId as string | undefined;
      const wantedVif = input.virtualInterfaceId as string | undefined;
      const all = data.virtualInterfaces.map((v, index) => {
        const on = conns.find((c) => c.connectionId === v.connectionId);
        const onLag = data.lags.find((l) => l.id === v.connectionId);
        const device = on?.awsDeviceV2 ?? onLag?.device;
        const id = v.id ?? `dxvif-${stableId(`${accountId}/${region}/dxvif/${index}`, 8)}`;
        return {
          ownerAccount: accountId,
          virtualInterfaceId: id,
          location: on?.location ?? onLag?.location,
          connectionId: v.connectionId,
          virtualInterfaceType: v.type,
          virtualInterfaceName: v.name,
          vlan: v.vlan,
          asn: 65000,
          amazonSideAsn: 64512,
          addressFamily: 'ipv4',
          virtualInterfaceState: v.state,
          mtu: 1500,
          jumboFrameCapable: true,
          virtualGatewayId: v.virtualGatewayId,
          directConnectGatewayId: v.directConnectGatewayId,
          bgpPeers: [
            {
              bgpPeerId: `dxpeer-${stableId(`${id}/peer`, 8)}`,
              asn: 65000,
              addressFamily: 'ipv4',
              bgpPeerState: 'available',
              bgpStatus: v.bgpStatus ?? (v.state === 'available' ? 'up' : 'down'),
              awsDeviceV2: device,
            },
          ],
          region,
          awsDeviceV2: device,
          awsLogicalDeviceId: device ? `${device}-logical` : undefined,
          tags: [],
          siteLinkEnabled: false,
        };
      });
      return {
        virtualInterfaces: all.filter(
          (v) =>
            (!wantedConnection || v.connectionId === wantedConnection) &&
            (!wantedVif || v.virtualInterfaceId === wantedVif),
        ),
      };
    },
  },
});
