import type { Command } from 'commander';

type Register = (program: Command) => void;

/** A top-level command: its help line, and the modules that register it (imported only when it runs). */
interface CommandEntry {
  readonly description: string;
  readonly load: () => Promise<readonly Register[]>;
}

const workflow: CommandEntry['load'] = async () => [(await import('./workflow.js')).registerWorkflow];

/**
 * Every top-level command, sorted by name. Only the modules of the command being run are imported:
 * loading all of them (AWS SDK clients, stores, the server, the demo) made `opsradar --help` take seconds.
 * The descriptions repeat the commands' own (test/cli-commands.test.ts keeps them equal).
 */
export const commandEntries: Readonly<Record<string, CommandEntry>> = {
  ack: { description: 'acknowledge a work item / 作業を確認済みにする', load: workflow },
  assign: {
    description: 'give a work item an owner ("-" for nobody) / 作業の担当者を決める（"-" で解除）',
    load: workflow,
  },
  catalog: {
    description: 'the catalog of AWS operational event kinds / AWS 運用イベント種別のカタログ',
    load: async () => [
      (await import('./catalog.js')).registerCatalog,
      (await import('./catalog-unmapped.js')).registerCatalogUnmapped,
    ],
  },
  classify: {
    description:
      'show how opsradar reads an input, without storing it / 入力の分類結果を表示します（保存しません）',
    load: async () => [(await import('./classify.js')).registerClassify],
  },
  demo: {
    description:
      'one-command demo: simulated AWS, a real scan, Health events, notification mails, dashboard / ワンコマンドデモ',
    load: async () => [(await import('./demo.js')).registerDemo],
  },
  'deploy-template': {
    description:
      'print what to deploy on AWS to send events to opsradar / AWS に配置するテンプレートを出力します',
    load: async () => [(await import('./deploy-template.js')).registerDeployTemplate],
  },
  done: { description: 'mark a work item done / 作業を完了にする', load: workflow },
  'iam-policy': {
    description:
      'print the least-privilege IAM policy the scanners need / スキャナーに必要な最小権限の IAM ポリシーを出力します',
    load: async () => [(await import('./iam-policy.js')).registerIamPolicy],
  },
  ingest: {
    description:
      'take in events AWS announces (Health, EventBridge, mail) / AWS が通知するイベントを取り込みます',
    load: async () => [
      (await import('./ingest-eventbridge.js')).registerIngestEventBridge,
      (await import('./ingest-health.js')).registerIngestHealth,
      (await import('./ingest-imap.js')).registerIngestImap,
      (await import('./ingest-mail.js')).registerIngestMail,
    ],
  },
  lifecycle: {
    description: 'lifecycle tables: end-of-support dates with their sources / サポート終了日の表（出典付き）',
    load: async () => [(await import('./lifecycle.js')).registerLifecycle],
  },
  list: {
    description: 'list work items, soonest due first / 作業の一覧（期日の近い順）',
    load: async () => [(await import('./list.js')).registerList],
  },
  mail: {
    description: 'notification email housekeeping / 通知メールの管理',
    load: async () => [(await import('./mail-quarantine.js')).registerMailQuarantine],
  },
  note: { description: 'add a note to a work item / 作業にメモを残す', load: workflow },
  notify: {
    description: 'reminders, digests and notifications (Slack, Teams, e-mail, SNS, webhook) / 通知',
    load: async () => [(await import('./notify.js')).registerNotify],
  },
  reopen: { description: 'reopen a closed work item / 閉じた作業を再オープンする', load: workflow },
  report: {
    description: 'reports built from the store / レポート',
    load: async () => [(await import('./report.js')).registerReport],
  },
  request: {
    description:
      'requests to AWS planned ahead (申請作業): plan, list, quota, elb-capacity, follow / AWS への申請作業',
    load: async () => [(await import('./request.js')).registerRequest],
  },
  sandbox: {
    description:
      'serve a simulated AWS organization over the real AWS wire protocols / 模擬 AWS Organization を AWS の実プロトコルで提供します',
    load: async () => [(await import('./sandbox.js')).registerSandbox],
  },
  scan: {
    description:
      'scan AWS accounts for upcoming operational events / AWS アカウントをスキャンして予定された運用イベントを検出します',
    load: async () => [(await import('./scan.js')).registerScan],
  },
  serve: {
    description:
      'serve the dashboard, REST API and calendar feed / ダッシュボード・REST API・カレンダー配信を提供します',
    load: async () => [(await import('./serve.js')).registerServe],
  },
  show: {
    description: 'one work item: what, where, due, evidence from every source, runbook, history / 作業の詳細',
    load: async () => [(await import('./show.js')).registerShow],
  },
  start: { description: 'start working on a work item / 作業を対応中にする', load: workflow },
  token: {
    description: 'access tokens for opsradar serve / opsradar serve のアクセストークン',
    load: async () => [(await import('./token.js')).registerToken],
  },
  wontdo: {
    description: 'decide not to do a work item (--reason required) / 対応しないと決める（理由が必要）',
    load: workflow,
  },
  worker: {
    description:
      'take scan jobs of distributed runs (PostgreSQL) until stopped / 分散スキャンのジョブを処理します（PostgreSQL）',
    load: async () => [(await import('./worker.js')).registerWorker],
  },
};

/** Global options that take a value, so `--db x list` finds `list`, not `x`. */
const VALUE_OPTIONS = new Set(['--lang', '--db', '--config']);

/** The top-level command named in the user's arguments (`help <command>` included), if any. */
export function commandNamed(args: readonly string[]): string | undefined {
  const operands: string[] = [];
  for (let i = 0; i < args.length && operands.length < 2; i++) {
    const arg = args[i] as string;
    if (arg === '--') break;
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith('-')) operands.push(arg);
  }
  return operands[0] === 'help' ? operands[1] : operands[0];
}

/**
 * Registers the command the arguments name, with its real module; for anything else (`--help`, no
 * command, an unknown one) registers every command by name and description only, so help and
 * commander's "unknown command / did you mean" still list them all.
 */
export async function registerCommands(program: Command, args: readonly string[]): Promise<void> {
  const name = commandNamed(args);
  const entry = name !== undefined && Object.hasOwn(commandEntries, name) ? commandEntries[name] : undefined;
  if (entry) {
    for (const register of await entry.load()) register(program);
    return;
  }
  for (const [command, { description }] of Object.entries(commandEntries)) {
    program.command(command).description(description);
  }
}
