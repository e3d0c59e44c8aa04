import { defineMessages } from '../index.js';

/** Messages about the lifecycle data tables (data/lifecycle/*.yaml and the user's overrides). */
export const lifecycleMessages = defineMessages({
  en: {
    'error.unknownTable': 'unknown lifecycle table "{name}"; tables: {tables}',
    'error.format': '--format must be table or json',
    'error.noDir':
      'no lifecycle directory: pass --dir, set OPSRADAR_LIFECYCLE_DIR or lifecycle.dir in the config',
    'error.fetchFailed': 'lifecycle update: {reason}',
    'show.table': 'table',
    'show.row': 'row',
    'show.dates': 'dates',
    'show.source': 'source',
    'show.readOn': 'read on',
    'update.written': '{count} change(s) written to {dir}',
    stale:
      'warning: lifecycle table "{table}" ({file}) is {days} days old (as of {asOf}); end-of-support dates may have changed. Check its sources and update it, or put a newer copy in lifecycle.dir / OPSRADAR_LIFECYCLE_DIR.',
  },
  ja: {
    'error.unknownTable': 'ライフサイクル表「{name}」はありません。表の一覧: {tables}',
    'error.format': '--format には table か json を指定してください',
    'error.noDir':
      '更新先のディレクトリがありません。--dir、OPSRADAR_LIFECYCLE_DIR、設定の lifecycle.dir のいずれかを指定してください',
    'error.fetchFailed': 'lifecycle update: endoflife.date から取得できませんでした（{reason}）',
    'show.table': '表',
    'show.row': '行',
    'show.dates': '日付',
    'show.source': '出典',
    'show.readOn': '確認日',
    'update.written': '{count} 件の変更を {dir} に書き込みました',
    stale:
      '警告: ライフサイクル表「{table}」（{file}）は {days} 日前（{asOf} 時点）の情報です。サポート終了日が変わっている可能性があります。出典を確認して更新するか、新しい表を lifecycle.dir または OPSRADAR_LIFECYCLE_DIR に置いてください。',
  },
});
