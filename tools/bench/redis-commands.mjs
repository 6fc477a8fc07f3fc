// `node tools/bench/redis-commands.mjs [--requests 10]`: counts the Redis commands (Lua-internal ones
// included) that AllTokens issues per non-streamed request, with `redis-cli monitor` filtered by the
// stack's key prefix. Deterministic, unlike latency on a shared machine: use it to check a hot-path change.
// `--cluster`: the same on a local 3-master Redis Cluster (one monitor per master, summed), plus the sum
// of INFO commandstats over the masters (every command, the client's cluster housekeeping included).
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as bodies from './bodies.mjs';
import { startPeers } from './peers.mjs';

// `--by-key`: group by command and key family (ids masked) to see which subsystem issues what.
const { values: args } = parseArgs({ options: { requests: { type: 'string', default: '10' }, 'by-key': { type: 'boolean', default: false }, cluster: { type: 'boolean', default: false } } });
const require = createRequire(import.meta.url);
const ROOT = resolve(import.meta.dirname, '../..');

/** Calls of every command so far, summed over `ports` (INFO commandstats). */
function commandCalls(ports) {
  let calls = 0;
  for (const port of ports) {
    const info = spawnSync('redis-cli', ['-p', String(port), 'info', 'commandstats'], { encoding: 'utf8' }).stdout;
    for (const match of info.matchAll(/calls=(\d+)/g)) calls += Number(match[1]);
  }
  return calls;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function commandOf(line) {
  const match = line.match(/\] "([^"]+)"/);
  if (!match) return null;
  const name = match[1].toLowerCase();
  const command = name === 'evalsha' || name === 'eval' ? 'evalsha/eval' : name;
  if (!args['by-key']) return command;
  const key = line.slice(match.index + match[0].length).match(/"([^"]*)"/)?.[1] ?? '';
  const family = key.replace(/^[^:]*:/, '').replace(/gen-[\w-]+|[0-9a-f]{8,}|\d{6,}|[a-z]+_[\w]{6,}/gi, '*').slice(0, 60);
  return `${command} ${family}`;
}

async function main() {
  const cluster = args.cluster ? await require(join(ROOT, 'dist/tools/stack/redis-cluster.js')).startRedisCluster(3) : null;
  const peers = await startPeers({ portkey: false, ...(cluster ? { redisUrl: cluster.url } : {}) }).catch(async (error) => {
    await cluster?.stop();
    throw error;
  });
  const { alltokens } = peers.paths;
  const send = () =>
    fetch(alltokens.origin + alltokens.path, {
      method: 'POST',
      headers: { ...alltokens.headers, 'content-type': 'application/json' },
      body: bodies.small(0),
    }).then((res) => res.text());
  try {
    for (let i = 0; i < 20; i += 1) await send();
    await sleep(1500);
    const monitors = cluster ? cluster.ports.map((port) => spawn('redis-cli', ['-p', String(port), 'monitor'])) : [spawn('redis-cli', ['-u', peers.env.REDIS_URL, 'monitor'])];
    let output = '';
    for (const monitor of monitors) monitor.stdout.on('data', (data) => (output += data));
    await sleep(300);
    const callsBefore = cluster ? commandCalls(cluster.ports) : 0;
    const count = Number(args.requests);
    for (let i = 0; i < count; i += 1) await send();
    await sleep(1500);
    for (const monitor of monitors) monitor.kill();
    // Each INFO call is itself counted once per master.
    if (cluster) console.log(`INFO commandstats over ${cluster.ports.length} masters: ${((commandCalls(cluster.ports) - callsBefore - cluster.ports.length) / count).toFixed(1)} calls per request (everything, cluster housekeeping included)`);
    const counts = {};
    for (const line of output.split('\n')) {
      const name = line.includes(peers.env.ALLTOKENS_PREFIX) ? commandOf(line) : null;
      if (name) counts[name] = (counts[name] ?? 0) + 1;
    }
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(`${total} commands for ${count} requests (${(total / count).toFixed(1)} per request)`);
    for (const [name, n] of Object.entries(counts).sort((a, b) => b[1] - a[1])) console.log(`${(n / count).toFixed(1).padStart(6)}  ${name}`);
  } finally {
    await peers.stop();
    await cluster?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
