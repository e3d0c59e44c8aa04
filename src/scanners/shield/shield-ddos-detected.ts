import {
  type AttackSummary,
  DescribeAttackCommand,
  ListAttacksCommand,
  ShieldClient,
} from '@aws-sdk/client-shield';
import { appendTo } from '../../core/collections.js';
import { DAY_MS } from '../../core/time.js';
import { shieldSubscribed } from '../shared.js';
import { isAwsError, isoOrNull } from '../support.js';
import type { Scanner } from '../types.js';

const KIND = 'shield-ddos-detected';
/** At most this many attacks per resource are described and kept in evidence; the count is always there. */
const ATTACKS_SHOWN = 10;

/**
 * DDoS attacks Shield Advanced detected on protected resources: ongoing ones and those started
 * within `shieldAttackLookbackDays` (default 14). One finding per resource, dated by its latest
 * attack. Accounts without a Shield Advanced subscription have nothing to report (no error).
 */
export const shieldDdosDetected: Scanner = {
  id: 'shield-ddos-detected',
  eventKinds: [KIND],
  scope: 'global',
  globalRegion: 'us-east-1',
  permissions: ['shield:DescribeAttack', 'shield:GetSubscriptionState', 'shield:ListAttacks'],
  summary: {
    ja: 'Shield Advanced が検知した DDoS 攻撃（継続中・直近）',
    en: 'DDoS attacks detected by Shield Advanced (ongoing and recent)',
  },
  async *scan(ctx) {
    if (!(await shieldSubscribed(ctx))) return;
    const shield = ctx.client(ShieldClient);
    const days = ctx.setting('shieldAttackLookbackDays', 14);
    const summaries: AttackSummary[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await shield.send(
          new ListAttacksCommand({
            StartTime: { FromInclusive: new Date(ctx.now.getTime() - days * DAY_MS), ToExclusive: ctx.now },
            MaxResults: 100,
            NextToken: token,
          }),
        );
        summaries.push(...(page.AttackSummaries ?? []));
        token = page.NextToken;
      } while (token);
    } catch (error) {
      // The subscription ended between the two calls: no feature, nothing to report.
      if (isAwsError(error, 'ResourceNotFoundException')) return;
      throw error;
    }
    const byResource = new Map<string, AttackSummary[]>();
    for (const s of summaries) {
      if (!s.ResourceArn || !s.AttackId) continue;
      appendTo(byResource, s.ResourceArn, s);
    }
    for (const [resourceArn, list] of [...byResource].sort(([a], [b]) => a.localeCompare(b))) {
      // Newest first; ongoing attacks (no EndTime) are the ones that matter most.
      const attacks = list.sort((a, b) =>
        (isoOrNull(b.StartTime) ?? '').localeCompare(isoOrNull(a.StartTime) ?? ''),
      );
      const shown = [];
      for (const summary of attacks.slice(0, ATTACKS_SHOWN)) {
        let mitigations: string[] = [];
        try {
          const detail = await shield.send(new DescribeAttackCommand({ AttackId: summary.AttackId }));
          mitigations = (detail.Attack?.Mitigations ?? []).flatMap((m) =>
            m.MitigationName ? [m.MitigationName] : [],
          );
        } catch (error) {
          if (!isAwsError(error, 'ResourceNotFoundException')) throw error;
        }
        shown.push({
          attackId: summary.AttackId ?? null,
          startTime: isoOrNull(summary.StartTime),
          endTime: isoOrNull(summary.EndTime),
          ongoing: summary.EndTime === undefined,
          vectors: (summary.AttackVectors ?? []).flatMap((v) => (v.VectorType ? [v.VectorType] : [])),
          mitigations,
        });
      }
      const ongoing = attacks.some((a) => a.EndTime === undefined);
      const latestStart = isoOrNull(attacks[0]?.StartTime);
      yield {
        kind: KIND,
        resource: resourceArn,
        eventDate: latestStart,
        title: `Shield: ${ongoing ? 'ongoing DDoS attack' : 'DDoS attack'} on ${resourceArn.split(':').slice(-1)[0]}`,
        evidence: { ongoing, attackCount: attacks.length, lookbackDays: days, attacks: shown },
      };
    }
  },
};
