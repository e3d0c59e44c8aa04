import type { Lang } from '../../core/types.js';
import { emailMessages as m } from '../../i18n/messages/email.js';
import type { QuarantineReason } from './limits.js';
import type { SenderTrust } from './trust.js';

/** The quarantine reason as a sentence a person reads. */
export function describeReason(lang: Lang, reason: QuarantineReason): string {
  const detail = Object.fromEntries(
    Object.entries(reason.detail).map(([key, value]) => [key, String(value)]),
  ) as Record<string, string>;
  const key: Parameters<typeof m>[1] =
    reason.code === 'no-match' && 'nearMiss' in reason.detail
      ? 'reason.no-match-near'
      : `reason.${reason.code}`;
  return m(lang, key, {
    size: '',
    limit: '',
    name: '',
    part: '',
    what: '',
    error: '',
    subject: '',
    nearMiss: '',
    nearMissScore: '',
    nearMissPhrases: '',
    step: '',
    ...detail,
  });
}

/** Why a notice is or is not trusted, as a sentence. */
export function describeTrust(lang: Lang, trust: SenderTrust): string {
  const results = (list: readonly string[]): string => (list.length ? list.join('/') : '-');
  return m(lang, `trust.${trust.reason}`, {
    domain: trust.domain ?? '-',
    dkim: results(trust.auth.dkim),
    spf: results(trust.auth.spf),
    dmarc: results(trust.auth.dmarc),
    by: trust.forwardedBy ?? '-',
  });
}
