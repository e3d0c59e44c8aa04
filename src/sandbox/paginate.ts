import { AwsError } from './helpers.js';
import type { Operation, Paginator, Protocol } from './model.js';

/**
 * Slices a handler's full result list into one page, by the model's paginator config
 * (input_token / output_token / limit_key / more_results). Tokens are opaque to callers.
 */
export function paginate(
  output: Record<string, unknown>,
  op: Operation,
  input: Readonly<Record<string, unknown>>,
  pageSize: number,
  protocol: Protocol,
  override?: Paginator | null,
): Record<string, unknown> {
  const pag = override === undefined ? op.paginator : override;
  if (!pag) return output;
  const path = pag.resultKey.split('.');
  const holder = path.slice(0, -1).reduce<Record<string, unknown> | undefined>((node, key) => {
    const next = node?.[key];
    return typeof next === 'object' && next !== null ? (next as Record<string, unknown>) : undefined;
  }, output);
  const listKey = path[path.length - 1] as string;
  const list = holder?.[listKey];
  if (!holder || !Array.isArray(list)) return output;
  const offset = decodeToken(input[pag.inputToken], op.name, protocol);
  const requested = pag.limitKey ? Number(input[pag.limitKey]) : Number.NaN;
  const limit = Number.isFinite(requested) && requested > 0 ? requested : pageSize;
  const page = list.slice(offset, offset + limit);
  const more = offset + limit < list.length;
  holder[listKey] = page;
  const result = { ...output };
  if (holder === output) result[listKey] = page;
  if (more) result[pag.outputToken] = encodeToken(offset + limit, op.name);
  else delete result[pag.outputToken];
  if (pag.moreResults) result[pag.moreResults] = more;
  return result;
}

function encodeToken(offset: number, operation: string): string {
  return Buffer.from(JSON.stringify({ v: 1, op: operation, o: offset })).toString('base64url');
}

function decodeToken(token: unknown, operation: string, protocol: Protocol): number {
  if (token === undefined || token === null || token === '') return 0;
  try {
    const parsed = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as {
      op?: string;
      o?: number;
    };
    if (parsed.op === operation && typeof parsed.o === 'number' && parsed.o >= 0) return parsed.o;
  } catch {
    // Falls through to the error below.
  }
  const code =
    protocol === 'ec2'
      ? 'InvalidNextToken'
      : protocol === 'query'
        ? 'InvalidParameterValue'
        : 'InvalidNextTokenException';
  throw new AwsError(code, 'The pagination token is invalid.');
}
