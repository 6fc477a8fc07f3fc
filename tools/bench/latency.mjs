// Added latency at one connection: interleaved rounds of sequential requests on one keep-alive
// connection per path, timed with hrtime (autocannon's histogram only has millisecond resolution).
import { Client } from 'undici';
import { nowMs, percentile } from './stats.mjs';

async function timedRequests(client, target, body, count) {
  const samples = new Array(count);
  const headers = { ...target.headers, 'content-type': 'application/json' };
  for (let i = 0; i < count; i += 1) {
    const start = nowMs();
    let res;
    try {
      res = await client.request({ method: 'POST', path: target.path, headers, body });
      await res.body.arrayBuffer();
    } catch (error) {
      // A peer may close a connection left idle while the other paths ran their round: resend, untimed.
      if (error.code !== 'ECONNRESET' && error.code !== 'UND_ERR_SOCKET') throw error;
      i -= 1;
      continue;
    }
    samples[i] = nowMs() - start;
    if (res.statusCode !== 200) throw new Error(`${target.name}: HTTP ${res.statusCode}`);
  }
  return samples;
}

/** For each body: rounds × (bare, AllTokens, Portkey), `perRound` requests each; p50/p99 per path. */
export async function measureLatency(paths, bodies, { rounds, perRound, warmup }) {
  const results = {};
  for (const [label, body] of Object.entries(bodies)) {
    const samples = {};
    const clients = {};
    for (const [id, target] of Object.entries(paths)) {
      clients[id] = new Client(target.origin, { pipelining: 1, keepAliveTimeout: 60_000 });
      samples[id] = [];
      await timedRequests(clients[id], target, body, warmup);
    }
    for (let round = 0; round < rounds; round += 1) {
      for (const [id, target] of Object.entries(paths)) samples[id].push(...(await timedRequests(clients[id], target, body, perRound)));
    }
    await Promise.all(Object.values(clients).map((client) => client.close()));
    results[label] = summarise(samples, Buffer.byteLength(body));
    console.log(`latency ${label}:`, JSON.stringify(results[label]));
  }
  return results;
}

function summarise(samples, requestBytes) {
  const out = { requestBytes, requests: samples.bare.length };
  const bareP50 = percentile(samples.bare, 50);
  const bareP99 = percentile(samples.bare, 99);
  for (const [id, values] of Object.entries(samples)) {
    const p50 = percentile(values, 50);
    const p99 = percentile(values, 99);
    out[id] = { p50, p99, addedP50: p50 - bareP50, addedP99: p99 - bareP99 };
  }
  return out;
}
