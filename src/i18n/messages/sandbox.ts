import { defineMessages } from '../index.js';

/** Messages of `opsradar sandbox`. */
export const sandboxMessages = defineMessages({
  en: {
    serving: 'opsradar sandbox: serving {accounts} accounts from {source} on {url} (Ctrl-C to stop)',
    hint: 'Point the AWS SDK / CLI at it: export AWS_ENDPOINT_URL={url} (any access key works; it acts as the management account {management})',
    stopped: 'opsradar sandbox: stopped after {calls} calls',
    badPort: 'invalid --port "{port}": expected 0-65535 (0 picks a free port)',
    badLatency: 'invalid --latency "{value}": expected milliseconds, e.g. 100',
    badRate: 'invalid --rate-limit "{value}": expected requests per second or "aws"',
  },
  ja: {
    serving:
      'opsradar sandbox: {source} の {accounts} アカウントを {url} で提供しています（Ctrl-C で停止します）',
    hint: 'AWS SDK / CLI の接続先に指定してください: export AWS_ENDPOINT_URL={url}（アクセスキーは任意です。管理アカウント {management} として扱います）',
    stopped: 'opsradar sandbox: {calls} 件の呼び出しを処理して停止しました',
    badPort: '--port "{port}" が不正です: 0〜65535 を指定してください（0 は空きポートを自動で選びます）',
    badLatency: '--latency "{value}" が不正です: ミリ秒で指定してください（例: 100）',
    badRate: '--rate-limit "{value}" が不正です: 1 秒あたりのリクエスト数、または "aws" を指定してください',
  },
});
