import { encodeReply, type ReplyMessage } from '@alltokens/contracts';
import type { Redis } from '@alltokens/platform';

const ignore = () => undefined;

/** Where a job's reply messages go (a ReplyPublisher; a recording double in unit tests). */
export type ReplySink = Pick<ReplyPublisher, 'publish' | 'publishRaw'>;

/** PUBLISHes reply messages, in order, to the waiting gateway instance's channel. */
export class ReplyPublisher {
  /** A connection of its own: written at once when idle, corked per event-loop turn under load. */
  constructor(private readonly redis: Redis) {}

  publish(channel: string, message: ReplyMessage): void {
    this.publishRaw(channel, encodeReply(message));
  }

  publishRaw(channel: string, raw: string): void {
    this.redis.publish(channel, raw).catch(ignore);
  }
}
