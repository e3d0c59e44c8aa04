import { DescribeSubscriptionCommand, ShieldClient, type Subscription } from '@aws-sdk/client-shield';
import { shieldSubscribed } from '../shared.js';
import { addSeconds, isAwsError, isoOrNull, withinHorizon } from '../support.js';
import type { Scanner } from '../types.js';

const KIND = 'shield-subscription-renewal';

/**
 * The account's Shield Advanced subscription when its term ends within the horizon: it renews for
 * another year (auto-renew on) or protection stops (auto-renew off). Either needs a decision.
 * Accounts without a subscription have nothing to report.
 */
export const shieldSubscriptionRenewal: Scanner = {
  id: 'shield-subscription-renewal',
  eventKinds: [KIND],
  scope: 'global',
  globalRegion: 'us-east-1',
  permissions: ['shield:DescribeSubscription', 'shield:GetSubscriptionState'],
  summary: {
    ja: 'Shield Advanced サブスクリプションの期間終了・自動更新',
    en: 'Shield Advanced subscription whose term ends or renews soon',
  },
  async *scan(ctx) {
    if (!(await shieldSubscribed(ctx))) return;
    let subscription: Subscription | undefined;
    try {
      subscription = (await ctx.client(ShieldClient).send(new DescribeSubscriptionCommand({}))).Subscription;
    } catch (error) {
      // The subscription ended since the state was read: nothing to renew.
      if (isAwsError(error, 'ResourceNotFoundException')) return;
      throw error;
    }
    if (!subscription) return;
    // EndTime is optional in the API; the term is then start + commitment.
    const end =
      isoOrNull(subscription.EndTime) ??
      addSeconds(subscription.StartTime, subscription.TimeCommitmentInSeconds);
    if (end === null || !withinHorizon(ctx, KIND, end)) return;
    const autoRenew = subscription.AutoRenew ?? null;
    const what = autoRenew === 'ENABLED' ? 'renews automatically' : 'ends (auto-renew off)';
    yield {
      kind: KIND,
      resource: subscription.SubscriptionArn ?? `arn:aws:shield::${ctx.accountId}:subscription`,
      eventDate: end,
      title: `Shield Advanced subscription ${what} on ${end.slice(0, 10)}`,
      evidence: {
        autoRenew,
        start: isoOrNull(subscription.StartTime),
        end,
        endTimeGiven: subscription.EndTime !== undefined,
        timeCommitmentInSeconds: subscription.TimeCommitmentInSeconds ?? null,
        proactiveEngagementStatus: subscription.ProactiveEngagementStatus ?? null,
      },
    };
  },
};
