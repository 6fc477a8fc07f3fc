import { encodeReply, type ReplyMessage } from '@alltokens/contracts';
import type { Redis } from '@alltokens/platform';

/** PUBLISHes reply messages to the waiting gateway instance's channel (pipelined by ioredis). */
export class ReplyPublisher {
  constructor(private readonly redis: Redis) {}

  publish(channel: string, message: ReplyMessage): void {
    this.redis.publish(channel, encodeReply(message)).catch(() => undefined);
  }

  publishRaw(channel: string, raw: string): void {
    this.redis.publish(channel, raw).catch(() => undefined);
  }
}
