import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { type Catalog, defaultCatalog } from '../catalog/index.js';
import { configSection, loadConfig } from '../config/index.js';
import { type RoutingConfig, routingSchema } from '../core/routing.js';
import { localClock } from '../core/time.js';
import type { Lang } from '../core/types.js';
import {
  formatWorkItemId,
  type HumanAction,
  parseWorkItemId,
  WorkItemError,
  type WorkItemStatus,
} from '../core/workitems.js';
import { workItemMessages as m } from '../i18n/messages/workitems.js';
import { openStore, type ResolveResult, type Store, type SyncResult, type WorkItem } from '../store/index.js';
import { UserError } from './errors.js';
import { type GlobalOptions, langOf, topCommand } from './options.js';

/**
 * `opsradar ack|start|done|wontdo|reopen ID`, `assign ID OWNER`, `note ID TEXT`, and what the
 * work item commands share (store, catalog, routing, time zone, actor).
 */

/** Where the commands write and what clock they use; tests pass their own. */
export interface WorkItemIo {
  out(text: string): void;
  now(): Date;
}

export const processIo: WorkItemIo = {
  out: (text) => {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  },
  now: () => new Date(),
};

/** Opens the store of `--db` (or the default), runs `fn`, always closes. */
export async function withStore<T>(cmd: Command, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(cmd.optsWithGlobals<GlobalOptions>().db);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** The `routing` section of the config file (validated). */
export function routingConfig(configPath?: string): RoutingConfig {
  return configSection(loadConfig(configPath), 'routing', routingSchema);
}

/**
 * Turns whatever occurrences the sources recorded into work items (idempotent, cheap when nothing is
 * new). Scan and ingest commands call it after recording; list and show call it so they never lag.
 * With `scanRunId` (after a scan) it also resolves what that scan no longer saw where its coverage was ok.
 */
export async function refreshWorkItems(
  store: Store,
  options: { configPath?: string; now?: Date; catalog?: Catalog; scanRunId?: string } = {},
): Promise<SyncResult & { resolved: ResolveResult | null }> {
  const catalog = options.catalog ?? defaultCatalog({ configPath: options.configPath });
  const now = options.now ?? new Date();
  return store.workItems.refresh(catalog, routingConfig(options.configPath), {
    now,
    scanRunId: options.scanRunId,
  });
}

/** `--tz`, else env TZ, else the system's zone; checked to exist. */
export function resolveTimeZone(lang: Lang, explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const tz = explicit || env.TZ || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new UserError(m(lang, 'error.timeZone', { tz }), 'USAGE', 2);
  }
  return tz;
}

/** `2026-12-03 10:00` in the given zone (what a person reads). */
export function formatLocal(iso: string | null, tz: string): string {
  if (!iso) return '-';
  return localClock(new Date(iso), tz);
}

/** ISO-8601 with the zone's offset, e.g. 2026-12-03T10:00:00+09:00 (for CSV). */
export function formatOffset(iso: string | null, tz: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  const local = formatLocal(iso, tz);
  const asUtc = new Date(`${local.replace(' ', 'T')}:00Z`).getTime();
  const offsetMinutes = Math.round((asUtc - Math.floor(date.getTime() / 60_000) * 60_000) / 60_000);
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  const seconds = String(date.getUTCSeconds()).padStart(2, '0');
  return `${local.replace(' ', 'T')}:${seconds}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export function statusLabel(lang: Lang, status: WorkItemStatus): string {
  return m(lang, `status.${status}`);
}

/** `--actor`, else the OS user name. */
export function actorOf(explicit?: string): string {
  if (explicit?.trim()) return explicit.trim();
  try {
    return userInfo().username || process.env.USER || 'unknown';
  } catch {
    return process.env.USER || 'unknown';
  }
}

/** A work item id from the command line, or a clear usage error. */
export function requireItemId(lang: Lang, input: string): number {
  const id = parseWorkItemId(input);
  if (id === undefined) throw new UserError(m(lang, 'error.badId', { id: input }), 'WORK_ITEM_ID_INVALID', 1);
  return id;
}

/** The store's errors, said in the user's language. */
export function localizeWorkItemError(
  lang: Lang,
  error: unknown,
  id: number,
  action?: HumanAction,
  status?: WorkItemStatus,
): unknown {
  if (!(error instanceof WorkItemError)) return error;
  const ref = formatWorkItemId(id);
  switch (error.code) {
    case 'WORK_ITEM_NOT_FOUND':
      return new UserError(m(lang, 'error.notFound', { id: ref }), error.code, 1);
    case 'REASON_REQUIRED':
      return new UserError(m(lang, 'error.reasonRequired'), error.code, 1);
    case 'NOTE_EMPTY':
      return new UserError(m(lang, 'error.noteEmpty'), error.code, 1);
    case 'INVALID_TRANSITION':
      return new UserError(
        m(lang, 'error.invalidTransition', {
          id: ref,
          action: action ? m(lang, `action.${action}`) : '',
          status: status ? statusLabel(lang, status) : '',
        }),
        error.code,
        1,
      );
    default:
      return error;
  }
}

interface ActionOptions {
  note?: string;
  reason?: string;
  actor?: string;
}

const ACTIONS: readonly HumanAction[] = ['ack', 'start', 'done', 'wontdo', 'reopen'];

export function registerWorkflow(program: Command, io: WorkItemIo = processIo): void {
  for (const action of ACTIONS) {
    topCommand(program, action)
      .argument('<id>', 'work item id, e.g. 42 or #42')
      .option('--note <text>', 'a note for the history / 履歴に残すメモ')
      .option('--reason <text>', 'why (required for wontdo) / 理由（wontdo では必須）')
      .option('--actor <name>', 'who does it (default: the OS user) / 実施者（既定: OS のユーザー名）')
      .action(async (input: string, opts: ActionOptions, cmd: Command) => {
        const lang = langOf(cmd);
        const id = requireItemId(lang, input);
        await withStore(cmd, async (store) => {
          const before = await store.workItems.get(id);
          let after: WorkItem;
          try {
            after = await store.workItems.transition(id, action, {
              actor: actorOf(opts.actor),
              ...(opts.note ? { note: opts.note } : {}),
              ...(opts.reason ? { reason: opts.reason } : {}),
              now: io.now(),
            });
          } catch (error) {
            throw localizeWorkItemError(lang, error, id, action, before?.status);
          }
          io.out(
            m(lang, 'action.changed', {
              id: after.ref,
              from: before ? statusLabel(lang, before.status) : '-',
              to: statusLabel(lang, after.status),
            }),
          );
        });
      });
  }

  topCommand(program, 'assign')
    .argument('<id>', 'work item id, e.g. 42 or #42')
    .argument('<owner>', 'owner name, or - to unassign')
    .option('--team <team>', 'also set the team / 担当チームも変更')
    .option('--note <text>', 'a note for the history / 履歴に残すメモ')
    .option('--actor <name>', 'who does it (default: the OS user) / 実施者（既定: OS のユーザー名）')
    .action(
      async (
        input: string,
        owner: string,
        opts: { team?: string; note?: string; actor?: string },
        cmd: Command,
      ) => {
        const lang = langOf(cmd);
        const id = requireItemId(lang, input);
        const newOwner = owner === '-' ? null : owner;
        await withStore(cmd, async (store) => {
          let after: WorkItem;
          try {
            after = await store.workItems.assign(id, newOwner, actorOf(opts.actor), {
              ...(opts.team !== undefined ? { team: opts.team } : {}),
              ...(opts.note ? { note: opts.note } : {}),
              now: io.now(),
            });
          } catch (error) {
            throw localizeWorkItemError(lang, error, id);
          }
          io.out(
            after.owner
              ? m(lang, 'action.assigned', { id: after.ref, owner: after.owner })
              : m(lang, 'action.unassigned', { id: after.ref }),
          );
        });
      },
    );

  topCommand(program, 'note')
    .argument('<id>', 'work item id, e.g. 42 or #42')
    .argument('<text>', 'the note')
    .option('--actor <name>', 'who writes it (default: the OS user) / 記入者（既定: OS のユーザー名）')
    .action(async (input: string, text: string, opts: { actor?: string }, cmd: Command) => {
      const lang = langOf(cmd);
      const id = requireItemId(lang, input);
      await withStore(cmd, async (store) => {
        try {
          const after = await store.workItems.addNote(id, text, actorOf(opts.actor), { now: io.now() });
          io.out(m(lang, 'action.noted', { id: after.ref }));
        } catch (error) {
          throw localizeWorkItemError(lang, error, id);
        }
      });
    });
}
