import { z } from 'zod';
import type { Scenario } from '../scenario.js';
import { AwsError, arn, defineService, stableUuid } from './types.js';

const topic = z.object({
  name: z.string().regex(/^[\w-]{1,256}(\.fifo)?$/),
});

/** A message the sandbox accepted on a topic (what a subscriber would get). */
export interface PublishedMessage {
  readonly messageId: string;
  readonly topicArn: string;
  readonly subject?: string;
  readonly message: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly deduplicationId?: string;
  readonly groupId?: string;
  readonly at: string;
}

/** What each sandbox instance published (keyed by its scenario, so parallel sandboxes stay apart). */
const published = new WeakMap<Scenario, PublishedMessage[]>();

/** Messages published to the sandbox's topics, oldest first (FIFO duplicates are not repeated). */
export function snsPublished(scenario: Scenario): readonly PublishedMessage[] {
  return published.get(scenario) ?? [];
}

/** SNS Publish limits (Publish API reference): message ≤ 256 KB, subject < 100 printable ASCII-range characters. */
const MAX_MESSAGE_BYTES = 262_144;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find control characters
const CONTROL = /[\u0000-\u001f\u007f]/;

interface AttributeEntry {
  Name?: string;
  Value?: { DataType?: string; StringValue?: string };
}

function attributesOf(input: Readonly<Record<string, unknown>>): Record<string, string> {
  const raw = input.MessageAttributes;
  const out: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (const entry of raw as AttributeEntry[])
      if (entry.Name) out[entry.Name] = entry.Value?.StringValue ?? '';
  } else if (raw && typeof raw === 'object') {
    for (const [key, value] of Object.entries(raw as Record<string, AttributeEntry['Value']>)) {
      out[key] = value?.StringValue ?? '';
    }
  }
  return out;
}

function validate(input: Readonly<Record<string, unknown>>, fifo: boolean): void {
  const message = input.Message;
  if (typeof message !== 'string' || message.length === 0) {
    throw new AwsError('InvalidParameter', 'Invalid parameter: Empty message');
  }
  if (Buffer.byteLength(message, 'utf8') > MAX_MESSAGE_BYTES) {
    throw new AwsError('InvalidParameter', 'Invalid parameter: Message too long');
  }
  const subject = input.Subject;
  if (subject !== undefined) {
    if (
      typeof subject !== 'string' ||
      subject.length === 0 ||
      subject.length >= 100 ||
      CONTROL.test(subject)
    ) {
      throw new AwsError('InvalidParameter', 'Invalid parameter: Subject');
    }
  }
  if (fifo && !input.MessageGroupId) {
    throw new AwsError(
      'InvalidParameter',
      'Invalid parameter: The MessageGroupId parameter is required for FIFO topics',
    );
  }
  if (!fifo && input.MessageDeduplicationId) {
    throw new AwsError(
      'InvalidParameter',
      'Invalid parameter: The MessageDeduplicationId parameter is applicable only to FIFO topics',
    );
  }
}

/** Amazon SNS: topics per account and region, and Publish to them. */
export const sns = defineService({
  name: 'sns',
  model: 'sns-2010-03-31',
  scope: 'regional',
  scenario: z.object({ topics: z.array(topic).default([]) }),
  handlers: {
    Publish: ({ data, input, region, accountId, now, scenario }) => {
      const topicArn = String(input.TopicArn ?? '');
      const found = data.topics.find((t) => arn('sns', region, accountId, t.name) === topicArn);
      if (!found) throw new AwsError('NotFound', 'Topic does not exist', { status: 404 });
      const fifo = found.name.endsWith('.fifo');
      validate(input, fifo);
      const log = published.get(scenario) ?? [];
      published.set(scenario, log);
      const dedup =
        typeof input.MessageDeduplicationId === 'string' ? input.MessageDeduplicationId : undefined;
      // FIFO topics accept a repeated deduplication id within 5 minutes but deliver it once.
      const earlier = dedup
        ? log.find(
            (m) =>
              m.topicArn === topicArn &&
              m.deduplicationId === dedup &&
              now.getTime() - Date.parse(m.at) < 300_000,
          )
        : undefined;
      if (earlier) return { MessageId: earlier.messageId, ...(fifo ? { SequenceNumber: '1' } : {}) };
      const messageId = stableUuid(`${topicArn}|${log.length}|${now.toISOString()}`);
      log.push({
        messageId,
        topicArn,
        ...(typeof input.Subject === 'string' ? { subject: input.Subject } : {}),
        message: String(input.Message),
        attributes: attributesOf(input),
        ...(dedup ? { deduplicationId: dedup } : {}),
        ...(typeof input.MessageGroupId === 'string' ? { groupId: input.MessageGroupId } : {}),
        at: now.toISOString(),
      });
      return {
        MessageId: messageId,
        ...(fifo ? { SequenceNumber: String(log.length).padStart(20, '0') } : {}),
      };
    },
  },
});
