/** Limits against hostile mail. AWS notices are a few kilobytes; anything far larger is suspect. */
export interface MailLimits {
  /** Whole message, in bytes. */
  maxMessageBytes: number;
  /** MIME parts, counting every multipart container and leaf. */
  maxParts: number;
  /** Nesting of multiparts and attached messages. */
  maxDepth: number;
  /** One attachment, decoded size in bytes. */
  maxAttachmentBytes: number;
  /** The header block of one part, in bytes. */
  maxHeaderBytes: number;
  /** Time to read one message; past it the message goes to the quarantine and the mailbox moves on. */
  timeBudgetMs: number;
}

const MiB = 1024 * 1024;

export const defaultMailLimits: MailLimits = {
  maxMessageBytes: 25 * MiB,
  maxParts: 200,
  maxDepth: 10,
  maxAttachmentBytes: 10 * MiB,
  maxHeaderBytes: 256 * 1024,
  timeBudgetMs: 5000,
};

/** Why a message went to the quarantine instead of becoming occurrences. */
export const QUARANTINE_REASONS = [
  'empty',
  'too-large',
  'headers-too-large',
  'too-many-parts',
  'too-deep',
  'attachment-too-large',
  'truncated',
  'unparseable',
  'no-match',
  'over-budget',
  'store-error',
] as const;
export type QuarantineReasonCode = (typeof QUARANTINE_REASONS)[number];

export interface QuarantineReason {
  code: QuarantineReasonCode;
  /** Facts for the message (sizes, limits, part names); shown localized. */
  detail: Record<string, string | number>;
}

export function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}
