import { createVerify, X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { OpsradarError } from '../../core/errors.js';

/** Why an SNS message was refused; `status` is the HTTP answer, `reason` a stable code for logs. */
export class SnsRejection extends OpsradarError {
  constructor(
    message: string,
    readonly reason: SnsRejectReason,
    readonly status: 400 | 403 | 413 | 422 = 403,
  ) {
    super(message, `SNS_${reason.toUpperCase()}`, 2);
  }
}

export type SnsRejectReason =
  | 'malformed'
  | 'unsigned'
  | 'unsupported_signature_version'
  | 'bad_certificate_url'
  | 'certificate_unavailable'
  | 'bad_signature'
  | 'expired'
  | 'topic_not_allowed'
  | 'bad_subscribe_url'
  | 'type_mismatch';

const common = {
  MessageId: z.string().min(1),
  TopicArn: z.string().min(1),
  Message: z.string(),
  Timestamp: z.string().min(1),
  SignatureVersion: z.string().optional(),
  Signature: z.string().optional(),
  SigningCertURL: z.string().optional(),
};

export const snsMessageSchema = z.discriminatedUnion('Type', [
  z.object({
    Type: z.literal('Notification'),
    ...common,
    Subject: z.string().nullable().optional(),
    UnsubscribeURL: z.string().optional(),
  }),
  z.object({
    Type: z.literal('SubscriptionConfirmation'),
    ...common,
    Token: z.string().min(1),
    SubscribeURL: z.string().min(1),
  }),
  z.object({
    Type: z.literal('UnsubscribeConfirmation'),
    ...common,
    Token: z.string().min(1),
    SubscribeURL: z.string().min(1),
  }),
]);
export type SnsMessage = z.infer<typeof snsMessageSchema>;

/** Parses the raw body; truncated or non-JSON bodies and unknown shapes are refused with 400. */
export function parseSnsMessage(body: string): SnsMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new SnsRejection('body is not valid JSON (truncated?)', 'malformed', 400);
  }
  const result = snsMessageSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new SnsRejection(`not an SNS message (${issues})`, 'malformed', 400);
  }
  return result.data;
}

/**
 * The string SNS signs: "Key\nValue\n" for the type's fields in byte order of the key names,
 * Subject only when present (Notification).
 */
export function canonicalString(message: SnsMessage): string {
  const keys =
    message.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  const record = message as Record<string, unknown>;
  let out = '';
  for (const key of keys) {
    const value = record[key];
    if (typeof value !== 'string') continue;
    out += `${key}\n${value}\n`;
  }
  return out;
}

const SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/u;

/**
 * Accepts only https://sns.<region>.amazonaws.com(.cn)/...pem on the default port, with no
 * credentials, query or fragment tricks: the certificate must come from SNS itself.
 */
export function isSnsCertificateUrl(value: string): boolean {
  const url = snsEndpoint(value);
  if (!url) return false;
  return url.pathname.endsWith('.pem') && url.search === '' && url.hash === '';
}

/** SubscribeURL must be an https SNS endpoint too, or confirming would call an arbitrary host. */
export function isSnsSubscribeUrl(value: string): boolean {
  return snsEndpoint(value)?.searchParams.get('Action') === 'ConfirmSubscription';
}

/** `value` as a URL when it is https on an SNS host, default port, no credentials; else null. */
function snsEndpoint(value: string): URL | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  const plain =
    url.protocol === 'https:' &&
    SNS_HOST.test(url.hostname) &&
    url.port === '' &&
    url.username === '' &&
    url.password === '';
  return plain ? url : null;
}

/** Fetches a PEM certificate; called only with URLs that passed `isSnsCertificateUrl`. */
export type CertificateFetcher = (url: string) => Promise<string>;

export interface VerifyOptions {
  fetchCertificate: CertificateFetcher;
  /** Topic ARNs whose messages are accepted; anything else is refused. */
  allowedTopicArns: readonly string[];
  now: Date;
  /** Older messages are treated as replays. SNS retries an HTTP/S delivery for up to an hour by default. */
  maxAgeSeconds?: number;
}

/** Parsed certificates by PEM text: parsing costs far more than verifying one signature. */
const parsedCertificates = new Map<string, X509Certificate>();

function parseCertificate(pem: string): X509Certificate {
  const cached = parsedCertificates.get(pem);
  if (cached) return cached;
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch {
    throw new SnsRejection('signing certificate is not a valid X.509 certificate', 'bad_signature');
  }
  if (parsedCertificates.size >= 64) parsedCertificates.clear();
  parsedCertificates.set(pem, certificate);
  return certificate;
}

const ALGORITHMS: Record<string, string> = { '1': 'RSA-SHA1', '2': 'RSA-SHA256' };
/** SNS clocks and ours may differ slightly; a message from further in the future is not genuine. */
export const FUTURE_SKEW_MS = 5 * 60_000;
/** SNS retries an HTTP/S delivery for up to an hour by default. */
export const DEFAULT_MAX_AGE_SECONDS = 3600;

/**
 * Verifies one SNS message: topic on the allow list, fresh timestamp, certificate URL on an SNS host,
 * and an RSA signature (SHA1 for SignatureVersion 1, SHA256 for 2) over the canonical string by a
 * certificate currently valid. Throws SnsRejection; returns the message when it is genuine.
 */
export async function verifySnsMessage(message: SnsMessage, options: VerifyOptions): Promise<SnsMessage> {
  if (!message.Signature || !message.SigningCertURL || !message.SignatureVersion) {
    throw new SnsRejection('message is not signed', 'unsigned');
  }
  // "Key\nValue\n" is ambiguous when a value holds a line break: text could move between fields under
  // the same signature (a new MessageId to slip past deduplication). Only Message may have one.
  const record = message as Record<string, unknown>;
  const broken = Object.keys(record).find(
    (key) => key !== 'Message' && typeof record[key] === 'string' && /[\r\n]/u.test(record[key]),
  );
  if (broken) throw new SnsRejection(`${broken} contains a line break`, 'malformed', 400);
  const algorithm = ALGORITHMS[message.SignatureVersion];
  if (!algorithm) {
    throw new SnsRejection(
      `unsupported SignatureVersion ${JSON.stringify(message.SignatureVersion)}`,
      'unsupported_signature_version',
    );
  }
  if (!options.allowedTopicArns.includes(message.TopicArn)) {
    throw new SnsRejection(
      `topic ${message.TopicArn} is not on ingest.sns.allowedTopicArns`,
      'topic_not_allowed',
    );
  }
  const timestamp = Date.parse(message.Timestamp);
  const maxAgeMs = (options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS) * 1000;
  if (Number.isNaN(timestamp)) throw new SnsRejection('Timestamp is not a date', 'malformed', 400);
  const age = options.now.getTime() - timestamp;
  if (age > maxAgeMs || age < -FUTURE_SKEW_MS) {
    throw new SnsRejection(
      `message timestamp ${message.Timestamp} is outside the accepted window`,
      'expired',
    );
  }
  if (!isSnsCertificateUrl(message.SigningCertURL)) {
    throw new SnsRejection(
      'SigningCertURL is not an https://sns.<region>.amazonaws.com certificate URL',
      'bad_certificate_url',
    );
  }
  let pem: string;
  try {
    pem = await options.fetchCertificate(message.SigningCertURL);
  } catch (error) {
    throw new SnsRejection(
      `signing certificate could not be fetched: ${(error as Error).message}`,
      'certificate_unavailable',
    );
  }
  const certificate = parseCertificate(pem);
  const nowMs = options.now.getTime();
  if (Date.parse(certificate.validFrom) > nowMs + FUTURE_SKEW_MS || Date.parse(certificate.validTo) < nowMs) {
    throw new SnsRejection('signing certificate is not currently valid', 'bad_signature');
  }
  const verifier = createVerify(algorithm);
  verifier.update(canonicalString(message), 'utf8');
  let valid = false;
  try {
    valid = verifier.verify(certificate.publicKey, message.Signature, 'base64');
  } catch {
    valid = false;
  }
  if (!valid) throw new SnsRejection('signature does not match the message', 'bad_signature');
  return message;
}
