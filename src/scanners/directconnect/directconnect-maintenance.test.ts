import { type ScenarioInput, TEST_ACCOUNT, testScanner } from '../../../test/support/scanner-tester.js';
import { directconnectMaintenance } from './directconnect-maintenance.js';

/** A one-account world with this Direct Connect data in ap-northeast-1. */
function world(dx: Record<string, unknown>, knobs?: ScenarioInput['knobs']): ScenarioInput {
  return {
    ...(knobs ? { knobs } : {}),
    accounts: [{ id: TEST_ACCOUNT, regions: { 'ap-northeast-1': { directconnect: dx } } }],
  } as ScenarioInput;
}

const REGIONS = ['ap-northeast-1'];
const DXGW = '5f3e1a2b-0c4d-4e5f-8a9b-0c1d2e3f4a5b';
const TY2 = 'EqTY2-2a1b3c4d5e6f7';
const CC2 = 'ATTKY2-1f2e3d4c5b6a7';
const conn = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: id.replace('dxcon-', ''),
  ...extra,
});
const vif = (id: string, connectionId: string, extra: Record<string, unknown> = {}) => ({
  id,
  connectionId,
  directConnectGatewayId: DXGW,
  ...extra,
});
const base = {
  type: 'connection',
  state: 'available',
  location: 'EqTY2',
  bandwidth: '1Gbps',
  partnerName: null,
  hasLogicalRedundancy: 'unknown',
};

/** A connection that is the only way to its gateway: one path, through itself. */
const singleConnection = (id: string, device: string) => ({
  region: 'ap-northeast-1',
  resource: `dxcon-${id}`,
  eventDate: null,
  evidence: {
    id: `dxcon-${id}`,
    name: id,
    awsDevice: device,
    ...base,
    condition: 'single-connection',
    paths: [
      {
        gateway: DXGW,
        condition: 'single-connection',
        connections: [`dxcon-${id}`],
        devices: [device],
        virtualInterfaces: [`dxvif-${id}`],
      },
    ],
  },
});

testScanner(directconnectMaintenance, {
  now: '2026-03-01T00:00:00.000Z',
  horizonDays: { 'directconnect-maintenance': 90 },
  quiet: [
    { name: 'no Direct Connect at all', regions: REGIONS, scenario: world({}) },
    {
      name: 'two connections on different devices at two locations to one gateway',
      regions: REGIONS,
      scenario: world({
        connections: [
          conn('dxcon-aaaa0001', { device: TY2 }),
          conn('dxcon-aaaa0002', { device: CC2, location: 'ATTKY2' }),
        ],
        virtualInterfaces: [vif('dxvif-aaaa0001', 'dxcon-aaaa0001'), vif('dxvif-aaaa0002', 'dxcon-aaaa0002')],
      }),
    },
    {
      name: 'a connection without virtual interfaces carries no traffic yet',
      regions: REGIONS,
      scenario: world({ connections: [conn('dxcon-aaaa0003')] }),
    },
    {
      name: 'a deleted connection',
      regions: REGIONS,
      scenario: world({
        connections: [conn('dxcon-aaaa0004', { state: 'deleted' })],
        virtualInterfaces: [vif('dxvif-aaaa0004', 'dxcon-aaaa0004', { state: 'deleted' })],
      }),
    },
    {
      name: 'a region without the Direct Connect endpoint is "unsupported", not an error',
      regions: REGIONS,
      scenario: world(
        {},
        { services: { directconnect: { errors: [{ code: 'UnknownEndpoint', status: 404 }] } } },
      ),
      coverage: [{ accountId: TEST_ACCOUNT, region: 'ap-northeast-1', status: 'unsupported' }],
    },
  ],
  found: [
    {
      name: 'a single connection to a gateway',
      regions: REGIONS,
      scenario: world({
        connections: [conn('dxcon-bbbb0001', { device: TY2, tags: { Name: 'tokyo-dc' } })],
        virtualInterfaces: [vif('dxvif-bbbb0001', 'dxcon-bbbb0001')],
      }),
      expected: [
        {
          ...singleConnection('bbbb0001', TY2),
          title: 'Direct Connect connection dxcon-bbbb0001 (bbbb0001) has no redundant connection',
        },
      ],
    },
    {
      name: 'two connections on one AWS device, and a LAG to another gateway',
      regions: REGIONS,
      scenario: world({
        connections: [
          conn('dxcon-cccc0001', { device: TY2 }),
          conn('dxcon-cccc0002', { device: TY2 }),
          conn('dxcon-cccc0003', {
            device: CC2,
            lagId: 'dxlag-cccc0001',
            bandwidth: '10Gbps',
            location: 'ATTKY2',
          }),
          conn('dxcon-cccc0004', {
            device: CC2,
            lagId: 'dxlag-cccc0001',
            bandwidth: '10Gbps',
            location: 'ATTKY2',
          }),
        ],
        lags: [{ id: 'dxlag-cccc0001', name: 'core-lag', device: CC2, location: 'ATTKY2' }],
        virtualInterfaces: [
          vif('dxvif-cccc0001', 'dxcon-cccc0001', {
            directConnectGatewayId: undefined,
            virtualGatewayId: 'vgw-0aa11bb22cc33dd44',
          }),
          vif('dxvif-cccc0002', 'dxcon-cccc0002', {
            directConnectGatewayId: undefined,
            virtualGatewayId: 'vgw-0aa11bb22cc33dd44',
          }),
          vif('dxvif-cccc0003', 'dxlag-cccc0001', { type: 'transit' }),
        ],
      }),
      expected: [
        ...(['dxcon-cccc0001', 'dxcon-cccc0002'] as const).map((id, i) => ({
          region: 'ap-northeast-1',
          resource: id,
          eventDate: null,
          evidence: {
            id,
            name: id.replace('dxcon-', ''),
            awsDevice: TY2,
            ...base,
            condition: 'shared-device',
            paths: [
              {
                gateway: 'vgw-0aa11bb22cc33dd44',
                condition: 'shared-device',
                connections: ['dxcon-cccc0001', 'dxcon-cccc0002'],
                devices: [TY2],
                virtualInterfaces: [`dxvif-cccc000${i + 1}`],
              },
            ],
          },
        })),
        {
          region: 'ap-northeast-1',
          resource: 'dxlag-cccc0001',
          eventDate: null,
          evidence: {
            id: 'dxlag-cccc0001',
            type: 'lag',
            name: 'core-lag',
            state: 'available',
            location: 'ATTKY2',
            bandwidth: '10Gbps',
            awsDevice: CC2,
            partnerName: null,
            hasLogicalRedundancy: 'unknown',
            condition: 'single-connection',
            paths: [
              {
                gateway: DXGW,
                condition: 'single-connection',
                connections: ['dxlag-cccc0001'],
                devices: [CC2],
                virtualInterfaces: ['dxvif-cccc0003'],
              },
            ],
          },
        },
      ],
    },
    {
      name: 'one of two connections down: the other is now alone',
      regions: REGIONS,
      scenario: world({
        connections: [
          conn('dxcon-dddd0001', { device: TY2 }),
          conn('dxcon-dddd0002', { device: CC2, location: 'ATTKY2', state: 'down' }),
        ],
        virtualInterfaces: [
          vif('dxvif-dddd0001', 'dxcon-dddd0001'),
          vif('dxvif-dddd0002', 'dxcon-dddd0002', { state: 'down' }),
        ],
      }),
      expected: [
        singleConnection('dddd0001', TY2),
        {
          region: 'ap-northeast-1',
          resource: 'dxcon-dddd0002',
          eventDate: null,
          evidence: {
            id: 'dxcon-dddd0002',
            name: 'dddd0002',
            awsDevice: CC2,
            ...base,
            state: 'down',
            location: 'ATTKY2',
            condition: 'connection-down',
            paths: [
              {
                gateway: DXGW,
                condition: 'connection-down',
                connections: ['dxcon-dddd0001'],
                devices: [TY2],
                virtualInterfaces: ['dxvif-dddd0002'],
              },
            ],
          },
        },
      ],
    },
  ],
});
