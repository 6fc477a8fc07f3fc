// `npm run bench:scale-out [-- --duration 10 --connections 64 --latency 0]`: requests/s of the whole
// stack with 1 and with 2 replicas of each of gateway, router and analytics, on the shared single Redis
// and on a local 3-master Redis Cluster. The load (autocannon, in this process) is split evenly over the
// gateways, as a load balancer would. On one machine the replicas share its cores with the load
// generator, Redis and Postgres: the ratio says what replicas cost or gain here, not on separate nodes.
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadavg, cpus } from 'node:os';
import autocannon from 'autocannon';
import * as bodies from './bodies.mjs';
import { startPeers } from './peers.mjs';

const require = createRequire(import.meta.url);
const ROOT = resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '64' },
    latency: { type: 'string', default: '0' },
    redis: { type: 'string', default: 'both' },
  },
});

function load(origin, path, headers, connections, duration, body) {
  return new Promise((res, rej) => {
    autocannon(
      { url: `${origin}${path}`, method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body, connections, duration },
      (error, result) => (error ? rej(error) : res(result)),
    );
  });
}

async function measure(replicas, redisUrl) {
  const peers = await startPeers({ replicas, redisUrl, portkey: false });
  try {
    const { alltokens } = peers.paths;
    const body = bodies.small(Number(args.latency));
    const connections = Math.max(1, Math.floor(Number(args.connections) / alltokens.origins.length));
    // Warm-up: JIT, pools, key caches on every gateway.
    await Promise.all(alltokens.origins.map((origin) => load(origin, alltokens.path, alltokens.headers, connections, 3, body)));
    const results = await Promise.all(alltokens.origins.map((origin) => load(origin, alltokens.path, alltokens.headers, connections, Number(args.duration), body)));
    const ok = results.reduce((sum, r) => sum + r.requests.total - r.non2xx - r.errors, 0);
    const failed = results.reduce((sum, r) => sum + r.non2xx + r.errors, 0);
    const p99 = Math.max(...results.map((r) => r.latency.p99));
    return { rps: ok / Number(args.duration), failed, p99 };
  } finally {
    await peers.stop();
  }
}

async function main() {
  const { startRedisCluster } = require(join(ROOT, 'dist/tools/stack/redis-cluster.js'));
  console.log(`${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} before the run; ${args.connections} connections, ${args.duration} s, upstream latency ${args.latency} ms`);
  const targets = [];
  if (args.redis !== 'cluster') targets.push(['single Redis', async () => ({ url: 'redis://127.0.0.1:6379', stop: async () => undefined })]);
  if (args.redis !== 'single') targets.push(['3-master Redis Cluster', () => startRedisCluster(3)]);
  for (const [name, open] of targets) {
    const redis = await open();
    try {
      const one = await measure(1, redis.url);
      const two = await measure(2, redis.url);
      for (const [replicas, r] of [[1, one], [2, two]]) {
        console.log(`${name.padEnd(24)} ${replicas} replica(s): ${r.rps.toFixed(0).padStart(6)} req/s  p99 ${r.p99} ms  ${r.failed} failed`);
      }
      console.log(`${name.padEnd(24)} ratio 2/1: ${(two.rps / one.rps).toFixed(2)}`);
    } finally {
      await redis.stop();
    }
  }
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
