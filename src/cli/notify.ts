import type { Command } from 'commander';
import { type Catalog, defaultCatalog } from '../catalog/index.js';
import { type Config, loadConfig } from '../config/index.js';
import { formatInstant } from '../core/time.js';
import type { Lang } from '../core/types.js';
import { notifyText as m } from '../i18n/messages/notify.js';
import { type Notifier, notifierFromConfig, runNotifyPass, startNotifier } from '../notify/index.js';
import { previewAnnouncements, testMessage } from '../notify/plan.js';
import type { OutboxMessage, Store } from '../store/index.js';
import { UserError } from './errors.js';
import { type GlobalOptions, langOf, topCommand } from './options.js';
import { renderTable } from './output.js';
import {
  processIo,
  refreshWorkItems,
  requireItemId,
  resolveTimeZone,
  type WorkItemIo,
  withStore,
} from './workflow.js';

/** `opsradar notify run | test CHANNEL | outbox [--failed] | preview ITEM`. */

function notifier(cmd: Command, store: Store, io: WorkItemIo): Notifier {
  const { config: configPath } = cmd.optsWithGlobals<GlobalOptions>();
  const catalog = defaultCatalog({ configPath });
  return notifierFromConfig(loadConfig(configPath), {
    store,
    kinds: (id) => catalog.get(id),
    now: () => io.now(),
    log: (entry) => process.stderr.write(`${JSON.stringify({ component: 'notify', ...entry })}\n`),
  });
}

function requireChannels(lang: Lang, n: Notifier): void {
  if (n.settings.channels.length === 0)
    throw new UserError(m(lang, 'cli.noChannels'), 'NOTIFY_NO_CHANNELS', 1);
}

/**
 * The configured notifier (at least one channel, else a clear error) and the output language, the
 * notifier closed after `use` whatever happens.
 */
async function withNotifier(
  cmd: Command,
  store: Store,
  io: WorkItemIo,
  use: (n: Notifier, lang: Lang) => Promise<void>,
): Promise<void> {
  const n = notifier(cmd, store, io);
  try {
    const lang = langOf(cmd);
    requireChannels(lang, n);
    await use(n, lang);
  } finally {
    n.close();
  }
}

function outboxTable(lang: Lang, tz: string, messages: readonly OutboxMessage[]): string {
  const header = [
    'created',
    'channel',
    'purpose',
    'item',
    'status',
    'attempts',
    'notBefore',
    'error',
  ] as const;
  return renderTable(
    header.map((key) => m(lang, `column.${key}`)),
    messages.map((msg) => [
      formatInstant(msg.createdAt, lang, tz),
      msg.channel,
      m(lang, `purpose.${msg.purpose}`),
      msg.workItemId === null ? '-' : `#${msg.workItemId}`,
      m(lang, `status.${msg.status}`),
      String(msg.attempts),
      formatInstant(msg.notBefore, lang, tz),
      (msg.lastError ?? '').slice(0, 80),
    ]),
  );
}

function registerRun(notify: Command, io: WorkItemIo): void {
  notify
    .command('run')
    .description(
      'one pass: queue due announcements, reminders and digests, deliver them, exit (for cron) / 1回分の通知処理',
    )
    .option('--json', 'print the summary as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withStore(cmd, async (store) => {
        const { config: configPath } = cmd.optsWithGlobals<GlobalOptions>();
        await refreshWorkItems(store, { now: io.now(), ...(configPath ? { configPath } : {}) });
        await withNotifier(cmd, store, io, async (n, lang) => {
          const summary = await runNotifyPass(n.deps);
          io.out(
            opts.json
              ? JSON.stringify(summary)
              : m(lang, 'cli.summary', { ...summary, retrying: summary.retrying, queued: summary.queued }),
          );
        });
      });
    });
}

function registerTest(notify: Command, io: WorkItemIo): void {
  notify
    .command('test <channel>')
    .description('send a sample message to one channel / チャネルにテストメッセージを送信')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      await withStore(cmd, async (store) => {
        await withNotifier(cmd, store, io, async (n, lang) => {
          const channel = n.deps.channels.get(name);
          if (!channel) {
            const names = [...n.deps.channels.keys()].join(', ');
            throw new UserError(m(lang, 'cli.unknownChannel', { name, names }), 'NOTIFY_CHANNEL_UNKNOWN', 2);
          }
          const now = io.now();
          try {
            await channel.send({
              id: `test-${now.getTime()}`,
              message: testMessage(name, now),
              partsDone: new Set(),
              partDone: async () => undefined,
              now,
            });
          } catch (error) {
            throw new UserError(
              m(lang, 'cli.testFailed', { channel: name, reason: (error as Error).message }),
              'NOTIFY_TEST_FAILED',
              1,
            );
          }
          io.out(m(lang, 'cli.testSent', { channel: name }));
        });
      });
    });
}

function registerOutbox(notify: Command, io: WorkItemIo): void {
  notify
    .command('outbox')
    .description('list the outbox; --failed shows the dead letters / 送信キューの一覧')
    .option('--failed', 'only dead letters (messages that exhausted their attempts)')
    .option('--retry <id>', 'queue a dead letter again (after fixing its channel)')
    .option('--limit <n>', 'at most this many rows', '50')
    .option('--json', 'print JSON')
    .option('--tz <zone>', 'time zone for times shown')
    .action(
      async (opts: { failed?: boolean; retry?: string; limit: string; json?: boolean; tz?: string }, cmd) => {
        const lang = langOf(cmd);
        const tz = resolveTimeZone(lang, opts.tz);
        await withStore(cmd, async (store) => {
          if (opts.retry) {
            const revived = await store.notifyOutbox.revive(opts.retry, io.now());
            if (!revived)
              throw new UserError(m(lang, 'cli.notDead', { id: opts.retry }), 'NOTIFY_NOT_DEAD', 1);
            io.out(m(lang, 'cli.revived', { id: opts.retry }));
            return;
          }
          const limit = Math.max(1, Math.min(1000, Number(opts.limit) || 50));
          const { messages } = await store.notifyOutbox.list(opts.failed ? { status: 'dead' } : {}, {
            limit,
          });
          if (opts.json) {
            io.out(JSON.stringify(messages.map(({ payload: _payload, ...rest }) => rest)));
            return;
          }
          if (!messages.length) {
            io.out(m(lang, opts.failed ? 'cli.deadEmpty' : 'cli.outboxEmpty'));
            return;
          }
          io.out(outboxTable(lang, tz, messages));
        });
      },
    );
}

function registerPreview(notify: Command, io: WorkItemIo): void {
  notify
    .command('preview <item>')
    .description('show the text each channel would get for a work item / 各チャネルへの通知内容を表示')
    .action(async (input: string, _opts: unknown, cmd: Command) => {
      const lang = langOf(cmd);
      const id = requireItemId(lang, input);
      await withStore(cmd, async (store) => {
        const item = await store.workItems.get(id, { now: io.now() });
        if (!item) throw new UserError(m(lang, 'cli.itemNotFound', { id: input }), 'WORK_ITEM_NOT_FOUND', 1);
        await withNotifier(cmd, store, io, async (n) => {
          const messages = previewAnnouncements(
            {
              now: io.now(),
              settings: n.settings,
              kinds: n.deps.kinds,
              organizationalUnits: n.deps.organizationalUnits,
            },
            item,
          );
          if (!messages.length) io.out(m(lang, 'cli.previewNone', { id: item.ref }));
          for (const message of messages) {
            const channel = n.deps.channels.get(message.channel);
            if (!channel) continue;
            const { type, lang: channelLang } = channel.config;
            io.out(m(lang, 'cli.previewHeader', { channel: message.channel, type, lang: channelLang }));
            io.out(channel.preview(message));
          }
        });
      });
    });
}

export function registerNotify(program: Command, io: WorkItemIo = processIo): void {
  const notify = topCommand(program, 'notify');
  registerRun(notify, io);
  registerTest(notify, io);
  registerOutbox(notify, io);
  registerPreview(notify, io);
}

/**
 * The notification loop of `opsradar serve`: a pass every minute and one right after a pushed event
 * became an item. Undefined when no channel is configured. Errors are logged, never fatal to serve.
 */
export function startServeNotifier(
  store: Store,
  config: Config,
  catalog: Catalog,
  lang: Lang,
  options: {
    intervalMs?: number;
    /** Tests: a clock to drive quiet hours, digests, reminders and escalation. */
    now?: () => Date;
    env?: NodeJS.ProcessEnv;
    stderr?: (text: string) => void;
  } = {},
): { trigger(): void; idle(): Promise<void>; stop(): Promise<void> } | undefined {
  const stderr = options.stderr ?? ((text: string) => process.stderr.write(text));
  const n = notifierFromConfig(config, {
    store,
    kinds: (id) => catalog.get(id),
    log: (entry) => stderr(`${JSON.stringify({ component: 'notify', ...entry })}\n`),
    ...(options.now ? { now: options.now } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  if (n.settings.channels.length === 0) {
    n.close();
    return undefined;
  }
  stderr(`${m(lang, 'serve.notifying', { channels: n.settings.channels.map((c) => c.name).join(', ') })}\n`);
  const loop = startNotifier(() => runNotifyPass(n.deps), {
    intervalMs: options.intervalMs ?? 60_000,
    onError: (error) =>
      stderr(`${JSON.stringify({ component: 'notify', level: 'warn', msg: (error as Error).message })}\n`),
  });
  return {
    trigger: loop.trigger,
    idle: loop.idle,
    async stop() {
      await loop.stop();
      n.close();
    },
  };
}
