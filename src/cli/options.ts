import type { Command } from 'commander';
import type { Lang } from '../core/types.js';
import { resolveLang } from '../i18n/index.js';

/** The options `main` declares for every command (read with `cmd.optsWithGlobals<GlobalOptions>()`). */
export interface GlobalOptions {
  lang?: string;
  db?: string;
  config?: string;
  format?: string;
}

/** The language of a command's output: `--lang`, else the environment's. */
export function langOf(cmd: Command): Lang {
  return resolveLang(cmd.optsWithGlobals<GlobalOptions>().lang);
}

/** The command groups several parts add subcommands to, each described once. */
const GROUPS = {
  ingest: 'take in events AWS announces (Health, EventBridge, mail) / AWS が通知するイベントを取り込みます',
  classify:
    'show how opsradar reads an input, without storing it / 入力の分類結果を表示します（保存しません）',
  catalog: 'the catalog of AWS operational event kinds / AWS 運用イベント種別のカタログ',
  mail: 'notification email housekeeping / 通知メールの管理',
} as const;

export type CommandGroupName = keyof typeof GROUPS;

/** The group `name`, created on first use whatever the registration order. */
export function commandGroup(program: Command, name: CommandGroupName): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(GROUPS[name]);
}
