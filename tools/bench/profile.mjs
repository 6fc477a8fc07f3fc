// `node tools/bench/profile.mjs [--seconds 10] [--connections 16] [--stream] [--upstream-ms 20]`: drives AllTokens alone
// with the services under `--cpu-prof`, then prints each service's top functions by self time.
// The .cpuprofile files (open them in Chrome DevTools or speedscope for flame graphs) stay in --dir.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import * as bodies from './bodies.mjs';
import { startPeers } from './peers.mjs';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    stream: { type: 'boolean', default: false },
    'upstream-ms': { type: 'string', default: '0' },
    dir: { type: 'string', default: '/tmp/alltokens-profiles' },
    top: { type: 'string', default: '25' },
  },
});

function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const { callFrame } = byId.get(id);
    const url = callFrame.url.replace(/^file:\/\/.*?\/(node_modules|dist)\//, '$1/');
    const name = `${callFrame.functionName || '(anonymous)'} ${url}:${callFrame.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + (dt[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [...self.entries()].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, pct: (100 * us) / total }));
}

async function main() {
  const dir = resolve(args.dir);
  mkdirSync(dir, { recursive: true });
  const before = new Set(readdirSync(dir));
  const peers = await startPeers({ nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
  const target = peers.paths.alltokens;
  try {
    const result = await autocannon({
      url: `${target.origin}${target.path}`,
      method: 'POST',
      headers: { ...target.headers, 'content-type': 'application/json' },
      body: args.stream ? bodies.stream(64, 5) : bodies.small(Number(args['upstream-ms'])),
      connections: Number(args.connections),
      duration: Number(args.seconds),
    });
    console.log(`AllTokens: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}`);
  } finally {
    await peers.stop();
  }
  const pidNames = Object.fromEntries(Object.entries(peers.pids).map(([name, pid]) => [String(pid), name]));
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile') && !before.has(f))) {
    const name = pidNames[file.split('.')[3]] ?? file;
    if (!['gateway', 'router', 'analytics'].includes(name)) continue;
    console.log(`\n== ${name} (${join(dir, file)})`);
    for (const row of selfTimes(JSON.parse(readFileSync(join(dir, file), 'utf8'))).slice(0, Number(args.top))) {
      console.log(`${row.pct.toFixed(1).padStart(5)} %  ${row.name}`);
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
