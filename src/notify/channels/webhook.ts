import { createHmac, timingSafeEqual } from 'node:crypto';
import { readSecret } from '../../config/secrets.js';
import type { ChannelConfig } from '../config.js';
import type { NotifyMessage } from '../message.js';
import { renderMessage } from '../render.js';
import { postJson } from './http.js';
import type { NotifyChannel } from './types.js';

type WebhookConfig = Extract<ChannelConfig, { type: 'webhook' }>;

export const SIGNATURE_HEADER = 'x-opsradar-signature';
export const TIMESTAMP_HEADER = 'x-opsradar-timestamp';
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const DELIVERY_HEADER = 'x-opsradar-delivery';

/** `v1=` + hex HMAC-SHA256 of `<timestamp>.<body>` with the shared secret (see docs/webhooks.md). */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/** The JSON a receiver gets: the facts, plus the text in both languages. */
export function webhookPayload(
  message: NotifyMessage,
  options: { deliveryId: string; sentAt: Date; timeZone: string; baseUrl: string },
): Record<string, unknown> {
  const render = (lang: 'ja' | 'en') =>
    renderMessage(message, { lang, timeZone: options.timeZone, baseUrl: options.baseUrl });
  const en = render('en');
  const ja = render('ja');
  return {
    version: 1,
    deliveryId: options.deliveryId,
    idempotencyKey: message.idempotencyKey,
    purpose: message.purpose,
    channel: message.channel,
    sentAt: options.sentAt.toISOString(),
    item: message.item,
    reminderDays: message.reminderDays,
    escalatedFrom: message.escalatedFrom,
    digest: message.digest,
    subject: { en: en.subject, ja: ja.subject },
    text: { en: en.text, ja: ja.text },
  };
}

/** Signed JSON over HTTPS to a receiver the team writes (docs/webhooks.md). */
export function webhookChannel(
  config: WebhookConfig,
  options: { baseUrl: string; env?: NodeJS.ProcessEnv },
): NotifyChannel {
  const env = options.env ?? process.env;
  const field = `notify.channels.${config.name}`;
  const url = config.url ?? readSecret({ env: config.urlEnv }, `${field}.urlEnv`, env) ?? '';
  const secret =
    readSecret({ env: config.secretEnv, file: config.secretFile }, `${field}.secretEnv`, env) ?? '';
  const payload = (message: NotifyMessage, deliveryId: string, sentAt: Date) =>
    JSON.stringify(
      webhookPayload(message, { deliveryId, sentAt, timeZone: config.timeZone, baseUrl: options.baseUrl }),
    );
  return {
    config,
    async send(delivery) {
      const body = payload(delivery.message, delivery.id, delivery.now);
      const timestamp = String(Math.floor(delivery.now.getTime() / 1000));
      await postJson(
        url,
        body,
        {
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: webhookSignature(secret, timestamp, body),
          [IDEMPOTENCY_HEADER]: delivery.message.idempotencyKey,
          [DELIVERY_HEADER]: delivery.id,
        },
        { label: `webhook ${config.name}`, now: delivery.now },
      );
    },
    preview(message) {
      return JSON.stringify(
        webhookPayload(message, {
          deliveryId: '(preview)',
          sentAt: new Date(message.plannedAt),
          timeZone: config.timeZone,
          baseUrl: options.baseUrl,
        }),
        null,
        2,
      );
    },
  };
}

/**
 * What a receiver does (docs/webhooks.md): recompute the signature over the raw body, compare in
 * constant time, and refuse timestamps more than `toleranceSeconds` away (replays).
 */
export function verifyWebhook(
  secret: string,
  request: { timestamp: string | undefined; signature: string | undefined; body: string },
  now: Date,
  toleranceSeconds = 300,
): boolean {
  const { timestamp, signature, body } = request;
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(webhookSignature(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
