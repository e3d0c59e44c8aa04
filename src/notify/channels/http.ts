import { readSecret } from '../../config/secrets.js';
import type { ChannelConfig } from '../config.js';
import type { NotifyMessage } from '../message.js';
import { type RenderedMessage, renderMessage } from '../render.js';
import { DeliveryError, type NotifyChannel } from './types.js';

/** Slow receivers count as down: the outbox retries later rather than holding the pass. */
const TIMEOUT_MS = 15_000;

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

/**
 * POSTs a body and turns the answer into success or a DeliveryError: 429 and 5xx are retryable
 * (with the server's Retry-After), other non-2xx are not. `label` names the channel in errors;
 * the URL never appears (Slack and Teams URLs are credentials).
 */
export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { label: string; now: Date },
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'opsradar', ...headers },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new DeliveryError(`${options.label}: could not connect (${cause})`, true);
  }
  // Read the body so the connection can be reused; its text helps only in the error.
  const text = await response.text().catch(() => '');
  if (response.ok) return;
  const status = response.status;
  const retryable = status === 429 || status >= 500;
  const detail = text.replace(/\s+/g, ' ').slice(0, 200);
  throw new DeliveryError(
    `${options.label}: HTTP ${status}${detail ? ` ${detail}` : ''}`,
    retryable,
    retryable ? parseRetryAfter(response.headers.get('retry-after'), options.now) : undefined,
  );
}

/**
 * A chat service's incoming webhook (Slack, Teams): the URL is the credential (urlEnv / urlFile);
 * each message is rendered in the channel's language and zone, shaped by `toPayload`, and POSTed.
 */
export function chatWebhookChannel(
  config: Extract<ChannelConfig, { type: 'slack' | 'teams' }>,
  options: { baseUrl: string; env?: NodeJS.ProcessEnv },
  toPayload: (rendered: RenderedMessage) => object,
): NotifyChannel {
  const field = `notify.channels.${config.name}.urlEnv`;
  const url = readSecret({ env: config.urlEnv, file: config.urlFile }, field, options.env) ?? '';
  const payload = (message: NotifyMessage) =>
    toPayload(
      renderMessage(message, { lang: config.lang, timeZone: config.timeZone, baseUrl: options.baseUrl }),
    );
  return {
    config,
    async send(delivery) {
      const body = JSON.stringify(payload(delivery.message));
      await postJson(url, body, {}, { label: `${config.type} ${config.name}`, now: delivery.now });
    },
    preview: (message) => JSON.stringify(payload(message), null, 2),
  };
}
