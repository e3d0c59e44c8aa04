import type { AwsOptions } from '../../aws/clients.js';
import type { ChannelConfig } from '../config.js';
import { emailChannel } from './email.js';
import { slackChannel } from './slack.js';
import { snsChannel } from './sns.js';
import { teamsChannel } from './teams.js';
import type { NotifyChannel } from './types.js';
import { webhookChannel } from './webhook.js';

export { type Delivery, DeliveryError, type NotifyChannel } from './types.js';

export interface ChannelOptions {
  /** The dashboard's address, for links. */
  baseUrl: string;
  env?: NodeJS.ProcessEnv;
  /** SNS: endpoint, credentials (tests, the sandbox); else the SDK's own resolution. */
  aws?: AwsOptions;
}

/** Builds a channel from its config, reading its secrets (ConfigError when one is missing). */
export function buildChannel(config: ChannelConfig, options: ChannelOptions): NotifyChannel {
  switch (config.type) {
    case 'email':
      return emailChannel(config, options);
    case 'slack':
      return slackChannel(config, options);
    case 'sns':
      return snsChannel(config, options);
    case 'teams':
      return teamsChannel(config, options);
    case 'webhook':
      return webhookChannel(config, options);
  }
}
