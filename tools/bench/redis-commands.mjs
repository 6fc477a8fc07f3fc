// `node tools/bench/redis-commands.mjs [--requests 10]`: counts the Redis commands (Lua-internal ones
// included) that AllTokens issues per non-streamed request, with `redis-cli monitor` filtered by the
// stack's key prefix. Deterministic, unlike latency on a shared machine: use it to check a hot-path change.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import * as bodies from './bodies.mjs';
import { startPeers } from './peers.mjs';

// `--by-key`: group by command and key family (ids masked) to see which subsystem issues what.
const { values: args } = parseArgs({ options: { requests: { type: 'string', default: '10' }, 'by-key': { type: 'boolean', default: false } } });
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
  const peers = await startPeers();
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
    const monitor = spawn('redis-cli', ['-u', peers.env.REDIS_URL, 'monitor']);
    let output = '';
    monitor.stdout.on('data', (data) => (output += data));
    await sleep(300);
    const count = Number(args.requests);
    for (let i = 0; i < count; i += 1) await send();
    await sleep(1500);
    monitor.kill();
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
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
