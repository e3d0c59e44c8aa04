import { z } from 'zod';
import { arn, dateSpec, defineService, stableUuid } from './types.js';

const cluster = z.object({
  name: z.string(),
  /** Absent for serverless clusters. */
  kafkaVersion: z.string().default('3.8.x'),
  type: z.enum(['PROVISIONED', 'SERVERLESS']).default('PROVISIONED'),
  created: dateSpec.default('-400d'),
});

/** Default versions: DEPRECATED for those past their end-of-support date in data/lifecycle/engine-versions.yaml. */
const DEFAULT_VERSIONS = [
  { version: '2.8.1', status: 'DEPRECATED' },
  { version: '2.8.2.tiered', status: 'DEPRECATED' },
  { version: '3.4.0', status: 'DEPRECATED' },
  { version: '3.5.1', status: 'DEPRECATED' },
  { version: '3.6.0', status: 'DEPRECATED' },
  { version: '3.7.x', status: 'ACTIVE' },
  { version: '3.8.x', status: 'ACTIVE' },
  { version: '3.9.x', status: 'ACTIVE' },
  { version: '4.0.x', status: 'ACTIVE' },
];

/** Amazon MSK: clusters and the Kafka versions with their status. */
export const kafka = defineService({
  name: 'kafka',
  model: 'kafka-2018-11-14',
  scope: 'regional',
  scenario: z.object({
    clusters: z.array(cluster).default([]),
    versions: z.array(z.object({ version: z.string(), status: z.enum(['ACTIVE', 'DEPRECATED']) })).optional(),
  }),
  handlers: {
    ListClustersV2: ({ data, accountId, region, date, input }) => ({
      ClusterInfoList: data.clusters
        .filter((c) => !input.ClusterTypeFilter || input.ClusterTypeFilter === c.type)
        .map((c) => ({
          ClusterType: c.type,
          ClusterArn: arn(
            'kafka',
            region,
            accountId,
            `cluster/${c.name}/${stableUuid(`${accountId}/${c.name}`)}-2`,
          ),
          ClusterName: c.name,
          CreationTime: date(c.created),
          CurrentVersion: 'K3AEGXETSR30VB',
          State: 'ACTIVE',
          ...(c.type === 'PROVISIONED'
            ? {
                Provisioned: {
                  BrokerNodeGroupInfo: {
                    ClientSubnets: ['subnet-0a1b2c3d'],
                    InstanceType: 'kafka.m7g.large',
                  },
                  CurrentBrokerSoftwareInfo: { KafkaVersion: c.kafkaVersion },
                  NumberOfBrokerNodes: 3,
                },
              }
            : { Serverless: { VpcConfigs: [{ SubnetIds: ['subnet-0a1b2c3d'] }] } }),
        })),
    }),
    ListKafkaVersions: ({ data }) => ({
      KafkaVersions: (data.versions ?? DEFAULT_VERSIONS).map((v) => ({
        Version: v.version,
        Status: v.status,
      })),
    }),
  },
});
