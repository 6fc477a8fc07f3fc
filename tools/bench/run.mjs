// `npm run bench [-- --quick] [-- --out DIR] [-- --profile DIR] [-- --only a,b]`: the gateway overhead benchmark.
// Bare mock, AllTokens and Portkey in one run, interleaved; writes results.md, results.json and sweep.svg.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as bodies from './bodies.mjs';
import { sweepChart } from './chart.mjs';
import { measureLatency } from './latency.mjs';
import { measureMemory } from './memory.mjs';
import { startPeers } from './peers.mjs';
import { ratios, renderReport } from './report.mjs';
import { measureStreams } from './stream.mjs';
import { measureSweep } from './sweep.mjs';
import { measureUsagePipeline } from './usage-pipeline.mjs';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    profile: { type: 'string' },
    // e.g. `--only latency,sweep`: run those sections and print their figures, without writing a report.
    only: { type: 'string' },
    // Tracing on: every service exports its spans over OTLP/HTTP (to a sink in this process).
    otlp: { type: 'boolean', default: false },
    // e.g. `--only memory --streams 10000`: how many streams the memory section holds open at once.
    streams: { type: 'string' },
    // e.g. `--node-arg=--max-old-space-size=2048`: a Node/V8 flag for every service, to weigh its effect.
    'node-arg': { type: 'string', multiple: true, default: [] },
  },
});

const FULL = {
  latency: { rounds: 7, perRound: 500, warmup: 200 },
  sweep: { levels: [1, 4, 16, 64, 256], durationS: 8 },
  streams: { rounds: 6, warmup: 1, concurrent: 10, chunks: 64, interval: 20 },
  memory: { count: 1000, chunks: 64, interval: 50 },
  usage: { events: 20_000, warmup: 2_000 },
};
const QUICK = {
  latency: { rounds: 1, perRound: 20, warmup: 5 },
  sweep: { levels: [1, 4], durationS: 1 },
  streams: { rounds: 1, warmup: 0, concurrent: 2, chunks: 8, interval: 5 },
  memory: { count: 20, chunks: 8, interval: 5 },
  usage: { events: 200 },
};

async function main() {
  const plan = args.quick ? QUICK : FULL;
  const out = resolve(args.out ?? (args.quick ? join(tmpdir(), 'alltokens-bench-quick') : 'docs/benchmarks'));
  const nodeArgs = [...args['node-arg'], ...(args.profile ? ['--cpu-prof', `--cpu-prof-dir=${resolve(args.profile)}`] : [])];
  const peers = await startPeers({ nodeArgs, otlp: args.otlp });
  const results = { date: new Date().toISOString(), quick: args.quick, loadStart: loadavg()[0] };
  const only = args.only ? new Set(args.only.split(',')) : null;
  const wanted = (section) => !only || only.has(section);
  try {
    if (wanted('latency')) results.latency = await measureLatency(peers.paths, { small: bodies.small(0), large: bodies.large(0) }, plan.latency);
    const cpuGroups = {
      alltokens: [peers.pids.gateway, peers.pids.router, peers.pids.analytics, 'redis-server', 'postgres'],
      portkey: [peers.pids.portkey],
    };
    if (wanted('sweep')) results.sweep = await measureSweep(peers.paths, bodies.small(20), { ...plan.sweep, cpuGroups });
    const s = plan.streams;
    if (wanted('streams')) results.streams = await measureStreams(peers.paths, bodies.stream(s.chunks, s.interval), { ...s, expectedDeltas: s.chunks });
    const m = { ...plan.memory, ...(args.streams ? { count: Number(args.streams) } : {}) };
    const memoryBody = bodies.stream(m.chunks, m.interval);
    if (wanted('memory')) {
      results.memory = {
        alltokens: await measureMemory(peers.paths.alltokens, peers.pids, memoryBody, m),
        portkey: await measureMemory(peers.paths.portkey, peers.pids, memoryBody, m),
      };
    }
    const usageCpu = { analytics: [peers.pids.analytics], redis: ['redis-server'], postgres: ['postgres'] };
    if (wanted('usage')) results.usage = await measureUsagePipeline(peers.env, peers.caller, { ...plan.usage, cpuGroups: usageCpu });
  } finally {
    await peers.stop();
  }
  // After the stop: each service flushes the spans it still holds as it shuts down.
  if (args.otlp) results.otlp = { ...peers.otlp, spans: { ...peers.otlp.spans } };
  if (only) {
    console.log(JSON.stringify(results, null, 2));
    return;
  }
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'results.json'), JSON.stringify(results, null, 2));
  writeFileSync(join(out, 'results.md'), renderReport(results));
  writeFileSync(join(out, 'sweep.svg'), sweepChart(results.sweep));
  console.log(`\nAllTokens/Portkey ratios: ${JSON.stringify(ratios(results))}`);
  console.log(`results written to ${join(out, 'results.md')}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
