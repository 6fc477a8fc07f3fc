// `node tools/bench/cpu-per-request.mjs [--requests 5000] [--connections 32] [--body small|stream]`: CPU
// milliseconds each process (gateway, router, analytics, Redis, Postgres) spends per request (non-streamed,
// or `stream`: 64 deltas with no gap) through
// AllTokens, read from /proc before and after a fixed number of requests. Far steadier than requests/s
// on a shared machine: use it to check that a hot-path change made the stack cheaper. `overMock`: the CPU of
// everything but the mock over the mock's own, which cancels a host's speed swings between runs.
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import * as bodies from './bodies.mjs';
import { startPeers } from './peers.mjs';
import { pidsOf, sumCpu } from './proc-cpu.mjs';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '5000' },
    connections: { type: 'string', default: '32' },
    path: { type: 'string', default: 'alltokens' },
    body: { type: 'string', default: 'small' },
    // e.g. `--node-arg=--liftoff-only`: a V8 flag for every service, to weigh its CPU cost
    'node-arg': { type: 'string', multiple: true, default: [] },
    // Tracing on: spans exported over OTLP/HTTP to a sink in this process (counted in the output).
    otlp: { type: 'boolean', default: false },
  },
});

function load(target, body, connections, amount) {
  return new Promise((resolve, reject) => {
    autocannon(
      { url: `${target.origin}${target.path}`, method: 'POST', headers: { ...target.headers, 'content-type': 'application/json' }, body, connections, amount },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

const peers = await startPeers({ nodeArgs: args['node-arg'], otlp: args.otlp });
try {
  const target = peers.paths[args.path]; // alltokens | portkey | bare
  const body = args.body === 'stream' ? bodies.stream(64, 0) : bodies.small(0);
  await load(target, body, Number(args.connections), 1000);
  await new Promise((r) => setTimeout(r, 1500));
  const services = args.path === 'portkey' ? ['portkey', 'mock'] : ['gateway', 'router', 'analytics', 'mock'];
  const groups = { ...Object.fromEntries(services.map((name) => [name, [peers.pids[name]]])), redis: pidsOf('redis-server'), postgres: pidsOf('postgres') };
  const before = Object.fromEntries(Object.entries(groups).map(([name, pids]) => [name, sumCpu(pids)]));
  const amount = Number(args.requests);
  const result = await load(target, body, Number(args.connections), amount);
  await new Promise((r) => setTimeout(r, 1500)); // let batched usage and health writes land
  const spent = Object.fromEntries(Object.entries(groups).map(([name, pids]) => [name, sumCpu(pids).map((ms, i) => (ms - before[name][i]) / result['2xx'])]));
  const perRequest = Object.fromEntries(Object.entries(spent).map(([name, [user, system]]) => [name, +(user + system).toFixed(3)]));
  // The kernel's share (syscalls, wake-ups): on some hosts it, not JavaScript, dominates.
  const systemShare = Object.fromEntries(Object.entries(spent).map(([name, [user, system]]) => [name, +(system / (user + system || 1)).toFixed(2)]));
  const total = Object.values(perRequest).reduce((a, b) => a + b, 0);
  // The mock does the same work for every request, so its CPU moves with the host's speed alone (±30 %
  // between runs on a shared VM): the rest over the mock's compares runs of different code on such a host.
  const overMock = +((total - perRequest.mock) / perRequest.mock).toFixed(2);
  console.log(JSON.stringify({ requests: result['2xx'], errors: result.non2xx, cpuMsPerRequest: perRequest, systemShare, totalCpuMsPerRequest: +total.toFixed(3), overMock, ...(args.otlp ? { otlp: peers.otlp } : {}) }));
} finally {
  await peers.stop();
}
