export {
  type ClassifyOptions,
  type ClassifyOutcome,
  classifyEmail,
  type EmailClassification,
} from './classify.js';
export { DEMO_AUTHSERV_ID, demoMail, demoMailDir, renderDemoMail } from './demo.js';
export {
  type IngestItemResult,
  type IngestOptions,
  type IngestSummary,
  ingestMail,
  ingestOne,
  retryQuarantine,
} from './ingest.js';
export {
  defaultMailLimits,
  type MailLimits,
  type QuarantineReason,
  type QuarantineReasonCode,
} from './limits.js';
export { type QuarantinedMail, quarantineRepository } from './quarantine.js';
export { type MailItem, readMailSources } from './sources.js';
export { type MailTrustOptions, mailTrustConfigSchema } from './trust.js';
