// Stream continuation failover, measured: N streams cut mid-answer at a random point on one endpoint,
// continued on the other. Reports the share that reached the client whole (one answer, [DONE]), the gap
// the cut added between two deltas (p50/p99, over the stream's normal cadence) and the cost overhead
// against the same answer unbroken. Run `node tools/build.mjs` first.
//   node tools/bench/continuation.mjs [--count 1000] [--concurrency 8] [--out docs/benchmarks]
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { Agent } from 'undici';
import { createDatabase, createKey, ADMIN_KEY, freePort, MOCK_KEY, MODEL } from './peers.mjs';
import { mapLimit, percentile } from './stats.mjs';
import { timeStream } from './stream.mjs';

const require = createRequire(import.meta.url);
const ROOT = resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({ options: { count: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '8' }, out: { type: 'string' } } });
const COUNT = Number(args.count);
const CONCURRENCY = Number(args.concurrency);
const DELTAS = 32;
const INTERVAL_MS = 20;
const CHARS = 640;

const catalog = (primary, backup) => `providers:
  - id: primary
    base_url: http://127.0.0.1:${primary}/v1
    api_key: ${MOCK_KEY}
    options: { continuation: prefill }
    models:
      - { model: ${MODEL}, pricing: { prompt: 0.15, completion: 0.6 } }
  - id: backup
    base_url: http://127.0.0.1:${backup}/v1
    api_key: ${MOCK_KEY}
    options: { continuation: prefill }
    models:
      - { model: ${MODEL}, pricing: { prompt: 0.15, completion: 0.6 } }
`;

/** Request body of a stream with DELTAS deltas INTERVAL_MS apart; `cutAfter` frames (the role chunk counts) reach the client from the endpoint that serves it first. */
const body = (cutAfter) =>
  JSON.stringify({
    model: MODEL,
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: 'user', content: `Tell me a story [sim:chunks=${DELTAS} interval=${INTERVAL_MS} chars=${CHARS}]${cutAfter ? ` [sim:on=fresh cut_after=${cutAfter}]` : ''}` }],
  });

/** What the client received: the text, whether it ended with [DONE], the usage chunk, each delta's arrival time. */
function readStream(frames) {
  let text = '';
  let cost = null;
  let proof = null;
  const deltaTimes = [];
  for (const { at, data } of frames) {
    if (data === '[DONE]') continue;
    const chunk = JSON.parse(data);
    if (chunk.error) return { text, done: false, cost, proof, deltaTimes };
    const content = chunk.choices?.[0]?.delta?.content;
    if (content) {
      text += content;
      deltaTimes.push(at);
    }
    if (chunk.usage) cost = chunk.usage.cost;
    if (chunk.alltokens_route) proof = chunk.alltokens_route;
  }
  return { text, done: frames.at(-1)?.data === '[DONE]', cost, proof, deltaTimes };
}

async function main() {
  const { startStack } = require(join(ROOT, 'dist/tools/stack/stack.js'));
  const { clearRedisPrefix } = require(join(ROOT, 'dist/tools/stack/clear-prefix.js'));
  const dir = mkdtempSync(join(tmpdir(), 'alltokens-continuation-'));
  const ports = { gateway: await freePort(), router: await freePort(), analytics: await freePort(), simulators: [await freePort(), await freePort()] };
  const database = await createDatabase();
  const prefix = `bench-continuation-${process.pid}-${Date.now().toString(36)}`;
  const catalogPath = join(dir, 'alltokens.yaml');
  writeFileSync(catalogPath, catalog(ports.simulators[0], ports.simulators[1]));
  const env = { DATABASE_URL: database.url, REDIS_URL: 'redis://127.0.0.1:6379', ALLTOKENS_PREFIX: prefix, ALLTOKENS_CONFIG: catalogPath, ALLTOKENS_ADMIN_KEY: ADMIN_KEY, SIM_API_KEY: MOCK_KEY, LOG_LEVEL: 'warn', ROUTER_LOAD_BALANCING: 'cheapest-first' };
  const logs = join(dir, 'logs');
  mkdirSync(logs, { recursive: true });
  const stack = await startStack({ root: ROOT, logs: { dir: logs }, env, ports });
  const load = { start: loadavg().map((x) => x.toFixed(2)) };
  try {
    const key = await createKey(stack.gatewayUrl);
    const target = { name: 'AllTokens', origin: stack.gatewayUrl, path: '/api/v1/chat/completions', headers: { authorization: `Bearer ${key.key}` } };
    const dispatcher = new Agent({ keepAliveTimeout: 60_000, connections: CONCURRENCY * 2 });
    // Unbroken streams first: the answer every cut stream must add up to, its cost, and the normal gap between deltas.
    const baseline = (await mapLimit(Math.max(50, Math.round(COUNT / 10)), CONCURRENCY, () => timeStream(target, body(0), dispatcher))).map(readStream);
    const expected = baseline[0].text;
    const baseCost = percentile(baseline.map((stream) => stream.cost), 50);
    const normalGaps = baseline.flatMap(({ deltaTimes }) => deltaTimes.slice(1).map((at, i) => at - deltaTimes[i]));
    const normalGap = percentile(normalGaps, 50);
    // Cut after 2..DELTAS frames: the client has 1..DELTAS-1 deltas from the first endpoint.
    const cuts = Array.from({ length: COUNT }, () => 2 + Math.floor(Math.random() * (DELTAS - 1)));
    const started = Date.now();
    const streams = await mapLimit(COUNT, CONCURRENCY, async (i) => ({ cutAfter: cuts[i], ...readStream(await timeStream(target, body(cuts[i]), dispatcher)) }));
    const elapsedS = (Date.now() - started) / 1000;
    const whole = streams.filter((stream) => stream.done && stream.text === expected && stream.proof?.continued === true);
    // The delta after the cut is the (cutAfter)-th one the client receives (index cutAfter - 1).
    const added = whole.map(({ deltaTimes, cutAfter }) => deltaTimes[cutAfter - 1] - deltaTimes[cutAfter - 2] - normalGap);
    const overhead = whole.map(({ cost }) => cost / baseCost - 1);
    load.end = loadavg().map((x) => x.toFixed(2));
    const results = {
      date: new Date().toISOString(),
      count: COUNT,
      concurrency: CONCURRENCY,
      stream: { deltas: DELTAS, intervalMs: INTERVAL_MS, chars: CHARS },
      completed: whole.length / COUNT,
      failures: streams.filter((stream) => !whole.includes(stream)).slice(0, 5).map(({ cutAfter, done, text, proof }) => ({ cutAfter, done, sameText: text === expected, proof })),
      normalGapMs: normalGap,
      addedGapMs: { p50: percentile(added, 50), p99: percentile(added, 99), max: Math.max(...added) },
      costOverhead: { mean: overhead.reduce((a, b) => a + b, 0) / overhead.length, p50: percentile(overhead, 50), p99: percentile(overhead, 99) },
      baseCostUsd: baseCost,
      elapsedS,
      load,
      cpus: require('node:os').cpus().length,
    };
    const pct = (x) => `${(x * 100).toFixed(1)} %`;
    const lines = [
      '# Stream continuation benchmark',
      '',
      `Generated ${results.date} by \`node tools/bench/continuation.mjs --count ${COUNT}\` on ${results.cpus} cores (load average ${load.start.join(' / ')} at the start, ${load.end.join(' / ')} at the end).`,
      `Two simulators serve \`${MODEL}\` at the same price; each stream has ${DELTAS} deltas ${INTERVAL_MS} ms apart (${CHARS} characters); whichever endpoint serves it first cuts it (TCP close; \`[sim:on=fresh cut_after=K]\`) after a random 1–${DELTAS - 1} deltas and the router continues it on the other with the text so far as a prefill. ${CONCURRENCY} streams at a time.`,
      '',
      '| cut streams | completed (one answer, `[DONE]`, same text as unbroken) | added gap at the cut p50 / p99 | cost overhead mean / p50 / p99 |',
      '| --- | --- | --- | --- |',
      `| ${COUNT} | ${pct(results.completed)} | ${results.addedGapMs.p50.toFixed(1)} / ${results.addedGapMs.p99.toFixed(1)} ms | ${pct(results.costOverhead.mean)} / ${pct(results.costOverhead.p50)} / ${pct(results.costOverhead.p99)} |`,
      '',
      `The added gap is the time between the last delta before the cut and the first after it, less the stream's normal gap (${normalGap.toFixed(1)} ms, p50 of the unbroken streams); the continuation's first delta comes one simulator interval after its request like every other, so what remains is the failover itself: noticing the break, opening the next endpoint with the prefill, dropping its role chunk. The overhead is the billed cost of a continued stream over the same answer unbroken (${baseCost.toExponential(3)} USD): the continuation's prompt carries the conversation again plus the prefill, and the cut attempt's tokens are estimated.`,
      '',
    ];
    const out = resolve(args.out ?? 'docs/benchmarks');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'continuation.md'), lines.join('\n'));
    writeFileSync(join(out, 'continuation.json'), JSON.stringify(results, null, 2));
    console.log(lines.join('\n'));
    console.log(JSON.stringify(results, null, 2));
  } finally {
    await stack.stop();
    await database.drop();
    await clearRedisPrefix(env.REDIS_URL, prefix);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
