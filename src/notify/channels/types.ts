import { OpsradarError } from '../../core/errors.js';
import type { ChannelConfig } from '../config.js';
import type { NotifyMessage } from '../message.js';

/** One delivery attempt of one outbox message. */
export interface Delivery {
  /** The outbox row id (sent as a delivery id where the channel has a header for it). */
  id: string;
  message: NotifyMessage;
  /** Parts already delivered by an earlier attempt (e-mail: per recipient language). */
  partsDone: ReadonlySet<string>;
  /** Records a delivered part at once, so a retry after a crash skips it. */
  partDone(part: string): Promise<void>;
  now: Date;
}

/** A channel built from its config, its secrets resolved. */
export interface NotifyChannel {
  readonly config: ChannelConfig;
  send(delivery: Delivery): Promise<void>;
  /** What a person on this channel would see (for `notify preview`), without sending. */
  preview(message: NotifyMessage): string;
  close?(): void;
}

/**
 * A failed send. `retryable`: the service was busy or down (429, 5xx, network) and a later try may
 * work; otherwise (400, 403, 404, a refused address) retrying cannot help. Messages never carry
 * the URL or credentials.
 */
export class DeliveryError extends OpsradarError {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message, retryable ? 'DELIVERY_RETRYABLE' : 'DELIVERY_FAILED');
  }
}
