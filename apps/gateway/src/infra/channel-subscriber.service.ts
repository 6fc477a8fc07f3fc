import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { duplicateRedis, subscribeWhenReady, type Redis } from '@alltokens/platform';
import { REDIS } from './tokens';

type Handler = (message: string) => void;

/** One Redis connection in subscriber mode per gateway instance, shared by every channel it listens to. */
@Injectable()
export class ChannelSubscriber implements OnApplicationShutdown {
  private readonly connection: Redis;
  private readonly handlers = new Map<string, Handler>();

  constructor(@Inject(REDIS) redis: Redis) {
    this.connection = duplicateRedis(redis, { enableAutoPipelining: false });
    this.connection.on('message', (channel: string, message: string) => this.handlers.get(channel)?.(message));
  }

  /**
   * Called each time the subscriber connection drops (Redis restarted, network): whatever was published
   * until it is back is lost. ioredis reconnects and resubscribes by itself.
   */
  onConnectionLost(listener: () => void): void {
    this.connection.on('close', listener);
  }

  async subscribe(channel: string, handler: Handler): Promise<void> {
    this.handlers.set(channel, handler);
    await subscribeWhenReady(this.connection, channel);
  }

  onApplicationShutdown(): void {
    this.connection.disconnect();
  }
}
