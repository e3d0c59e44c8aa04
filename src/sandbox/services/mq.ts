import { z } from 'zod';
import { AwsError, arn, dateSpec, defineService, stableId } from './types.js';

const broker = z.object({
  name: z.string(),
  engineType: z.enum(['ACTIVEMQ', 'RABBITMQ']).default('ACTIVEMQ'),
  engineVersion: z.string().default('5.18'),
  /** An engine upgrade waiting for the next maintenance window. */
  pendingEngineVersion: z.string().optional(),
  autoMinorVersionUpgrade: z.boolean().default(true),
  deploymentMode: z
    .enum(['SINGLE_INSTANCE', 'ACTIVE_STANDBY_MULTI_AZ', 'CLUSTER_MULTI_AZ'])
    .default('ACTIVE_STANDBY_MULTI_AZ'),
  /** DayOfWeek / TimeOfDay / TimeZone as DescribeBroker returns them. */
  maintenanceWindow: z
    .object({ dayOfWeek: z.string(), timeOfDay: z.string(), timeZone: z.string().optional() })
    .default({ dayOfWeek: 'SUNDAY', timeOfDay: '17:00', timeZone: 'UTC' }),
  actionsRequired: z.array(z.object({ code: z.string(), info: z.string().optional() })).default([]),
  created: dateSpec.default('-400d'),
});

const brokerId = (accountId: string, region: string, name: string) =>
  `b-${stableId(`${accountId}/${region}/mq/${name}`, 8)}-${stableId(`${name}/2`, 4)}-${stableId(`${name}/3`, 4)}-${stableId(`${name}/4`, 4)}-${stableId(`${name}/5`, 12)}`;

/** Amazon MQ: brokers (ActiveMQ / RabbitMQ), their engine versions and pending upgrades. */
export const mq = defineService({
  name: 'mq',
  model: 'mq-2017-11-27',
  scope: 'regional',
  scenario: z.object({ brokers: z.array(broker).default([]) }),
  handlers: {
    ListBrokers: ({ data, accountId, region, date }) => ({
      BrokerSummaries: data.brokers.map((b) => {
        const id = brokerId(accountId, region, b.name);
        return {
          BrokerArn: arn('mq', region, accountId, `broker:${b.name}:${id}`),
          BrokerId: id,
          BrokerName: b.name,
          BrokerState: 'RUNNING',
          Created: date(b.created),
          DeploymentMode: b.deploymentMode,
          EngineType: b.engineType,
          HostInstanceType: 'mq.m5.large',
        };
      }),
    }),
    DescribeBroker: ({ data, accountId, region, date, input }) => {
      const b = data.brokers.find((x) => brokerId(accountId, region, x.name) === input.BrokerId);
      if (!b)
        throw new AwsError('NotFoundException', `Can't find requested broker [${String(input.BrokerId)}].`, {
          status: 404,
        });
      const id = brokerId(accountId, region, b.name);
      return {
        ActionsRequired: b.actionsRequired.map((a) => ({
          ActionRequiredCode: a.code,
          ActionRequiredInfo: a.info,
        })),
        AutoMinorVersionUpgrade: b.autoMinorVersionUpgrade,
        BrokerArn: arn('mq', region, accountId, `broker:${b.name}:${id}`),
        BrokerId: id,
        BrokerName: b.name,
        BrokerState: 'RUNNING',
        Created: date(b.created),
        DeploymentMode: b.deploymentMode,
        EngineType: b.engineType,
        EngineVersion: b.engineVersion,
        HostInstanceType: 'mq.m5.large',
        MaintenanceWindowStartTime: {
          DayOfWeek: b.maintenanceWindow.dayOfWeek,
          TimeOfDay: b.maintenanceWindow.timeOfDay,
          TimeZone: b.maintenanceWindow.timeZone,
        },
        PendingEngineVersion: b.pendingEngineVersion,
        PubliclyAccessible: false,
      };
    },
  },
});
