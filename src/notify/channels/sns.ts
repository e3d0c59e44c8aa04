import { createHash } from 'node:crypto';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { parseArn } from '../../aws/arn.js';
import { type AwsOptions, AwsSession } from '../../aws/clients.js';
import { classifyAwsError } from '../../aws/errors.js';
import type { ChannelConfig } from '../config.js';
import type { NotifyMessage } from '../message.js';
import { renderMessage } from '../render.js';
import { DeliveryError, type NotifyChannel } from './types.js';

type SnsConfig = Extract<ChannelConfig, { type: 'sns' }>;

/**
 * SNS subjects must be under 100 characters, with no line breaks or control characters, and
 * email subscriptions show non-ASCII subjects badly: the subject is the English one, ASCII only.
 */
export function snsSubject(english: string): string {
  const ascii = english
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/\s+/g, ' ')
    .trim();
  return ascii.length < 100 ? ascii : `${ascii.slice(0, 96)}...`;
}

export function snsPublishInput(
  config: SnsConfig,
  message: NotifyMessage,
  options: { baseUrl: string },
): ConstructorParameters<typeof PublishCommand>[0] {
  const render = (lang: 'ja' | 'en') =>
    renderMessage(message, { lang, timeZone: config.timeZone, baseUrl: options.baseUrl });
  const rendered = render(config.lang);
  const fifo = config.topicArn.endsWith('.fifo');
  return {
    TopicArn: config.topicArn,
    Subject: snsSubject(render('en').subject),
    Message: rendered.text,
    MessageAttributes: {
      'opsradar.idempotencyKey': { DataType: 'String', StringValue: message.idempotencyKey },
      'opsradar.purpose': { DataType: 'String', StringValue: message.purpose },
      ...(message.item
        ? { 'opsradar.category': { DataType: 'String', StringValue: message.item.category } }
        : {}),
    },
    // FIFO topics drop a message whose deduplication id they saw in the last 5 minutes.
    ...(fifo
      ? {
          MessageGroupId: 'opsradar',
          MessageDeduplicationId: createHash('sha256').update(message.idempotencyKey).digest('hex'),
        }
      : {}),
  };
}

/** Publishes to an SNS topic through the project's AWS client factory (credential chain, profile, endpoint). */
export function snsChannel(config: SnsConfig, options: { baseUrl: string; aws?: AwsOptions }): NotifyChannel {
  const arn = parseArn(config.topicArn);
  const region = arn?.region || 'us-east-1';
  const session = new AwsSession({
    region,
    // The outbox retries with its own backoff; the SDK tries twice at most per attempt.
    maxAttempts: 2,
    ...(config.profile ? { profile: config.profile } : {}),
    ...options.aws,
  });
  const client = session.pool(arn?.accountId ?? '').client(SNSClient, region);
  return {
    config,
    async send(delivery) {
      try {
        await client.send(new PublishCommand(snsPublishInput(config, delivery.message, options)));
      } catch (error) {
        const info = classifyAwsError(error);
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        const retryable = info.class === 'throttled' || status === undefined || status >= 500;
        throw new DeliveryError(`sns ${config.name}: ${info.reason}`, retryable);
      }
    },
    preview(message) {
      const input = snsPublishInput(config, message, options);
      return `Subject: ${input.Subject}\n\n${input.Message}`;
    },
    close: () => session.destroy(),
  };
}
