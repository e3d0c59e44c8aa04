import type { QuarantineReason as StoredQuarantineReason } from '../../store/index.js';

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

/** The store's quarantine reason, with mail ingestion's codes (detail: sizes, limits, part names). */
export type QuarantineReason = StoredQuarantineReason<QuarantineReasonCode>;

/** What the quarantine keeps of a message over `maxMessageBytes`, past its header block: the start of the body. */
export const EXCERPT_BYTES = 64 * 1024;

/** How much of an oversized message is read at all: its headers and an excerpt. */
export function headBytes(limits: MailLimits): number {
  return limits.maxHeaderBytes + EXCERPT_BYTES;
}

/**
 * What the quarantine stores of a message: all of it within the size limit; past it, only its head
 * (headers + excerpt): the original stays where it was read (path, mbox offset, IMAP UID).
 */
export function quarantineCopy(raw: Buffer, limits: MailLimits): Buffer {
  return raw.length > limits.maxMessageBytes ? raw.subarray(0, headBytes(limits)) : raw;
}

export function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}
