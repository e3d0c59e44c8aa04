import { CloudWatchClient, GetMetricDataCommand, type MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { GetAccountCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { orNull } from '../support.js';
import type { ScanContext, Scanner } from '../types.js';

const KIND = 'ses-enforcement';
const HOUR_MS = 3_600_000;

/** Statuses of a Region's SES account that mean AWS is acting on it. */
const ENFORCED = new Set(['PROBATION', 'SHUTDOWN']);

/**
 * AWS's levels (SES sending review FAQ and reputation metrics pages, cited in the catalog entry):
 * a bounce rate of 5 % puts the account under review, 10 % may pause sending; for complaints
 * 0.1 % and 0.5 %. Settings, so a team can alarm earlier.
 */
const DEFAULTS = {
  sesBounceReviewRate: 0.05,
  sesBouncePauseRate: 0.1,
  sesComplaintReviewRate: 0.001,
  sesComplaintPauseRate: 0.005,
} as const;

/** Reputation.BounceRate / Reputation.ComplaintRate of the last `sesMetricHours` (default 24), newest first. */
async function reputation(ctx: ScanContext): Promise<MetricDataResult[]> {
  const hours = ctx.setting('sesMetricHours', 24);
  const metric = (id: string, name: string) => ({
    Id: id,
    MetricStat: { Metric: { Namespace: 'AWS/SES', MetricName: name }, Period: 3600, Stat: 'Average' },
  });
  const results: MetricDataResult[] = [];
  let token: string | undefined;
  do {
    const page = await ctx.client(CloudWatchClient).send(
      new GetMetricDataCommand({
        MetricDataQueries: [
          metric('bounce', 'Reputation.BounceRate'),
          metric('complaint', 'Reputation.ComplaintRate'),
        ],
        StartTime: new Date(ctx.now.getTime() - hours * HOUR_MS),
        EndTime: ctx.now,
        ScanBy: 'TimestampDescending',
        NextToken: token,
      }),
    );
    results.push(...(page.MetricDataResults ?? []));
    token = page.NextToken;
  } while (token);
  return results;
}

/** The newest value of a GetMetricData result (asked newest first), or null without datapoints. */
function latest(results: MetricDataResult[], id: string): number | null {
  const values = results.find((r) => r.Id === id)?.Values ?? [];
  return values[0] ?? null;
}

/**
 * The SES account of a Region under review (PROBATION) or paused (SHUTDOWN), or whose bounce or
 * complaint rate (CloudWatch AWS/SES Reputation.*) has reached AWS's review level. An account that
 * never sent mail is HEALTHY with no metrics: nothing to report.
 */
export const sesEnforcement: Scanner = {
  id: 'ses-enforcement',
  eventKinds: [KIND],
  scope: 'regional',
  permissions: ['cloudwatch:GetMetricData', 'ses:GetAccount'],
  summary: {
    ja: 'SES アカウントの審査・送信停止と、バウンス率・苦情率のしきい値超過',
    en: 'SES account under review or paused, and bounce / complaint rates at AWS review levels',
  },
  async *scan(ctx) {
    const account = await ctx.client(SESv2Client).send(new GetAccountCommand({}));
    const status = account.EnforcementStatus ?? null;
    const results: MetricDataResult[] = [];
    // A sandbox-mode account that sent nothing today has no reputation to read: skip the metrics call
    // (most accounts of an organization never use SES).
    const idle = account.ProductionAccessEnabled !== true && (account.SendQuota?.SentLast24Hours ?? 0) === 0;
    if (!idle) results.push(...(await reputation(ctx)));

    const thresholds = {
      bounceReview: ctx.setting('sesBounceReviewRate', DEFAULTS.sesBounceReviewRate),
      bouncePause: ctx.setting('sesBouncePauseRate', DEFAULTS.sesBouncePauseRate),
      complaintReview: ctx.setting('sesComplaintReviewRate', DEFAULTS.sesComplaintReviewRate),
      complaintPause: ctx.setting('sesComplaintPauseRate', DEFAULTS.sesComplaintPauseRate),
    };
    const bounce = latest(results, 'bounce');
    const complaint = latest(results, 'complaint');
    const reasons = [
      ...(status !== null && ENFORCED.has(status) ? [`status-${status.toLowerCase()}`] : []),
      ...(bounce !== null && bounce >= thresholds.bouncePause
        ? ['bounce-rate-pause-level']
        : bounce !== null && bounce >= thresholds.bounceReview
          ? ['bounce-rate-review-level']
          : []),
      ...(complaint !== null && complaint >= thresholds.complaintPause
        ? ['complaint-rate-pause-level']
        : complaint !== null && complaint >= thresholds.complaintReview
          ? ['complaint-rate-review-level']
          : []),
    ];
    if (reasons.length === 0) return;
    const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(2)}%`);
    yield {
      kind: KIND,
      // The SES account of this Region: it has no ARN.
      resource: ctx.accountId,
      eventDate: null,
      title:
        status !== null && ENFORCED.has(status)
          ? `SES ${ctx.region}: account ${status === 'SHUTDOWN' ? 'sending paused' : 'under review'} (bounce ${pct(bounce)}, complaint ${pct(complaint)})`
          : `SES ${ctx.region}: bounce ${pct(bounce)}, complaint ${pct(complaint)} at AWS review level`,
      evidence: {
        enforcementStatus: status,
        sendingEnabled: orNull(account.SendingEnabled),
        productionAccessEnabled: orNull(account.ProductionAccessEnabled),
        reviewStatus: orNull(account.Details?.ReviewDetails?.Status),
        reviewCaseId: orNull(account.Details?.ReviewDetails?.CaseId),
        bounceRate: bounce,
        complaintRate: complaint,
        thresholds,
        reasons,
      },
    };
  },
};
