import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { OpsradarError } from '../core/errors.js';

/** An error the API answers as RFC 9457 problem+json with this HTTP status. */
export class HttpProblem extends OpsradarError {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    code: string,
    readonly errors?: Array<{ path: string; message: string }>,
  ) {
    super(message, code);
  }
}

export function validationProblem(message: string, error: z.ZodError): HttpProblem {
  return new HttpProblem(
    400,
    message,
    'VALIDATION_FAILED',
    error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  );
}

/** Status for domain errors raised below the server (unknown id, forbidden transition). */
function statusOf(error: OpsradarError): ContentfulStatusCode {
  if (error instanceof HttpProblem) return error.status;
  if (/NOT_FOUND|UNKNOWN/.test(error.code)) return 404;
  if (/TRANSITION|CONFLICT|STATE/.test(error.code)) return 409;
  if (/INVALID|BAD|REQUIRED/.test(error.code)) return 400;
  return 422;
}

export function problemResponse(c: Context, error: unknown, internalTitle: string): Response {
  if (error instanceof OpsradarError) {
    const status = statusOf(error);
    const body: Record<string, unknown> = {
      type: `urn:opsradar:problem:${error.code.toLowerCase()}`,
      title: error.message,
      status,
      code: error.code,
      instance: new URL(c.req.url).pathname,
    };
    if (error instanceof HttpProblem && error.errors) body.errors = error.errors;
    return c.body(JSON.stringify(body), status, {
      'content-type': 'application/problem+json; charset=utf-8',
    });
  }
  return c.body(
    JSON.stringify({ type: 'about:blank', title: internalTitle, status: 500, code: 'INTERNAL' }),
    500,
    { 'content-type': 'application/problem+json; charset=utf-8' },
  );
}
