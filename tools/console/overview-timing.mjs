// Measures the console's overview (GET /api/console/overview) over 1,000,000 generations: seeds a fresh
// database with a month of traffic (50 keys in 5 teams, 4 models, 3 providers, uniformly mixed: the
// rollups' worst case), folds it into the hourly and daily rollups as analytics does, starts one built gateway
// and times every range × split over HTTP. A measurement, not a test. `node tools/build.mjs` first.
// Usage: node tools/console/overview-timing.mjs [--generations 1000000] [--runs 10] [--keep]
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import pg from 'pg';
import { dropDatabase, ensureDatabase } from '../db/database.mjs';

const arg = (name, fallback) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback);
const GENERATIONS = arg('--generations', 1_000_000);
const RUNS = arg('--runs', 10);
const ROOT = resolve(import.meta.dirname, '../..');
const ADMIN_KEY = 'at-admin-measure-0123456789abcdef';
const SERVER = process.env.TEST_DATABASE_SERVER_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const url = `${SERVER}/alltokens_console_overview_${randomBytes(4).toString('hex')}`;
const prefix = `console-measure-${process.pid}`;

const BOUNDS = [50, 100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600];
const histogram = (column) =>
  `ARRAY[${[...BOUNDS.map((b, i) => `count(*) FILTER (WHERE ${column} ${i ? `> ${BOUNDS[i - 1]} AND ${column} ` : ''}<= ${b})`), `count(*) FILTER (WHERE ${column} > 25600)`].join(', ')}]::int[]`;

async function seed(client) {
  await client.query(`INSERT INTO organizations (id, name) VALUES ('default', 'Default organisation')`);
  await client.query(`INSERT INTO teams (id, org_id, name) SELECT 'team-' || t, 'default', 'team ' || t FROM generate_series(1, 5) t`);
  await client.query(`INSERT INTO api_keys (id, org_id, name, hash, prefix, last_four, team_id, updated_at)
    SELECT 'key-' || k, 'default', 'key ' || k, md5('key-' || k), 'sk-at-v1-', 'abcd', 'team-' || (k % 5 + 1), now() FROM generate_series(1, 50) k`);
  // A month of traffic, newest now; latencies log-uniform between 20 ms and ~8 s, 2 % errors (spread by a
  // multiplicative hash of the row number, so the run is reproducible).
  await client.query(`INSERT INTO generations (id, org_id, key_id, team_id, kind, requested_model, model, provider_id, streamed, status,
      prompt_tokens, completion_tokens, cached_tokens, reasoning_tokens, usage_source, cost_usd, latency_ms, ttft_ms, attempts, started_at, created_at)
    SELECT 'gen-' || g, 'default', 'key-' || (g % 50 + 1), 'team-' || ((g % 50 + 1) % 5 + 1), 'chat', m.model, m.model, 'provider-' || (g % 3 + 1), g % 2 = 0,
      CASE WHEN g % 50 = 0 THEN 'error' ELSE 'success' END, 200 + g % 800, 50 + g % 400, 0, 0, 'upstream', (200 + g % 800) * 0.0000005 + (50 + g % 400) * 0.000002,
      lat, lat / 3, '[]'::jsonb, at, at
    FROM generate_series(1, $1) g
    CROSS JOIN LATERAL (SELECT (ARRAY['openai/gpt-4o-mini','openai/gpt-4o','anthropic/claude-sonnet-4','google/gemini-2.5-flash'])[g % 4 + 1] AS model) m
    CROSS JOIN LATERAL (SELECT (20 * exp((g::bigint * 2654435761 % 1000) / 1000.0 * 6))::int AS lat,
      (now() AT TIME ZONE 'UTC') - ((g::bigint * 40503 % 2592000) * interval '1 second') AS at) r`, [GENERATIONS]);
  // The hourly and daily rollups, as analytics maintains them in the ledger transaction.
  await client.query(`INSERT INTO usage_rollups_hourly (org_id, hour, key_id, team_id, model, provider_id, requests, errors, cache_hits,
      prompt_tokens, completion_tokens, cached_tokens, reasoning_tokens, cost_usd, latency_hist, ttft_hist)
    SELECT org_id, date_trunc('hour', created_at), key_id, coalesce(team_id, ''), coalesce(model, requested_model), coalesce(provider_id, ''),
      count(*), count(*) FILTER (WHERE status <> 'success'), count(*) FILTER (WHERE cache_hit), sum(prompt_tokens), sum(completion_tokens),
      sum(cached_tokens), sum(reasoning_tokens), sum(cost_usd), ${histogram('latency_ms')}, ${histogram('ttft_ms')}
    FROM generations GROUP BY 1, 2, 3, 4, 5, 6`);
  const sums = (column) => `ARRAY[${Array.from({ length: BOUNDS.length + 1 }, (_, i) => `sum(${column}[${i + 1}])`).join(', ')}]::int[]`;
  await client.query(`INSERT INTO usage_rollups_daily SELECT org_id, hour::date, key_id, team_id, model, provider_id, sum(requests), sum(errors),
      sum(cache_hits), sum(prompt_tokens), sum(completion_tokens), sum(cached_tokens), sum(reasoning_tokens), sum(cost_usd),
      ${sums('latency_hist')}, ${sums('ttft_hist')}
    FROM usage_rollups_hourly GROUP BY 1, 2, 3, 4, 5, 6`);
  await client.query('ANALYZE');
  const { rows } = await client.query(`SELECT (SELECT count(*) FROM generations)::int AS generations, (SELECT count(*) FROM usage_rollups_hourly)::int AS rollups, (SELECT count(*) FROM usage_rollups_daily)::int AS daily`);
  return rows[0];
}

const freePort = () =>
  new Promise((res) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => res(port));
    });
  });

async function startGateway(port) {
  const child = spawn(process.execPath, ['--liftoff-only', 'dist/apps/gateway/src/main.js'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, ALLTOKENS_PREFIX: prefix, ALLTOKENS_ADMIN_KEY: ADMIN_KEY, GATEWAY_PORT: String(port), GATEWAY_HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 200; i += 1) {
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.ok, () => false);
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('gateway did not become ready');
}

/** The closed-day cache entries this run wrote (its own key prefix). */
async function clearPrefix() {
  const { default: Redis } = await import('ioredis');
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))];

async function main() {
  await ensureDatabase(url);
  let gateway;
  try {
    execFileSync(process.execPath, ['--experimental-wasm-modules', '--no-warnings', 'tools/db/cli.mjs', 'migrate'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, stdio: 'ignore' });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const seeded = performance.now();
    const counts = await seed(client);
    await client.end();
    console.log(`Seeded ${counts.generations.toLocaleString('en')} generations → ${counts.rollups.toLocaleString('en')} hourly + ${counts.daily.toLocaleString('en')} daily rollup rows in ${((performance.now() - seeded) / 1000).toFixed(0)} s`);
    const port = await freePort();
    gateway = await startGateway(port);
    console.log(`\n| range | split | first (cold) | HTTP p50 | HTTP max | server p50 | buckets × groups |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |`);
    for (const range of ['1h', '24h', '7d', '30d']) {
      for (const split of ['none', 'model', 'provider', 'key', 'team']) {
        const wall = [];
        const server = [];
        let shape = '';
        let cold = 0;
        for (let run = 0; run <= RUNS; run += 1) {
          const started = performance.now();
          const res = await fetch(`http://127.0.0.1:${port}/api/console/overview?range=${range}&split=${split}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
          const { data } = await res.json();
          if (!res.ok) throw new Error(`overview ${range}/${split}: ${res.status}`);
          // The first call of each pair fills the closed-day cache (30 d) and warms the connection pool.
          if (run === 0) {
            cold = performance.now() - started;
            continue;
          }
          wall.push(performance.now() - started);
          server.push(data.elapsed_ms);
          shape = `${data.buckets.length} × ${Math.max(1, data.groups.length)}`;
        }
        console.log(`| ${range} | ${split} | ${cold.toFixed(0)} ms | ${percentile(wall, 0.5).toFixed(0)} ms | ${Math.max(...wall).toFixed(0)} ms | ${percentile(server, 0.5)} ms | ${shape} |`);
      }
    }
  } finally {
    gateway?.kill('SIGTERM');
    await clearPrefix();
    if (!process.argv.includes('--keep')) await dropDatabase(url);
    else console.log(`kept ${url}`);
  }
}

await main();
