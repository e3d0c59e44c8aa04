import { defineMessages } from '../index.js';

/** Messages of AWS Health / EventBridge / SNS ingestion (`ingest health`, `ingest eventbridge`, `classify health`, `catalog unmapped`, `deploy-template`). */
export const healthMessages = defineMessages({
  en: {
    'health.summary':
      'AWS Health ({view}, API region {region}): {events} events read, {occurrences} occurrences ({created} new, {updated} updated, {unchanged} unchanged, {unmapped} unmapped), {calls} API calls.',
    'health.view.account': 'account {account}',
    'health.view.org': 'organization view from {account}',
    'health.failover': 'The active Health endpoint did not answer; switched to {region}.',
    'health.cursor': 'Next run reads changes since {cursor}.',
    'health.full': 'Read everything the API keeps (no cursor).',
    'health.failedEvents': '{count} event(s) could not be described by AWS Health, e.g. {example}.',
    'health.gap.SUBSCRIPTION_REQUIRED':
      'Account {account} cannot use the AWS Health API: it needs a Business-class AWS Support plan (Business, Enterprise On-Ramp, Enterprise, or the newer Business Support+ / Unified Operations). Nothing was read; this is recorded as a coverage gap. Receive Health events through EventBridge instead: opsradar deploy-template eventbridge',
    'health.gap.ORGANIZATION_VIEW_DISABLED':
      'AWS Health organizational view is not enabled for account {account}. Enable it from the management account (AWS Health console → Organizational view, or EnableHealthServiceAccessForOrganization), or run without --org. Recorded as a coverage gap.',
    'health.gap.ACCESS_DENIED':
      'Account {account} is not allowed to read AWS Health ({reason}). Grant health:Describe* to the caller. Recorded as a coverage gap.',
    'health.gap.FAILED': 'Reading AWS Health failed: {reason}',
    'eventbridge.summary':
      '{files} file(s), {events} event(s): {occurrences} occurrences ({created} new, {updated} updated, {unchanged} unchanged, {unmapped} unmapped).',
    'eventbridge.error.file': '{file}: {message}',
    'eventbridge.error.noFiles':
      'give at least one file of saved EventBridge events (JSON object, array, or one event per line)',
    'classify.error.input': '{file}: {message}',
    'unmapped.title': 'AWS event type codes no catalog entry knows ({count}):',
    'unmapped.none': 'No unmapped event type codes have been seen.',
    'unmapped.column.code': 'Event type code',
    'unmapped.column.service': 'Service',
    'unmapped.column.category': 'AWS category',
    'unmapped.column.occurrences': 'Occurrences',
    'unmapped.column.accounts': 'Accounts',
    'unmapped.column.lastSeen': 'Last seen',
    'unmapped.hint':
      'Add a catalog entry (detection.health.eventTypeCodes) to map a code; see `opsradar catalog show <id>`.',
    'template.error.target': 'unknown target "{target}" (allowed: {allowed})',
    'template.error.auth': 'unknown auth "{auth}" (allowed: {allowed})',
    'template.error.format': 'unknown format "{format}" (allowed: yaml, json)',
    'error.format': 'unknown format "{format}" (allowed: {allowed})',
  },
  ja: {
    'health.summary':
      'AWS Health（{view}、API リージョン {region}）: イベント {events} 件を取得、オカレンス {occurrences} 件（新規 {created}、更新 {updated}、変更なし {unchanged}、未分類 {unmapped}）、API 呼び出し {calls} 回。',
    'health.view.account': 'アカウント {account}',
    'health.view.org': '{account} からの組織ビュー',
    'health.failover': 'アクティブな Health エンドポイントが応答しなかったため、{region} に切り替えました。',
    'health.cursor': '次回は {cursor} 以降の変更を取得します。',
    'health.full': 'API が保持しているイベントをすべて取得しました（カーソル不使用）。',
    'health.failedEvents':
      'AWS Health から詳細を取得できなかったイベントが {count} 件あります（例: {example}）。',
    'health.gap.SUBSCRIPTION_REQUIRED':
      'アカウント {account} では AWS Health API を利用できません。ビジネス以上の AWS サポートプラン（ビジネス、エンタープライズ On-Ramp、エンタープライズ、または新しい Business Support+ / Unified Operations）が必要です。何も取得していません。カバレッジの欠落として記録しました。EventBridge 経由で Health イベントを受信してください: opsradar deploy-template eventbridge',
    'health.gap.ORGANIZATION_VIEW_DISABLED':
      'アカウント {account} で AWS Health の組織ビューが有効になっていません。管理アカウントで有効化する（AWS Health コンソールの「組織ビュー」、または EnableHealthServiceAccessForOrganization）か、--org を付けずに実行してください。カバレッジの欠落として記録しました。',
    'health.gap.ACCESS_DENIED':
      'アカウント {account} には AWS Health を参照する権限がありません（{reason}）。呼び出し元に health:Describe* を付与してください。カバレッジの欠落として記録しました。',
    'health.gap.FAILED': 'AWS Health の取得に失敗しました: {reason}',
    'eventbridge.summary':
      'ファイル {files} 件、イベント {events} 件: オカレンス {occurrences} 件（新規 {created}、更新 {updated}、変更なし {unchanged}、未分類 {unmapped}）。',
    'eventbridge.error.file': '{file}: {message}',
    'eventbridge.error.noFiles':
      '保存した EventBridge イベントのファイルを 1 つ以上指定してください（JSON オブジェクト、配列、または 1 行 1 イベント）',
    'classify.error.input': '{file}: {message}',
    'unmapped.title': 'カタログにないイベントタイプコード（{count} 件）:',
    'unmapped.none': '未分類のイベントタイプコードはありません。',
    'unmapped.column.code': 'イベントタイプコード',
    'unmapped.column.service': 'サービス',
    'unmapped.column.category': 'AWS のカテゴリ',
    'unmapped.column.occurrences': 'オカレンス数',
    'unmapped.column.accounts': 'アカウント数',
    'unmapped.column.lastSeen': '最終検出日時',
    'unmapped.hint':
      'コードを分類するにはカタログエントリ（detection.health.eventTypeCodes）を追加してください。`opsradar catalog show <id>` を参照。',
    'template.error.target': '不明なターゲット「{target}」です（指定可能: {allowed}）',
    'template.error.auth': '不明な認証方式「{auth}」です（指定可能: {allowed}）',
    'template.error.format': '不明な形式「{format}」です（指定可能: yaml, json）',
    'error.format': '不明な形式「{format}」です（指定可能: {allowed}）',
  },
});
