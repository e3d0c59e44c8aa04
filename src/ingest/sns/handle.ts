import type { Store } from '../../store/index.js';
import { type EventBridgeEvent, parseEventBridgeEvent } from '../eventbridge/event.js';
import { type IngestSummary, ingestEventBridgeEvents } from '../eventbridge/ingest.js';
import type { CatalogMatcher } from '../health/classify.js';
import type { SubscriptionConfirmer } from './https.js';
import {
  type CertificateFetcher,
  DEFAULT_MAX_AGE_SECONDS,
  FUTURE_SKEW_MS,
  isSnsSubscribeUrl,
  parseSnsMessage,
  type SnsMessage,
  SnsRejection,
  verifySnsMessage,
} from './message.js';

export interface SnsDeps {
  store: Pick<Store, 'occurrences' | 'snsDeliveries'>;
  catalog: CatalogMatcher;
  allowedTopicArns: readonly string[];
  fetchCertificate: CertificateFetcher;
  confirmSubscription: SubscriptionConfirmer;
  now: () => Date;
  maxAgeSeconds?: number;
}

export type SnsOutcome =
  | { action: 'ingested'; messageId: string; topicArn: string; summary: IngestSummary }
  /** The same MessageId was handled within the replay window: acknowledged, not stored again. */
  | { action: 'duplicate'; messageId: string; topicArn: string }
  | { action: 'confirmed'; messageId: string; topicArn: string }
  | { action: 'unsubscribed'; messageId: string; topicArn: string };

/**
 * Handles one HTTP/S delivery from SNS. Everything is verified before anything is stored or any URL
 * is visited; refusals throw SnsRejection (4xx).
 */
export async function handleSnsDelivery(
  body: string,
  headerType: string | undefined,
  deps: SnsDeps,
): Promise<SnsOutcome> {
  const message: SnsMessage = parseSnsMessage(body);
  if (headerType && headerType !== message.Type) {
    throw new SnsRejection(
      `x-amz-sns-message-type ${headerType} does not match the body's Type ${message.Type}`,
      'type_mismatch',
      400,
    );
  }
  await verifySnsMessage(message, {
    fetchCertificate: deps.fetchCertificate,
    allowedTopicArns: deps.allowedTopicArns,
    now: deps.now(),
    maxAgeSeconds: deps.maxAgeSeconds,
  });
  const base = { messageId: message.MessageId, topicArn: message.TopicArn };
  if (message.Type === 'SubscriptionConfirmation') {
    if (!isSnsSubscribeUrl(message.SubscribeURL)) {
      throw new SnsRejection(
        'SubscribeURL is not an https://sns.<region>.amazonaws.com URL',
        'bad_subscribe_url',
      );
    }
    await deps.confirmSubscription(message.SubscribeURL);
    return { action: 'confirmed', ...base };
  }
  if (message.Type === 'UnsubscribeConfirmation') return { action: 'unsubscribed', ...base };

  let payload: unknown;
  try {
    payload = JSON.parse(message.Message);
  } catch {
    throw new SnsRejection(
      'the notification Message is not JSON (raw message delivery of an event expected)',
      'malformed',
      422,
    );
  }
  let events: EventBridgeEvent[];
  try {
    const list = Array.isArray(payload) ? payload : [payload];
    events = list.map((item, i) => parseEventBridgeEvent(item, `SNS Message event ${i}`));
  } catch (error) {
    throw new SnsRejection((error as Error).message, 'malformed', 422);
  }
  // Checked after the signature: an unverified MessageId must not suppress the genuine message.
  if (await deps.store.snsDeliveries.seen(message.MessageId)) return { action: 'duplicate', ...base };
  const now = deps.now();
  const summary = await ingestEventBridgeEvents(deps.store, deps.catalog, events, { source: 'sns', now });
  // Remembered only once stored: a crash in between means SNS retries and the upsert absorbs it.
  // Kept as long as a copy could still pass the timestamp check (the window plus the allowed skew).
  const windowMs = (deps.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS) * 1000 + FUTURE_SKEW_MS;
  await deps.store.snsDeliveries.remember({
    messageId: message.MessageId,
    topicArn: message.TopicArn,
    receivedAt: now,
    pruneBefore: new Date(now.getTime() - windowMs),
  });
  return { action: 'ingested', ...base, summary };
}
