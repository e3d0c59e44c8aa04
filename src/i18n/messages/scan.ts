import { defineMessages } from '../index.js';

/** Labels and messages of `opsradar scan` and `opsradar iam-policy`. */
export const scanMessages = defineMessages({
  en: {
    'progress.line':
      '{bar} {percent}% · {tasks}/{known} checks · {accounts}/{accountsTotal} accounts · {found} found',
    'summary.title':
      'Scan {status}: {accounts} accounts, {occurrences} found, {calls} API calls in {seconds}s',
    'status.complete': 'complete',
    'status.partial': 'partial (some accounts or regions could not be scanned)',
    'status.failed': 'failed',
    'column.scanner': 'Scanner',
    'column.found': 'Found',
    'column.ok': 'OK',
    'column.denied': 'Denied',
    'column.failed': 'Failed',
    'column.unsupported': 'Unsupported',
    'column.skipped': 'Skipped',
    'column.account': 'Account',
    'column.region': 'Region',
    'column.status': 'Status',
    'column.reason': 'Reason',
    'problems.title': 'Not covered ({count}):',
    'problems.more': '… and {count} more (see --format json)',
    'throttled.note': '{count} calls were throttled by AWS and retried.',
    'error.format': 'unknown format "{format}" (allowed: {allowed})',
    'error.scanner': 'unknown scanner "{id}" (known: {known})',
    'error.account': 'not a 12-digit AWS account id: "{id}"',
    'error.region': 'not an AWS region name: "{region}"',
    'error.concurrency': '--concurrency must be a whole number from 1 to 1024, got "{value}"',
    'error.externalIdWithoutRole': '--external-id applies to assumed roles: use it with --org or --accounts',
    'error.trustedAccount': '--trusted-account must be a 12-digit AWS account id, got "{id}"',
  },
  ja: {
    'progress.line':
      '{bar} {percent}% · チェック {tasks}/{known} · アカウント {accounts}/{accountsTotal} · 検出 {found} 件',
    'summary.title':
      'スキャン{status}: アカウント {accounts} 件、検出 {occurrences} 件、API 呼び出し {calls} 回（{seconds} 秒）',
    'status.complete': '完了',
    'status.partial': '一部未完了（スキャンできなかったアカウントまたはリージョンがあります）',
    'status.failed': '失敗',
    'column.scanner': 'スキャナー',
    'column.found': '検出',
    'column.ok': '正常',
    'column.denied': '権限なし',
    'column.failed': '失敗',
    'column.unsupported': '未対応',
    'column.skipped': 'スキップ',
    'column.account': 'アカウント',
    'column.region': 'リージョン',
    'column.status': '状態',
    'column.reason': '理由',
    'problems.title': 'スキャンできなかった範囲（{count} 件）:',
    'problems.more': '… ほか {count} 件（詳細は --format json で確認できます）',
    'throttled.note': 'AWS にスロットリングされた呼び出しが {count} 回あり、再試行しました。',
    'error.format': '不明な出力形式です: "{format}"（指定できる値: {allowed}）',
    'error.scanner': '不明なスキャナーです: "{id}"（指定できる値: {known}）',
    'error.account': '12 桁の AWS アカウント ID ではありません: "{id}"',
    'error.region': 'AWS リージョン名ではありません: "{region}"',
    'error.concurrency': '--concurrency には 1〜1024 の整数を指定してください（指定値: "{value}"）',
    'error.externalIdWithoutRole':
      '--external-id は引き受けるロールに使います。--org または --accounts と一緒に指定してください',
    'error.trustedAccount':
      '--trusted-account には 12 桁の AWS アカウント ID を指定してください（指定値: "{id}"）',
  },
});
