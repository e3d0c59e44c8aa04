import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HttpProblem } from './problem.js';

const KiB = 1024;

/**
 * The largest body each part of the server reads. EventBridge events are at most 256 KB and an SNS
 * envelope adds little; API writes carry a note of at most 4000 characters; forms a little more.
 */
export const BODY_LIMITS = {
  ingest: 1024 * KiB,
  api: 64 * KiB,
  form: 32 * KiB,
} as const;

/**
 * Reads request bodies as a stream and stops at `maxSize` with 413, whether the sender declared a
 * length or not: a chunked upload must not be buffered whole before it is refused.
 */
export function streamedBodyLimit(maxSize: number, tooLarge?: (c: Context) => Response): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError:
      tooLarge ??
      (() => {
        throw new HttpProblem(413, `the body is larger than ${maxSize} bytes`, 'TOO_LARGE');
      }),
  });
}

/** The API and dashboard limits; the push routes set their own (`ingestRoutes`). */
export function bodyLimits(): MiddlewareHandler {
  const api = streamedBodyLimit(BODY_LIMITS.api);
  const form = streamedBodyLimit(BODY_LIMITS.form);
  return async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || path.startsWith('/ingest/')) return next();
    return (path.startsWith('/api/') ? api : form)(c, next);
  };
}
