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

/** The `ingest` subcommands that read the files they are given, each described once. */
const INGEST_FILES = {
  eventbridge: {
    description:
      'ingest saved EventBridge events (replay, migration) / 保存した EventBridge イベントを取り込みます（再生・移行用）',
    operand: ['<files...>', 'JSON files ("-" = stdin): an event, an array, or one event per line'],
  },
  mail: {
    description:
      'ingest AWS notification emails from .eml files, mbox files or Maildir folders / .eml・mbox・Maildir から AWS の通知メールを取り込みます',
    operand: ['<paths...>', '.eml files, mbox files or Maildir folders'],
  },
} as const;

/** `ingest eventbridge|mail <files...> [--format table|json]`. */
export function ingestFilesCommand(program: Command, name: keyof typeof INGEST_FILES): Command {
  const { description, operand } = INGEST_FILES[name];
  return commandGroup(program, 'ingest')
    .command(name)
    .description(description)
    .argument(operand[0], operand[1])
    .option('--format <format>', 'table or json', 'table');
}
