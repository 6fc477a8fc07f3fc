import Redis, { type RedisOptions } from 'ioredis';

/**
 * ioredis client for BullMQ and our own commands. `maxRetriesPerRequest: null` is what BullMQ
 * requires for blocking connections; `enableAutoPipelining` batches commands issued in one tick.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableAutoPipelining: true, ...options });
}

/**
 * Subscribes once the connection has finished its handshake. ioredis 5 writes SUBSCRIBE during the
 * handshake, and then its own ready check (INFO) is refused in subscriber mode and the connection is
 * torn down and rebuilt (ioredis#2037), dropping messages published meanwhile.
 */
export async function subscribeWhenReady(redis: Redis, ...channels: string[]): Promise<void> {
  if (redis.status !== 'ready') {
    await new Promise<void>((resolve, reject) => {
      const ready = () => {
        redis.off('end', ended);
        resolve();
      };
      const ended = () => {
        redis.off('ready', ready);
        reject(new Error('Redis connection closed before it was ready'));
      };
      redis.once('ready', ready);
      redis.once('end', ended);
    });
  }
  await redis.subscribe(...channels);
}

export type { Redis };
