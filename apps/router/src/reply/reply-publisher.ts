import { encodeReply, type ReplyMessage } from '@alltokens/contracts';
import type { Redis } from '@alltokens/platform';

const ignore = () => undefined;

/**
 * PUBLISHes reply messages to the waiting gateway instance's channel, in order, on its own connection
 * (no ioredis auto-pipelining). When nothing is in flight the message is written at once; while earlier
 * ones are unanswered, messages wait for the end of this event-loop turn and go as one pipeline.
 * Auto-pipelining always waits for the turn's end, which cost ≈ 0.5 ms per reply at low load, while
 * writing every message at once cost ≈ 10 % more CPU per request under load.
 */
export class ReplyPublisher {
  private queued: Array<[channel: string, raw: string]> = [];
  private inFlight = 0;
  private readonly settle = () => {
    this.inFlight -= 1;
  };

  constructor(private readonly redis: Redis) {}

  publish(channel: string, message: ReplyMessage): void {
    this.publishRaw(channel, encodeReply(message));
  }

  publishRaw(channel: string, raw: string): void {
    if (this.inFlight === 0 && this.queued.length === 0) {
      this.inFlight += 1;
      this.redis.publish(channel, raw).catch(ignore).finally(this.settle);
      return;
    }
    if (this.queued.push([channel, raw]) === 1) setImmediate(this.flush);
  }

  private readonly flush = () => {
    const pipeline = this.redis.pipeline();
    for (const [channel, raw] of this.queued) pipeline.publish(channel, raw);
    this.queued = [];
    this.inFlight += 1;
    pipeline.exec().catch(ignore).finally(this.settle);
  };
}
