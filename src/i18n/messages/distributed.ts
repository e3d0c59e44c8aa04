import { defineMessages } from '../index.js';

/** `opsradar scan --distributed`, `opsradar scan status`, `opsradar worker`. */
export const distributedMessages = defineMessages({
  en: {
    enqueued:
      'Scan run {runId}: {jobs} jobs queued (one per account).\nStart workers on any machine: opsradar worker --db <same database>\nProgress: opsradar scan status {runId}',
    'error.postgresOnly':
      '--distributed needs the PostgreSQL store (--db postgres://… or OPSRADAR_DATABASE_URL): workers on other machines share its job queue',
    'error.workerPostgresOnly':
      'opsradar worker needs the PostgreSQL store (--db postgres://… or OPSRADAR_DATABASE_URL)',
    'error.positive': '{option} must be a whole number from {min} to {max}, got "{value}"',
    'error.runNotFound': 'no distributed scan run {runId} in this store',
    'status.title': 'Scan run {runId}: {state}',
    'status.jobs': 'Jobs: {done}/{total} done',
    'status.accountRegions':
      'Account-regions covered: {covered} (ok {ok}, denied {denied}, failed {failed}, skipped {skipped}, unsupported {unsupported})',
    'status.calls': 'API calls: {calls} · found: {found}',
    'status.started': 'Started: {startedAt}',
    'status.finished': 'Finished: {finishedAt}',
    'status.closed': 'Work items synced and unseen ones resolved: {closed}',
    'state.running': 'running',
    'state.complete': 'complete',
    'state.partial': 'partial (some accounts or regions could not be scanned)',
    'state.failed': 'failed',
    'state.aborted': 'aborted (no worker reported for too long)',
    yes: 'yes',
    no: 'not yet',
    'worker.ready':
      'Worker ready: {jobs} jobs at a time from queue {schema}. Ctrl+C stops after running jobs.',
    'worker.jobStart': 'Scanning account {accountId} for run {runId} (attempt {attempt})',
    'worker.jobDone': 'Account {accountId} done: {calls} API calls; run {runId} {done}/{total}',
    'worker.jobError': 'Account {accountId} of run {runId}, attempt {attempt} failed: {message}',
    'worker.runDone': 'Run {runId} finished ({status}): work items synced',
    'worker.stopping': 'Stopping: waiting for running jobs…',
  },
  ja: {
    enqueued:
      'スキャン実行 {runId}: ジョブを {jobs} 件登録しました（アカウントごとに 1 件）。\nワーカーはどのマシンからでも起動できます: opsradar worker --db <同じデータベース>\n進捗の確認: opsradar scan status {runId}',
    'error.postgresOnly':
      '--distributed には PostgreSQL のストアが必要です（--db postgres://… または OPSRADAR_DATABASE_URL）。別マシンのワーカーとジョブキューを共有するためです',
    'error.workerPostgresOnly':
      'opsradar worker には PostgreSQL のストアが必要です（--db postgres://… または OPSRADAR_DATABASE_URL）',
    'error.positive': '{option} には {min}〜{max} の整数を指定してください（指定値: "{value}"）',
    'error.runNotFound': 'このストアに分散スキャンの実行 {runId} はありません',
    'status.title': 'スキャン実行 {runId}: {state}',
    'status.jobs': 'ジョブ: {total} 件中 {done} 件完了',
    'status.accountRegions':
      'スキャン済みのアカウント×リージョン: {covered} 件（正常 {ok}、権限なし {denied}、失敗 {failed}、スキップ {skipped}、未対応 {unsupported}）',
    'status.calls': 'API 呼び出し: {calls} 回 · 検出: {found} 件',
    'status.started': '開始: {startedAt}',
    'status.finished': '終了: {finishedAt}',
    'status.closed': '作業一覧への反映と、検出されなくなった作業の解決: {closed}',
    'state.running': '実行中',
    'state.complete': '完了',
    'state.partial': '一部未完了（スキャンできなかったアカウントまたはリージョンがあります）',
    'state.failed': '失敗',
    'state.aborted': '中断（ワーカーからの報告が長時間ありませんでした）',
    yes: '済み',
    no: 'まだ',
    'worker.ready':
      'ワーカーを起動しました: キュー {schema} から同時に {jobs} 件まで処理します。Ctrl+C で実行中のジョブを終えてから停止します。',
    'worker.jobStart': '実行 {runId} のアカウント {accountId} をスキャンしています（{attempt} 回目）',
    'worker.jobDone':
      'アカウント {accountId} 完了: API 呼び出し {calls} 回。実行 {runId} は {total} 件中 {done} 件完了',
    'worker.jobError': '実行 {runId} のアカウント {accountId}（{attempt} 回目）が失敗しました: {message}',
    'worker.runDone': '実行 {runId} が終了しました（{status}）。作業一覧に反映しました',
    'worker.stopping': '停止します。実行中のジョブの終了を待っています…',
  },
});
