/**
 * The wire side of the sandbox: reading a signed request (credential scope, REST inputs) and each
 * protocol's real error answers (unknown operation, throttling, access denied).
 */
import type { IncomingMessage } from 'node:http';
import { fromJson, fromText } from './codec.js';
import { AwsError } from './helpers.js';
import type { BaseKnobs } from './knobs.js';
import type { Operation, Protocol } from './model.js';
import type { CallerIdentity } from './services/types.js';

const CREDENTIAL = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

export const THROTTLE_CODES = new Set([
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);
export const DENY_CODES = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation']);

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function parseAuth(
  req: IncomingMessage,
  url: URL,
): { accessKeyId: string; region: string; service: string } | null {
  const source =
    header(req, 'authorization') ?? `Credential=${url.searchParams.get('X-Amz-Credential') ?? ''}`;
  const match = CREDENTIAL.exec(source);
  if (!match) return null;
  return { accessKeyId: match[1] as string, region: match[2] as string, service: match[3] as string };
}

/** A request as read off the wire: its body, credential scope and the protocol it looks like. */
export interface WireRequest {
  body: Buffer;
  url: URL;
  auth: ReturnType<typeof parseAuth>;
  target: string | undefined;
  isForm: boolean;
  /** The protocol to answer in before the operation is known (errors about the request itself). */
  guess: Protocol;
}

export async function readRequest(req: IncomingMessage): Promise<WireRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const target = header(req, 'x-amz-target');
  const isForm =
    (header(req, 'content-type') ?? '').includes('x-www-form-urlencoded') || url.searchParams.has('Action');
  const guess: Protocol = target ? 'json' : isForm ? 'query' : 'rest-json';
  return { body, url, auth: parseAuth(req, url), target, isForm, guess };
}

export function restInput(
  op: Operation,
  match: RegExpExecArray,
  url: URL,
  req: IncomingMessage,
  body: Buffer,
): Record<string, unknown> {
  let input: Record<string, unknown> = {};
  if (op.input.payload) {
    const member = op.input.members.get(op.input.payload);
    if (member && body.length > 0) {
      input[member.name] =
        member.shape.type === 'structure'
          ? fromJson(JSON.parse(body.toString('utf8')), member.shape)
          : body.toString('utf8');
    }
  } else if (body.length > 0) {
    try {
      input = (fromJson(JSON.parse(body.toString('utf8')), op.input) as Record<string, unknown>) ?? {};
    } catch {
      throw new AwsError('SerializationException', 'The request body is not valid JSON.');
    }
  }
  const labels = op.path?.labels ?? [];
  for (const member of op.input.members.values()) {
    const wire = member.locationName ?? member.name;
    if (member.location === 'uri') {
      const index = labels.indexOf(wire);
      const raw = index >= 0 ? match[index + 1] : undefined;
      if (raw !== undefined) input[member.name] = fromText(decodeURIComponent(raw), member.shape);
    } else if (member.location === 'querystring') {
      if (member.shape.type === 'list') {
        const values = url.searchParams.getAll(wire);
        if (values.length > 0)
          input[member.name] = values.map((v) =>
            fromText(v, (member.shape.member as { shape: typeof member.shape }).shape),
          );
      } else if (member.shape.type === 'map') {
        const map: Record<string, string> = {};
        for (const [k, v] of url.searchParams) map[k] = v;
        input[member.name] = map;
      } else {
        const value = url.searchParams.get(wire);
        if (value !== null) input[member.name] = fromText(value, member.shape);
      }
    } else if (member.location === 'header') {
      const value = header(req, wire.toLowerCase());
      if (value !== undefined) input[member.name] = fromText(value, member.shape);
    }
  }
  return input;
}

export function latencyOf(knobs: BaseKnobs): number {
  const latency = knobs.latencyMs;
  if (latency === undefined) return 0;
  if (typeof latency === 'number') return latency;
  const [min, max] = latency;
  return min + Math.random() * Math.max(0, max - min);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The protocol's real answer to an operation the endpoint does not know. */
export function unknownOperation(protocol: Protocol, action: string): AwsError {
  if (protocol === 'query' || protocol === 'ec2') {
    return new AwsError('InvalidAction', `The action ${action} is not valid for this web service.`);
  }
  if (protocol === 'rest-json') {
    return new AwsError('UnknownOperationException', `No operation matches ${action}`, { status: 404 });
  }
  return new AwsError('UnknownOperationException', `Operation ${action} is not supported.`);
}

/** Throttling in each protocol's real code: json 400 ThrottlingException, rest-json 429, query 400 Throttling, ec2 503 RequestLimitExceeded. */
export function throttled(protocol: Protocol): AwsError {
  if (protocol === 'ec2')
    return new AwsError('RequestLimitExceeded', 'Request limit exceeded.', { status: 503, fault: 'Sender' });
  if (protocol === 'query') return new AwsError('Throttling', 'Rate exceeded', { status: 400 });
  if (protocol === 'rest-json') return new AwsError('ThrottlingException', 'Rate exceeded', { status: 429 });
  return new AwsError('ThrottlingException', 'Rate exceeded', { status: 400 });
}

export function accessDenied(protocol: Protocol, iamAction: string, identity: CallerIdentity): AwsError {
  const principal = identity.roleName
    ? `arn:aws:sts::${identity.accountId}:assumed-role/${identity.roleName}/${identity.sessionName ?? 'session'}`
    : `arn:aws:iam::${identity.accountId}:user/sandbox`;
  const message = `User: ${principal} is not authorized to perform: ${iamAction} because no identity-based policy allows the ${iamAction} action`;
  if (protocol === 'ec2')
    return new AwsError(
      'UnauthorizedOperation',
      `You are not authorized to perform this operation. User: ${principal} is not authorized to perform: ${iamAction}`,
      { status: 403 },
    );
  if (protocol === 'query') return new AwsError('AccessDenied', message, { status: 403 });
  if (protocol === 'rest-json') return new AwsError('AccessDeniedException', message, { status: 403 });
  return new AwsError('AccessDeniedException', message, { status: 400 });
}
