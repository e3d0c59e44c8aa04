import { z } from 'zod';

/**
 * Whether a notice really comes from AWS. Only two signals are used: the sender's domain and the
 * Authentication-Results that the user's own receiving server recorded (recognised by its
 * authserv-id, `mail.authservId` in config.yaml). Anyone can write such a header into a message, so
 * a header from any other server counts for nothing, and a mail without a result from ours is
 * unverified. Unverified mail still becomes evidence, but it never moves or reopens an item.
 */
export type ForwardKind = 'none' | 'inline' | 'attached';

export type TrustReason =
  | 'aws-domain'
  | 'not-aws-domain'
  | 'customer-host-domain'
  | 'auth-failed'
  | 'no-auth-results'
  | 'forwarded-inline'
  | 'forwarded-attached'
  | 'no-sender';

export interface AuthResults {
  dkim: string[];
  spf: string[];
  dmarc: string[];
  /** The signing domains (header.d) of the passing DKIM signatures. */
  dkimPassDomains?: string[];
}

/**
 * The `mail` section of config.yaml:
 *
 *   mail:
 *     authservId: mx.example.co.jp   # what your receiving server writes first in Authentication-Results
 */
export const mailTrustConfigSchema = z
  .object({
    authservId: z
      .union([z.string().min(1), z.array(z.string().min(1))])
      .optional()
      .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
  })
  .strict();

export interface MailTrustOptions {
  /** authserv-ids of the user's own receiving servers; empty: no mail is verified. */
  authservIds: readonly string[];
}

export interface SenderTrust {
  verified: boolean;
  reason: TrustReason;
  /** The address the notice claims to come from (the original sender for forwarded notices). */
  sender: string | null;
  domain: string | null;
  /** What the receiving mail system recorded for the message trust was judged on. */
  auth: AuthResults;
  forwarded: ForwardKind;
  /** Who forwarded it, when it was forwarded. */
  forwardedBy: string | null;
}

/**
 * Domains AWS sends account notices from: amazon.com and its subdomains (no-reply-aws@amazon.com,
 * aws-account-notification@..., registrar.amazon.com for Route 53 Domains), aws.com, the .aws
 * top-level domain that Amazon operates, amazonaws.com itself (abuse reports), and the domain
 * the Route 53 registrar uses for domain notices (domainnameverification.net).
 */
const AWS_DOMAINS = ['amazon.com', 'aws.com', 'aws', 'domainnameverification.net'];
/** Only the bare domain: customers own host names under amazonaws.com (ec2-…compute.amazonaws.com). */
const AWS_EXACT_DOMAINS = ['amazonaws.com'];

export function senderDomain(address: string | null): string | null {
  if (!address) return null;
  const at = address.lastIndexOf('@');
  if (at < 0) return null;
  return address
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .replace(/[>.]+$/, '');
}

export function isAwsSendingDomain(domain: string | null): boolean {
  if (!domain) return false;
  if (AWS_EXACT_DOMAINS.includes(domain)) return true;
  return AWS_DOMAINS.some((d) => domain === d || domain.endsWith(`.${d}`));
}

/** Drops comments, which may contain words like "dkim=fail" quoted from elsewhere. */
function withoutComments(header: string): string {
  return header.replace(/\([^)]*\)/g, ' ');
}

/** The authserv-id a header starts with (`mx.example.jp 1; dkim=pass` → `mx.example.jp`). */
export function authservIdOf(header: string): string {
  const first = withoutComments(header).split(';')[0] ?? '';
  return (first.trim().split(/\s+/)[0] ?? '').toLowerCase();
}

/**
 * The one header our receiving server wrote: the topmost with its authserv-id. A server prepends
 * its own and (RFC 8601 §5) deletes copies claiming its id; anything below was there before.
 */
export function trustedAuthenticationResults(
  headers: readonly string[],
  authservIds: readonly string[],
): string[] {
  const ours = new Set(authservIds.map((id) => id.toLowerCase()));
  const found = headers.find((header) => ours.has(authservIdOf(header)));
  return found === undefined ? [] : [found];
}

export function parseAuthenticationResults(headers: readonly string[]): AuthResults {
  const results: AuthResults = { dkim: [], spf: [], dmarc: [], dkimPassDomains: [] };
  for (const header of headers) {
    for (const part of withoutComments(header).split(';')) {
      const m = /^\s*(dkim|spf|dmarc)\s*=\s*([a-z]+)/i.exec(part);
      if (!m) continue;
      const method = (m[1] ?? '').toLowerCase() as 'dkim' | 'spf' | 'dmarc';
      const result = (m[2] ?? '').toLowerCase();
      results[method].push(result);
      const signer = /\bheader\.d\s*=\s*([a-z0-9.-]+)/i.exec(part)?.[1];
      if (method === 'dkim' && result === 'pass' && signer)
        results.dkimPassDomains?.push(signer.toLowerCase());
    }
  }
  return results;
}

/** A positive result: DMARC passed, or a DKIM signature by an AWS domain verified. */
function authPassed(auth: AuthResults): boolean {
  if (auth.dmarc.includes('pass')) return true;
  return (auth.dkimPassDomains ?? []).some((domain) => isAwsSendingDomain(domain));
}

function authFailed(auth: AuthResults): boolean {
  if (auth.dmarc.includes('fail')) return true;
  if (auth.spf.some((r) => r === 'fail' || r === 'softfail')) return true;
  // A message may carry several DKIM signatures; one good one is enough.
  return auth.dkim.includes('fail') && !auth.dkim.includes('pass');
}

export function judgeSender(input: {
  sender: string | null;
  /** Every Authentication-Results header of the message, topmost first. */
  authenticationResults: readonly string[];
  forwarded: ForwardKind;
  forwardedBy?: string | null;
  /** Whose results count; without any, nothing is verified. */
  authservIds?: readonly string[];
}): SenderTrust {
  const domain = senderDomain(input.sender);
  const auth = parseAuthenticationResults(
    trustedAuthenticationResults(input.authenticationResults, input.authservIds ?? []),
  );
  const base = {
    sender: input.sender,
    domain,
    auth,
    forwarded: input.forwarded,
    forwardedBy: input.forwardedBy ?? null,
  };
  if (!domain) return { ...base, verified: false, reason: 'no-sender' };
  if (domain.endsWith('.amazonaws.com')) return { ...base, verified: false, reason: 'customer-host-domain' };
  if (!isAwsSendingDomain(domain)) return { ...base, verified: false, reason: 'not-aws-domain' };
  // Quoted inline, only the forwarder's word says who sent it; attached, its headers (results
  // included) are whatever the forwarder's copy says, which our server never checked.
  if (input.forwarded === 'inline') return { ...base, verified: false, reason: 'forwarded-inline' };
  if (input.forwarded === 'attached') return { ...base, verified: false, reason: 'forwarded-attached' };
  if (authFailed(auth)) return { ...base, verified: false, reason: 'auth-failed' };
  if (!authPassed(auth)) return { ...base, verified: false, reason: 'no-auth-results' };
  return { ...base, verified: true, reason: 'aws-domain' };
}
