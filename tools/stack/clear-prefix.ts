import Redis from 'ioredis';

/** A Redis key prefix no other suite, run or helper on this machine uses (`it-alerts-4242-m9x2k1`). */
export const uniquePrefix = (name: string): string => `${name}-${process.pid}-${Date.now().toString(36)}`;

/** Deletes every Redis key under `prefix:` (a finished test or benchmark run), so runs don't pile up. */
export async function clearRedisPrefix(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 1000 }) as AsyncIterable<string[]>) {
      if (keys.length) deleted += await redis.unlink(...keys);
    }
  } finally {
    redis.disconnect();
  }
  return deleted;
}
