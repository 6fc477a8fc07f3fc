// Concurrency sweep against the 20 ms upstream: requests/s, p99 and requests/s per CPU core per level,
// paths interleaved.
import autocannon from 'autocannon';
import { groupCpuMs } from './proc-cpu.mjs';

function run(target, body, connections, durationS) {
  return new Promise((res, rej) => {
    autocannon(
      {
        url: `${target.origin}${target.path}`,
        method: 'POST',
        headers: { ...target.headers, 'content-type': 'application/json' },
        body,
        connections,
        duration: durationS,
      },
      (error, result) => (error ? rej(error) : res(result)),
    );
  });
}

/**
 * `cpuGroups`: per path, the processes whose CPU that path costs (AllTokens: its three services, Redis and
 * Postgres; Portkey: its one process; the shared mock is nobody's). `cores` is the CPU they used over the
 * run's wall time, so `rpsPerCore` is what one core buys when replicas are added.
 */
export async function measureSweep(paths, body, { levels, durationS, cpuGroups = {} }) {
  const results = [];
  for (const connections of levels) {
    const row = { connections };
    for (const [id, target] of Object.entries(paths)) {
      const group = cpuGroups[id];
      const cpuBefore = group ? groupCpuMs(group) : 0;
      const r = await run(target, body, connections, durationS);
      const ok = r['2xx'];
      const seconds = r.duration || durationS;
      row[id] = { rps: ok / seconds, p50: r.latency.p50, p99: r.latency.p99, errors: r.non2xx + r.errors + r.timeouts };
      if (group) {
        row[id].cores = (groupCpuMs(group) - cpuBefore) / 1000 / seconds;
        row[id].rpsPerCore = row[id].rps / (row[id].cores || Infinity);
      }
    }
    console.log(`sweep c=${connections}:`, JSON.stringify(row));
    results.push(row);
  }
  return results;
}
