import Redis, { type RedisOptions } from 'ioredis';

/**
 * ioredis client for BullMQ and our own commands. `maxRetriesPerRequest: null` is what BullMQ
 * requires for blocking connections; `enableAutoPipelining` batches commands issued in one tick.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableAutoPipelining: true, ...options });
}

export type { Redis };
