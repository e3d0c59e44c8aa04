/** Subject normalisation and sender trust, for the catalog's mail rules. */

/** Confidence of each kind of evidence; exported so that sources can explain it. */
export const CONFIDENCE = {
  healthCode: 1,
  healthPattern: 0.8,
  emailListedSender: 0.95,
  emailAwsSender: 0.9,
  emailNoSender: 0.7,
  emailUnknownSender: 0.5,
  /** Content phrases alone: the sender's confidence times this when the score is below STRONG_SCORE. */
  contentOnlyFactor: 0.85,
  healthDescription: 0.7,
  eventBridge: 1,
} as const;

/** Subjects longer than a header line carry nothing more; the cap bounds every subject pattern's work. */
const MAX_SUBJECT = 998;
const SUBJECT_PREFIX = /^(?:fwd?|fw|re|aw|wg|tr|sv|vs|転送|返信)\s?(?:\[\d{1,4}\])?\s?[:：]\s?/iu;
/** A bracketed tag at the start: a mail system's (`[社内]`, `【転送】`, `[EXTERNAL]`, `[#12345]`) or AWS's own. */
const SUBJECT_TAG = /^(?:\[([^[\]]{1,60})\]|【([^【】]{1,60})】|\(([^()]{1,60})\))\s?/u;
/** Tags AWS itself puts in subjects; subject rules read them, so they stay. */
const AWS_TAG =
  /notification|action required|reminder|要対応|要アクション|リマインダー|aws account|aws id|\b[a-z]{2}(?:-gov)?-[a-z]+-\d\b/iu;

/**
 * Removes forwarding/reply prefixes (`Fwd:`, `FW:`, `Re:`, `転送:`) and the tags mail systems and ticket
 * tools put before them (`[社内]`, `【転送】`, `[Ticket#123]`), and unfolds header line breaks.
 */
export function normalizeSubject(subject: string): string {
  let s = subject.slice(0, MAX_SUBJECT).replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 10; i += 1) {
    const prefix = SUBJECT_PREFIX.exec(s);
    if (prefix) {
      s = s.slice(prefix[0].length).trim();
      continue;
    }
    const tag = SUBJECT_TAG.exec(s);
    const inside = tag ? (tag[1] ?? tag[2] ?? tag[3] ?? '') : '';
    if (!tag || AWS_TAG.test(inside) || tag[0].length >= s.length) break;
    s = s.slice(tag[0].length).trim();
  }
  return s;
}

/** `Name <addr@x>` → `addr@x`, lower-cased; undefined when there is no address. */
export function senderAddress(from: string): string | undefined {
  const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(from);
  const address = angle?.[1] ?? /[^\s<>"',;]+@[^\s<>"',;]+/.exec(from)?.[0];
  return address?.toLowerCase();
}

/** Domains AWS sends operational notices from. */
export const AWS_SENDER_DOMAINS = [
  'amazon.com',
  'amazonaws.com',
  'aws.com',
  'amazon.co.jp',
  'aws.amazon.com',
];

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}

function domainMatches(domain: string, wanted: string): boolean {
  return domain === wanted || domain.endsWith(`.${wanted}`);
}

export function isAwsSender(address: string): boolean {
  const domain = domainOf(address);
  return AWS_SENDER_DOMAINS.some((d) => domainMatches(domain, d));
}

export function senderListed(address: string, listed: readonly string[]): boolean {
  const domain = domainOf(address);
  return listed.some((item) => {
    const wanted = item.toLowerCase();
    if (wanted.startsWith('@')) return domainMatches(domain, wanted.slice(1));
    if (wanted.includes('@')) return address === wanted;
    return domainMatches(domain, wanted);
  });
}

/** How far a sender is trusted, for a rule listing `listed` senders. */
export function senderConfidence(
  listed: readonly string[],
  address: string | undefined,
  from: string | undefined,
): { confidence: number; sender: string } {
  if (address === undefined) {
    return {
      confidence: CONFIDENCE.emailNoSender,
      sender: from === undefined ? 'no sender given' : 'sender without address',
    };
  }
  if (listed.length > 0 && senderListed(address, listed)) {
    return { confidence: CONFIDENCE.emailListedSender, sender: `listed sender ${address}` };
  }
  if (isAwsSender(address)) return { confidence: CONFIDENCE.emailAwsSender, sender: `AWS sender ${address}` };
  // Forwarded or relayed notices lose the AWS sender: keep them, trust them less.
  return { confidence: CONFIDENCE.emailUnknownSender, sender: `unknown sender ${address}` };
}
