import { defineMessages } from '../index.js';

/** Messages about the lifecycle data tables (data/lifecycle/*.yaml and the user's overrides). */
export const lifecycleMessages = defineMessages({
  en: {
    stale:
      'warning: lifecycle table "{table}" ({file}) is {days} days old (as of {asOf}); end-of-support dates may have changed. Check its sources and update it, or put a newer copy in lifecycle.dir / OPSRADAR_LIFECYCLE_DIR.',
  },
  ja: {
    stale:
      '警告: ライフサイクル表「{table}」（{file}）は {days} 日前（{asOf} 時点）の情報です。サポート終了日が変わっている可能性があります。出典を確認して更新するか、新しい表を lifecycle.dir または OPSRADAR_LIFECYCLE_DIR に置いてください。',
  },
});
