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

/**
 * Every top-level command and its help line, sorted by name: the one place they are written. `--help`
 * lists them from here without loading any command's module, and each module declares its command
 * with `topCommand`, so the two never differ.
 */
const COMMANDS = {
  ack: 'acknowledge a work item / 作業を確認済みにする',
  assign: 'give a work item an owner ("-" for nobody) / 作業の担当者を決める（"-" で解除）',
  catalog: 'the catalog of AWS operational event kinds / AWS 運用イベント種別のカタログ',
  classify:
    'show how opsradar reads an input, without storing it / 入力の分類結果を表示します（保存しません）',
  demo: 'one-command demo: simulated AWS, a real scan, Health events, notification mails, dashboard / ワンコマンドデモ',
  'deploy-template':
    'print what to deploy on AWS to send events to opsradar / AWS に配置するテンプレートを出力します',
  done: 'mark a work item done / 作業を完了にする',
  'iam-policy':
    'print the least-privilege IAM policy the scanners need / スキャナーに必要な最小権限の IAM ポリシーを出力します',
  ingest: 'take in events AWS announces (Health, EventBridge, mail) / AWS が通知するイベントを取り込みます',
  lifecycle: 'lifecycle tables: end-of-support dates with their sources / サポート終了日の表（出典付き）',
  list: 'list work items, soonest due first / 作業の一覧（期日の近い順）',
  mail: 'notification email housekeeping / 通知メールの管理',
  note: 'add a note to a work item / 作業にメモを残す',
  notify: 'reminders, digests and notifications (Slack, Teams, e-mail, SNS, webhook) / 通知',
  reopen: 'reopen a closed work item / 閉じた作業を再オープンする',
  report: 'reports built from the store / レポート',
  request:
    'requests to AWS planned ahead (申請作業): plan, list, quota, elb-capacity, follow / AWS への申請作業',
  sandbox:
    'serve a simulated AWS organization over the real AWS wire protocols / 模擬 AWS Organization を AWS の実プロトコルで提供します',
  scan: 'scan AWS accounts for upcoming operational events / AWS アカウントをスキャンして予定された運用イベントを検出します',
  serve:
    'serve the dashboard, REST API and calendar feed / ダッシュボード・REST API・カレンダー配信を提供します',
  show: 'one work item: what, where, due, evidence from every source, runbook, history / 作業の詳細',
  start: 'start working on a work item / 作業を対応中にする',
  token: 'access tokens for opsradar serve / opsradar serve のアクセストークン',
  wontdo: 'decide not to do a work item (--reason required) / 対応しないと決める（理由が必要）',
  worker:
    'take scan jobs of distributed runs (PostgreSQL) until stopped / 分散スキャンのジョブを処理します（PostgreSQL）',
} as const;

export type CommandName = keyof typeof COMMANDS;

/** The top-level command names, sorted. */
export const commandNames = Object.keys(COMMANDS) as readonly CommandName[];

/**
 * The top-level command `name` with its help line, created on first use: a group several modules add
 * subcommands to (`ingest`, `catalog`, …) is the same command whatever the registration order.
 */
export function topCommand(program: Command, name: CommandName): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(COMMANDS[name]);
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
  return topCommand(program, 'ingest')
    .command(name)
    .description(description)
    .argument(operand[0], operand[1])
    .option('--format <format>', 'table or json', 'table');
}
