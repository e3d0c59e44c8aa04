import { z } from 'zod';
import { STANDARD_REGIONS } from '../regions.js';
import { defineService } from './types.js';

/**
 * Amazon SES (API v2): GetAccount. An account that never used SES still answers (sandbox mode,
 * HEALTHY). Bounce and complaint rates are CloudWatch metrics (AWS/SES Reputation.BounceRate /
 * Reputation.ComplaintRate): give them in the region's `cloudwatch.metrics`.
 */
export const sesv2 = defineService({
  name: 'sesv2',
  model: 'sesv2-2019-09-27',
  iamPrefix: 'ses',
  scope: 'regional',
  // SES is not in every Region: the standard ones and a few opt-in Regions that have it.
  regions: [...STANDARD_REGIONS, 'af-south-1', 'ap-southeast-3', 'eu-south-1', 'il-central-1', 'me-south-1'],
  scenario: z.object({
    enforcementStatus: z.enum(['HEALTHY', 'PROBATION', 'SHUTDOWN']).default('HEALTHY'),
    sendingEnabled: z.boolean().default(true),
    productionAccessEnabled: z.boolean().default(false),
    max24HourSend: z.number().default(200),
    sentLast24Hours: z.number().default(0),
    /** Details.ReviewDetails of a production access request. */
    review: z
      .object({ status: z.enum(['PENDING', 'FAILED', 'GRANTED', 'DENIED']), caseId: z.string() })
      .optional(),
  }),
  handlers: {
    GetAccount: ({ data }) => ({
      DedicatedIpAutoWarmupEnabled: false,
      EnforcementStatus: data.enforcementStatus,
      ProductionAccessEnabled: data.productionAccessEnabled,
      SendQuota: {
        Max24HourSend: data.max24HourSend,
        MaxSendRate: data.productionAccessEnabled ? 14 : 1,
        SentLast24Hours: data.sentLast24Hours,
      },
      SendingEnabled: data.sendingEnabled,
      SuppressionAttributes: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
      Details: data.review
        ? {
            MailType: 'TRANSACTIONAL',
            ReviewDetails: { Status: data.review.status, CaseId: data.review.caseId },
          }
        : undefined,
    }),
  },
});
