// The notifier under the crash test: one `runNotifyPass` on a store with a fixed clock, delivering
// to the test's webhook receiver. `tsx notify-crash-child.ts '<json ChildArgs>'`. The parent kills
// it with SIGKILL at chosen points and starts it again until the outbox is drained.
import type { NotifyChannel } from '../../src/notify/channels/index.js';
import { webhookChannel } from '../../src/notify/channels/webhook.js';
import { notifySchema } from '../../src/notify/config.js';
import { runNotifyPass } from '../../src/notify/run.js';
import { openStore } from '../../src/store/index.js';
import { type ChildArgs, crashKinds, crashSettings, HOOK_SECRET } from './notify-crash.js';

const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
const store = await openStore(args.target, args.pgSchema ? { pgSchema: args.pgSchema } : {});
const settings = notifySchema.parse(crashSettings(args.receiverUrl, args.generation));
const channels = new Map<string, NotifyChannel>(
  settings.channels.flatMap((config) =>
    config.type === 'webhook'
      ? [[config.name, webhookChannel(config, { baseUrl: settings.baseUrl, env: { HOOK_SECRET } })] as const]
      : [],
  ),
);
process.stdout.write('ready\n');
const now = new Date(args.now);
const summary = await runNotifyPass({
  store,
  kinds: crashKinds,
  settings,
  channels,
  organizationalUnits: {},
  now: () => now,
  leaseMs: args.leaseMs,
});
await store.close();
process.stdout.write(`${JSON.stringify(summary)}\n`);
