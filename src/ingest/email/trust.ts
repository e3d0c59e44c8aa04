/**
 * Whether a notice really comes from AWS. Only two signals are used: the sender's domain and the
 * Authentication-Results the receiving mail system recorded. Failures only ever lower trust.
 */
export type ForwardKind = 'none' | 'inline' | 'attached';

export type TrustReason =
  | 'aws-domain'
  | 'not-aws-domain'
  | 'customer-host-domain'
  | 'auth-failed'
  | 'forwarded-inline'
  | 'no-sender';

export interface AuthResults {
  dkim: string[];
  spf: string[];
  dmarc: string[];
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

export function parseAuthenticationResults(headers: readonly string[]): AuthResults {
  const results: AuthResults = { dkim: [], spf: [], dmarc: [] };
  for (const header of headers) {
    // Drop comments, which may contain words like "dkim=fail" quoted from elsewhere.
    const clean = header.replace(/\([^)]*\)/g, ' ');
    for (const m of clean.matchAll(/\b(dkim|spf|dmarc)\s*=\s*([a-z]+)/gi)) {
      const method = (m[1] ?? '').toLowerCase() as keyof AuthResults;
      results[method].push((m[2] ?? '').toLowerCase());
    }
  }
  return results;
}

function authFailed(auth: AuthResults): boolean {
  if (auth.dmarc.includes('fail')) return true;
  if (auth.spf.some((r) => r === 'fail' || r === 'softfail')) return true;
  // A message may carry several DKIM signatures; one good one is enough.
  return auth.dkim.includes('fail') && !auth.dkim.includes('pass');
}

export function judgeSender(input: {
  sender: string | null;
  authenticationResults: readonly string[];
  forwarded: ForwardKind;
  forwardedBy?: string | null;
}): SenderTrust {
  const domain = senderDomain(input.sender);
  const auth = parseAuthenticationResults(input.authenticationResults);
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
  if (authFailed(auth)) return { ...base, verified: false, reason: 'auth-failed' };
  // Quoted inline, only the forwarder's word says who sent it.
  if (input.forwarded === 'inline') return { ...base, verified: false, reason: 'forwarded-inline' };
  return { ...base, verified: true, reason: 'aws-domain' };
}
