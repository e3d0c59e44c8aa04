import type { AwsOptions } from '../aws/clients.js';
import { type Config, configSection } from '../config/index.js';
import { routingSchema } from '../core/routing.js';
import type { Store } from '../store/index.js';
import { buildChannel, type NotifyChannel } from './channels/index.js';
import { type NotifySettings, notifySettings } from './config.js';
import type { NotifyLogEntry } from './deliver.js';
import type { KindLookup } from './message.js';
import type { NotifyDeps } from './run.js';

/**
 * Notifications: who hears about which work item, when, and on which channel.
 *
 *   const notifier = notifierFromConfig(loadConfig(), { store, kinds: (id) => catalog.get(id) });
 *   const summary = await runNotifyPass(notifier.deps);   // queue what is due, deliver the outbox
 *   notifier.close();
 *
 * Parts: config.ts (the `notify` section), select.ts (rules), plan.ts (pure planning: announcements,
 * reminders, digests, escalations, quiet hours), render.ts (text in ja/en), channels/ (one module per
 * service), deliver.ts (outbox delivery with retries and dead letters), run.ts (a pass, the serve loop).
 */
export { buildChannel, DeliveryError, type NotifyChannel } from './channels/index.js';
export { type ChannelConfig, type NotifySettings, notifySettings } from './config.js';
export type { NotifyLogEntry } from './deliver.js';
export type { KindLookup, NotifyMessage } from './message.js';
export { type NotifyDeps, type PassSummary, runNotifyPass, startNotifier } from './run.js';

export interface Notifier {
  settings: NotifySettings;
  deps: NotifyDeps;
  close(): void;
}

/** Reads `notify` (and the OU map of `routing`), builds every channel with its secrets. */
export function notifierFromConfig(
  config: Config,
  options: {
    store: Pick<Store, 'workItems' | 'notifyOutbox'>;
    kinds: KindLookup;
    now?: () => Date;
    env?: NodeJS.ProcessEnv;
    aws?: AwsOptions;
    log?: (entry: NotifyLogEntry) => void;
    leaseMs?: number;
  },
): Notifier {
  const settings = notifySettings(config);
  const routing = configSection(config, 'routing', routingSchema);
  const channels = new Map<string, NotifyChannel>();
  try {
    for (const channelConfig of settings.channels) {
      channels.set(
        channelConfig.name,
        buildChannel(channelConfig, {
          baseUrl: settings.baseUrl,
          ...(options.env ? { env: options.env } : {}),
          ...(options.aws ? { aws: options.aws } : {}),
        }),
      );
    }
  } catch (error) {
    for (const channel of channels.values()) channel.close?.();
    throw error;
  }
  return {
    settings,
    deps: {
      store: options.store,
      kinds: options.kinds,
      settings,
      channels,
      organizationalUnits: routing.organizationalUnits,
      now: options.now ?? (() => new Date()),
      ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
      ...(options.log ? { log: options.log } : {}),
    },
    close() {
      for (const channel of channels.values()) channel.close?.();
    },
  };
}
