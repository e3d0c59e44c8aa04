import { oneAccountWorld, testScanner } from '../../../test/support/scanner-tester.js';
import { vpnMaintenance } from './vpn-maintenance.js';

/** A one-account world with these VPN connections in us-east-1. */
const world = (connections: unknown[]) => oneAccountWorld({ vpn: { connections } });

const VGW = 'vgw-0aa11bb22cc33dd44';
const CGW = 'cgw-0123456789abcdef0';
const T1 = '52.1.1.10';
const T2 = '52.1.1.11';
const tunnel = (ip: string, extra: Record<string, unknown> = {}) => ({
  outsideIp: ip,
  lastStatusChange: '2026-02-01T00:00:00Z',
  ...extra,
});
const evidenceTunnel = (ip: string, extra: Record<string, unknown> = {}) => ({
  outsideIpAddress: ip,
  status: 'UP',
  statusMessage: '2 BGP ROUTES',
  lastStatusChange: '2026-02-01T00:00:00.000Z',
  acceptedRouteCount: 2,
  pendingMaintenance: null,
  maintenanceAutoAppliedAfter: null,
  lastMaintenanceApplied: null,
  ...extra,
});

testScanner(vpnMaintenance, {
  now: '2026-03-01T00:00:00.000Z',
  horizonDays: { 'vpn-maintenance': 90 },
  quiet: [
    {
      name: 'both tunnels UP, nothing pending',
      scenario: world([
        { id: 'vpn-0healthy000000001', vpnGatewayId: VGW, tunnels: [tunnel(T1), tunnel(T2)] },
      ]),
    },
    {
      name: 'a deleted connection with a tunnel down is gone, not work',
      scenario: world([
        {
          id: 'vpn-0deleted000000001',
          state: 'deleted',
          vpnGatewayId: VGW,
          tunnels: [tunnel(T1, { status: 'DOWN' }), tunnel(T2)],
        },
      ]),
    },
    {
      name: 'tunnel maintenance after the horizon on a redundant connection',
      scenario: world([
        {
          id: 'vpn-0later0000000001',
          vpnGatewayId: VGW,
          tunnels: [
            tunnel(T1, {
              pendingMaintenance: 'Tunnel endpoint replacement',
              maintenanceAutoAppliedAfter: '2026-07-01T00:00:00Z',
            }),
            tunnel(T2),
          ],
        },
      ]),
    },
  ],
  found: [
    {
      name: 'one tunnel DOWN: traffic runs on a single tunnel',
      scenario: world([
        {
          id: 'vpn-0single000000001',
          vpnGatewayId: VGW,
          customerGatewayId: CGW,
          tags: { Name: 'osaka-dc' },
          tunnels: [tunnel(T1), tunnel(T2, { status: 'DOWN', lastStatusChange: '2026-02-27T03:00:00Z' })],
        },
      ]),
      expected: [
        {
          resource: 'vpn-0single000000001',
          eventDate: null,
          title: 'VPN connection vpn-0single000000001: 1 of 2 tunnels UP',
          evidence: {
            vpnConnectionId: 'vpn-0single000000001',
            name: 'osaka-dc',
            vpnGatewayId: VGW,
            transitGatewayId: null,
            customerGatewayId: CGW,
            staticRoutesOnly: false,
            condition: 'single-tunnel',
            tunnelsUp: 1,
            tunnelCount: 2,
            redundant: false,
            maintenanceAutoAppliedAfter: null,
            tunnels: [
              evidenceTunnel(T1),
              evidenceTunnel(T2, {
                status: 'DOWN',
                statusMessage: 'IPSEC IS DOWN',
                lastStatusChange: '2026-02-27T03:00:00.000Z',
                acceptedRouteCount: 0,
              }),
            ],
          },
        },
      ],
    },
    {
      name: 'scheduled tunnel replacement: the auto-applied-after date is the event date',
      scenario: world([
        {
          id: 'vpn-0maint0000000001',
          transitGatewayId: 'tgw-0123456789abcdef0',
          customerGatewayId: CGW,
          staticRoutesOnly: true,
          tunnels: [
            tunnel(T1, {
              pendingMaintenance: 'Tunnel endpoint replacement',
              maintenanceAutoAppliedAfter: '2026-03-18T13:00:00Z',
              lastMaintenanceApplied: '2025-11-02T13:00:00Z',
            }),
            tunnel(T2),
          ],
        },
      ]),
      expected: [
        {
          resource: 'vpn-0maint0000000001',
          eventDate: '2026-03-18T13:00:00.000Z',
          title: 'VPN connection vpn-0maint0000000001: tunnel maintenance after 2026-03-18 (both tunnels UP)',
          evidence: {
            vpnConnectionId: 'vpn-0maint0000000001',
            name: null,
            vpnGatewayId: null,
            transitGatewayId: 'tgw-0123456789abcdef0',
            customerGatewayId: CGW,
            staticRoutesOnly: true,
            condition: 'redundant',
            tunnelsUp: 2,
            tunnelCount: 2,
            redundant: true,
            maintenanceAutoAppliedAfter: '2026-03-18T13:00:00.000Z',
            tunnels: [
              evidenceTunnel(T1, {
                pendingMaintenance: 'Tunnel endpoint replacement',
                maintenanceAutoAppliedAfter: '2026-03-18T13:00:00.000Z',
                lastMaintenanceApplied: '2025-11-02T13:00:00.000Z',
              }),
              evidenceTunnel(T2),
            ],
          },
        },
      ],
    },
    {
      name: 'both tunnels DOWN',
      scenario: world([
        {
          id: 'vpn-0down00000000001',
          vpnGatewayId: VGW,
          tunnels: [tunnel(T1, { status: 'DOWN' }), tunnel(T2, { status: 'DOWN' })],
        },
      ]),
      expected: [
        {
          resource: 'vpn-0down00000000001',
          eventDate: null,
          title: 'VPN connection vpn-0down00000000001: all tunnels DOWN',
          evidence: {
            vpnConnectionId: 'vpn-0down00000000001',
            name: null,
            vpnGatewayId: VGW,
            transitGatewayId: null,
            customerGatewayId: CGW,
            staticRoutesOnly: false,
            condition: 'all-tunnels-down',
            tunnelsUp: 0,
            tunnelCount: 2,
            redundant: false,
            maintenanceAutoAppliedAfter: null,
            tunnels: [
              evidenceTunnel(T1, { status: 'DOWN', statusMessage: 'IPSEC IS DOWN', acceptedRouteCount: 0 }),
              evidenceTunnel(T2, { status: 'DOWN', statusMessage: 'IPSEC IS DOWN', acceptedRouteCount: 0 }),
            ],
          },
        },
      ],
    },
  ],
});
