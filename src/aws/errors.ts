/**
 * How the scan engine reads an AWS error: "could not look" (denied, unsupported) is never
 * confused with "nothing found", and "failed" keeps the reason.
 */
export type ErrorClass = 'denied' | 'throttled' | 'unsupported' | 'failed';

const DENIED_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthorizationError',
  'AuthFailure',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'OptInRequired',
  'AWSOrganizationsNotInUseException',
  'SubscriptionRequiredException',
]);

/** Codes AWS services use for throttling across the JSON, REST-JSON, Query and EC2 protocols. */
const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'EC2ThrottledException',
]);

/** The endpoint does not exist in this region, or the service is not offered there. */
const UNSUPPORTED_CODES = new Set([
  'InvalidAction',
  'UnknownEndpoint',
  'UnknownOperationException',
  'UnsupportedOperation',
]);
const UNSUPPORTED_NETWORK = new Set(['ENOTFOUND', 'EAI_AGAIN']);

export interface AwsErrorInfo {
  class: ErrorClass;
  /** The AWS error code (`AccessDenied`) or Node's (`ECONNREFUSED`), else the error name. */
  code: string;
  /** One line for the coverage report; never carries credentials. */
  reason: string;
}

function errorCode(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { name?: unknown; code?: unknown; Code?: unknown; errno?: unknown };
    if (typeof e.code === 'string' && e.code) return e.code;
    if (typeof e.Code === 'string' && e.Code) return e.Code;
    if (typeof e.name === 'string' && e.name && e.name !== 'Error') return e.name;
  }
  return 'Error';
}

/** Redacts anything that looks like an access key id or a session token from a message. */
export function redact(text: string): string {
  return text
    .replace(/\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g, '$1****')
    .replace(/(X-Amz-Security-Token|SessionToken|Signature)=[^&\s]+/gi, '$1=****');
}

export function isThrottlingError(error: unknown): boolean {
  const meta = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata;
  return THROTTLING_CODES.has(errorCode(error)) || meta?.httpStatusCode === 429;
}

export function classifyAwsError(error: unknown): AwsErrorInfo {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = redact(message.split('\n')[0] ?? '').slice(0, 300);
  const reason = firstLine && firstLine !== code ? `${code}: ${firstLine}` : code;
  if (DENIED_CODES.has(code)) return { class: 'denied', code, reason };
  if (isThrottlingError(error)) return { class: 'throttled', code, reason: `${reason} (retries exhausted)` };
  if (UNSUPPORTED_CODES.has(code) || UNSUPPORTED_NETWORK.has(code)) {
    return { class: 'unsupported', code, reason };
  }
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  if (cause && UNSUPPORTED_NETWORK.has(errorCode(cause))) return { class: 'unsupported', code, reason };
  return { class: 'failed', code, reason };
}
