import type { Lang } from '../core/types.js';

/**
 * A work item's title in the reader's language, as the scanners write theirs: what, which resource,
 * when — in the past tense once the date has passed. Sources word their titles their own way (a mail
 * subject, a Health event code); the source's own text stays in the evidence.
 */

/** [subject, verb before the date, verb once the date has passed]. */
type Phrase = readonly [string, string, string];

const PHRASES: Record<string, { en: Phrase; ja: Phrase }> = {
  'acm-certificate-expiry': {
    en: ['ACM certificate', 'expires on', 'expired on'],
    ja: ['ACM 証明書', '期限切れになります', '期限切れになりました'],
  },
  'iam-server-certificate-expiry': {
    en: ['IAM server certificate', 'expires on', 'expired on'],
    ja: ['IAM サーバー証明書', '期限切れになります', '期限切れになりました'],
  },
  'rds-ca-certificate-expiry': {
    en: ['RDS CA certificate of', 'expires on', 'expired on'],
    ja: ['RDS の CA 証明書（', '期限切れになります', '期限切れになりました'],
  },
  'route53-domain-expiry': {
    en: ['Domain', 'expires on', 'expired on'],
    ja: ['ドメイン', '期限切れになります', '期限切れになりました'],
  },
  'scim-token-expiry': {
    en: ['SCIM access token of', 'expires on', 'expired on'],
    ja: ['SCIM アクセストークン（', '期限切れになります', '期限切れになりました'],
  },
  'reservation-expiry': {
    en: ['Reservation', 'ends on', 'ended on'],
    ja: ['リザベーション', '終了します', '終了しました'],
  },
  'capacity-reservation-expiry': {
    en: ['Capacity reservation', 'ends on', 'ended on'],
    ja: ['キャパシティ予約', '終了します', '終了しました'],
  },
  'shield-subscription-renewal': {
    en: ['Shield Advanced subscription', 'ends on', 'ended on'],
    ja: ['Shield Advanced サブスクリプション', '終了します', '終了しました'],
  },
  'ec2-scheduled-event': {
    en: [
      'EC2 instance',
      'has scheduled maintenance or retirement on',
      'had scheduled maintenance or retirement on',
    ],
    ja: [
      'EC2 インスタンス',
      'メンテナンスまたはリタイアが予定されています',
      'メンテナンスまたはリタイアが予定されていました',
    ],
  },
  'rds-pending-maintenance': {
    en: ['RDS', 'has maintenance applied on', 'had maintenance applied on'],
    ja: ['RDS', 'メンテナンスが適用されます', 'メンテナンスが適用されました'],
  },
  'engine-maintenance': {
    en: ['Database', 'has maintenance applied on', 'had maintenance applied on'],
    ja: ['データベース', 'メンテナンスが適用されます', 'メンテナンスが適用されました'],
  },
  'directconnect-maintenance': {
    en: ['Direct Connect', 'has maintenance on', 'had maintenance on'],
    ja: ['Direct Connect', 'メンテナンスがあります', 'メンテナンスがありました'],
  },
  'vpn-maintenance': {
    en: ['Site-to-Site VPN', 'has tunnel maintenance on', 'had tunnel maintenance on'],
    ja: ['Site-to-Site VPN', 'トンネルのメンテナンスがあります', 'トンネルのメンテナンスがありました'],
  },
  'availability-zone-retirement': {
    en: [
      'Resource',
      'must leave a retiring Availability Zone by',
      'had to leave a retiring Availability Zone by',
    ],
    ja: [
      'リソース',
      'までに運用終了するアベイラビリティーゾーンから移す必要があります',
      'までに運用終了するアベイラビリティーゾーンから移す必要がありました',
    ],
  },
  'lambda-runtime-deprecation': {
    en: ['Lambda function', 'runtime reaches end of support on', 'runtime reached end of support on'],
    ja: ['Lambda 関数', 'ランタイムのサポートが終了します', 'ランタイムのサポートが終了しました'],
  },
  'os-end-of-support': {
    en: ['EC2 instance', 'OS reaches end of support on', 'OS reached end of support on'],
    ja: ['EC2 インスタンス', 'OS のサポートが終了します', 'OS のサポートが終了しました'],
  },
  'eks-version-end-of-support': {
    en: [
      'EKS cluster',
      'Kubernetes version leaves standard support on',
      'Kubernetes version left standard support on',
    ],
    ja: [
      'EKS クラスター',
      'Kubernetes バージョンの標準サポートが終了します',
      'Kubernetes バージョンの標準サポートが終了しました',
    ],
  },
  'rds-engine-end-of-support': {
    en: ['RDS', 'engine version leaves standard support on', 'engine version left standard support on'],
    ja: [
      'RDS',
      'エンジンバージョンの標準サポートが終了します',
      'エンジンバージョンの標準サポートが終了しました',
    ],
  },
  'engine-end-of-support': {
    en: ['Database', 'engine version leaves standard support on', 'engine version left standard support on'],
    ja: [
      'データベース',
      'エンジンバージョンの標準サポートが終了します',
      'エンジンバージョンの標準サポートが終了しました',
    ],
  },
  'beanstalk-platform-update': {
    en: ['Elastic Beanstalk environment', 'platform branch retires on', 'platform branch retired on'],
    ja: [
      'Elastic Beanstalk 環境',
      'プラットフォームブランチが廃止されます',
      'プラットフォームブランチが廃止されました',
    ],
  },
  'ami-release': {
    en: ['AMI', 'is deprecated on', 'was deprecated on'],
    ja: ['AMI', '非推奨になります', '非推奨になりました'],
  },
};

export interface ItemTitleInput {
  kind: string;
  /** The resource as people name it (an ARN reduced to its id). */
  resource: string;
  /** The event day in the reader's time zone (YYYY-MM-DD), or null. */
  eventDay: string | null;
  /** Whether that day has passed. */
  past: boolean;
  /** The catalog title in the reader's language, when the kind is known. */
  kindTitle?: string;
}

export function itemTitle(lang: Lang, input: ItemTitleInput): string {
  const phrase = PHRASES[input.kind]?.[lang];
  const what = input.kindTitle ?? input.kind;
  if (!input.eventDay || !phrase) {
    const when = input.eventDay ? dayPhrase(lang, input.eventDay, input.past) : '';
    return lang === 'ja' ? `${what}：${input.resource}${when}` : `${what}: ${input.resource}${when}`;
  }
  const [subject, future, past] = phrase;
  const verb = input.past ? past : future;
  if (lang === 'en') return `${subject} ${input.resource} ${verb} ${input.eventDay}`;
  // 「RDS の CA 証明書（db-1）」: subjects ending in （ take the resource in brackets.
  const named = subject.endsWith('（')
    ? `${subject}${input.resource}）は`
    : `${subject} ${input.resource} は`;
  // A verb starting in Latin letters ("OS のサポート") keeps a space after に, as Japanese tech writing does.
  const at = verb.startsWith('までに')
    ? `${input.eventDay} ${verb}`
    : `${input.eventDay} に${/^[A-Za-z]/.test(verb) ? ' ' : ''}${verb}`;
  return `${named} ${at}`;
}

function dayPhrase(lang: Lang, day: string, past: boolean): string {
  // An attack, a report, an exposure: going on since that day.
  if (lang === 'ja') return past ? `（${day} から）` : `（${day}）`;
  return past ? ` (since ${day})` : ` (${day})`;
}
