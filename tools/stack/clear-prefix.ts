import Redis, { Cluster } from 'ioredis';

/** A Redis key prefix no other suite, run or helper on this machine uses (`it-alerts-4242-m9x2k1`). */
export const uniquePrefix = (name: string): string => `${name}-${process.pid}-${Date.now().toString(36)}`;

/**
 * Deletes every Redis key under `prefix:` (a finished test or benchmark run), so runs don't pile up.
 * On a `redis-cluster://host:port,...` URL every master is scanned: SCAN walks one node's keys only.
 */
export async function clearRedisPrefix(url: string, prefix: string): Promise<number> {
  const cluster = /^redis-cluster:\/\/([^/?]+)/.exec(url);
  const client = cluster
    ? new Cluster(cluster[1]!.split(',').map((node) => ({ host: node.split(':')[0]!, port: Number(node.split(':')[1] ?? 6379) })), { redisOptions: { maxRetriesPerRequest: 1 } })
    : new Redis(url, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    const nodes = client instanceof Cluster ? await clusterMasters(client) : [client];
    for (const node of nodes) {
      for await (const keys of node.scanStream({ match: `${prefix}:*`, count: 1000 }) as AsyncIterable<string[]>) {
        // One UNLINK per key (on a Cluster one batch spans many slots of this node), pipelined.
        if (!keys.length) continue;
        const pipeline = node.pipeline();
        for (const key of keys) pipeline.unlink(key);
        for (const [error, count] of (await pipeline.exec()) ?? []) if (!error) deleted += Number(count);
      }
    }
  } finally {
    client.disconnect();
  }
  return deleted;
}

async function clusterMasters(cluster: Cluster): Promise<Redis[]> {
  if (cluster.status !== 'ready') await new Promise((resolve, reject) => cluster.once('ready', resolve).once('error', reject));
  return cluster.nodes('master');
}
