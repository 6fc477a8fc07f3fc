// Concurrency sweep against the 20 ms upstream: requests/s and p99 per level, paths interleaved.
import autocannon from 'autocannon';

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

export async function measureSweep(paths, body, { levels, durationS }) {
  const results = [];
  for (const connections of levels) {
    const row = { connections };
    for (const [id, target] of Object.entries(paths)) {
      const r = await run(target, body, connections, durationS);
      const ok = r['2xx'];
      row[id] = { rps: ok / (r.duration || durationS), p50: r.latency.p50, p99: r.latency.p99, errors: r.non2xx + r.errors + r.timeouts };
    }
    console.log(`sweep c=${connections}:`, JSON.stringify(row));
    results.push(row);
  }
  return results;
}
