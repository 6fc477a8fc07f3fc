// Query plans of tag and end-user analytics over many generations: seeds a throwaway database with
// N generations (default 1,000,000; 50 keys, 4 models, 3 feature tags, 200 end users, a month), fills
// the per-tag/per-user hourly rollups as analytics would, and times the queries the API runs.
//   node tools/bench/tag-analytics.mjs [--rows 1000000]
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Client } = require('pg');
const rows = Number(process.argv[process.argv.indexOf('--rows') + 1]) || 1_000_000;
const server = process.env.TEST_DATABASE_SERVER_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const name = `alltokens_bench_tags_${randomBytes(4).toString('hex')}`;
const url = `${server}/${name}`;

execFileSync(process.execPath, ['--experimental-wasm-modules', '--no-warnings', 'tools/db/cli.mjs', 'migrate'], { env: { ...process.env, DATABASE_URL: url }, stdio: 'ignore' });
const db = new Client({ connectionString: url });
await db.connect();
try {
  const started = Date.now();
  await db.query(`INSERT INTO organizations (id, name) VALUES ('org', 'org')`);
  await db.query(`INSERT INTO api_keys (id, org_id, name, hash, prefix, last_four, updated_at) SELECT 'k' || i, 'org', 'k', md5(i::text), 'p', '0000', now() FROM generate_series(1, 50) i`);
  await db.query(`
    INSERT INTO generations (id, org_id, key_id, kind, requested_model, model, provider_id, streamed, status, prompt_tokens, completion_tokens,
      cached_tokens, reasoning_tokens, usage_source, cost_usd, latency_ms, ttft_ms, attempts, started_at, created_at, tags, end_user)
    SELECT 'g' || i, 'org', 'k' || (i % 50 + 1), 'chat', m, m, 'p' || (i % 3), false, CASE WHEN i % 20 = 0 THEN 'error' ELSE 'success' END,
      100 + i % 900, i % 400, 0, 0, 'upstream', (i % 1000) / 1e6, 50 + i % 3000, 20 + i % 500, '[]', at, at,
      ARRAY['feature:' || (ARRAY['search', 'summaries', 'chat'])[i % 3 + 1], 'team:t' || (i % 7)], 'user-' || (i % 200)
    FROM (SELECT i, (ARRAY['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4', 'google/gemini-2.5-flash', 'meta/llama'])[i % 4 + 1] AS m,
            timestamp '2026-03-01' + (i::float8 / ${rows}) * interval '30 days' AS at FROM generate_series(1, ${rows}) i) s`);
  await db.query(`
    INSERT INTO usage_rollups_dimension_hourly (org_id, dimension, hour, value, requests, errors, cache_hits, prompt_tokens, completion_tokens,
      cached_tokens, reasoning_tokens, cost_usd, latency_hist, ttft_hist)
    SELECT org_id, dimension, date_trunc('hour', created_at), value, count(*), count(*) FILTER (WHERE status <> 'success'), 0, sum(prompt_tokens),
      sum(completion_tokens), 0, 0, sum(cost_usd), ARRAY[count(*),0,0,0,0,0,0,0,0,0,0], ARRAY[count(*),0,0,0,0,0,0,0,0,0,0]
    FROM (SELECT g.*, 'tag:' || split_part(t, ':', 1) AS dimension, substr(t, position(':' IN t) + 1) AS value FROM generations g, unnest(g.tags) t
          UNION ALL SELECT g.*, 'user', g.end_user FROM generations g) d GROUP BY 1, 2, 3, 4`);
  await db.query('ANALYZE');
  const { rows: [{ n }] } = await db.query('SELECT count(*)::int AS n FROM usage_rollups_dimension_hourly');
  console.log(`${rows.toLocaleString('en')} generations, ${n.toLocaleString('en')} dimension rollup rows, seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const queries = {
    'month by day × tag:feature, rollups': `SELECT date_trunc('day', hour), value, sum(requests), sum(cost_usd) FROM usage_rollups_dimension_hourly
      WHERE org_id = 'org' AND dimension = 'tag:feature' AND hour >= '2026-03-01' AND hour < '2026-03-31' GROUP BY 1, 2`,
    'month by day × user (200 users), rollups': `SELECT date_trunc('day', hour), value, sum(requests), sum(cost_usd) FROM usage_rollups_dimension_hourly
      WHERE org_id = 'org' AND dimension = 'user' AND hour >= '2026-03-01' AND hour < '2026-03-31' GROUP BY 1, 2`,
    'month by day × tag:feature, generations (what a key filter forces)': `SELECT date_trunc('day', created_at), tv.value, count(*), sum(cost_usd) FROM generations g
      CROSS JOIN LATERAL (SELECT substr(t, 9) AS value FROM unnest(g.tags) t WHERE split_part(t, ':', 1) = 'feature') tv
      WHERE org_id = 'org' AND created_at >= '2026-03-01' AND created_at < '2026-03-31' AND key_id = 'k7' GROUP BY 1, 2`,
    'last 24 h by minute × tag:feature, generations': `SELECT date_trunc('minute', created_at), tv.value, count(*), sum(cost_usd) FROM generations g
      CROSS JOIN LATERAL (SELECT substr(t, 9) AS value FROM unnest(g.tags) t WHERE split_part(t, ':', 1) = 'feature') tv
      WHERE org_id = 'org' AND created_at >= '2026-03-29' AND created_at < '2026-03-30' GROUP BY 1, 2`,
    'request log, first page for one tag': `SELECT id FROM generations WHERE org_id = 'org' AND tags @> ARRAY['team:t3'] ORDER BY created_at DESC, id DESC LIMIT 51`,
    'request log, first page for one end user': `SELECT id FROM generations WHERE org_id = 'org' AND end_user = 'user-42' ORDER BY created_at DESC, id DESC LIMIT 51`,
    'a tag budget starting its month (spent since)': `SELECT sum(cost_usd) FROM generations WHERE tags @> ARRAY['feature:search'] AND created_at >= '2026-03-01' AND org_id = 'org'`,
  };
  for (const [label, sql] of Object.entries(queries)) {
    await db.query(sql); // warm the cache: the figure is the plan's, not the disk's
    const plan = (await db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`)).rows[0]['QUERY PLAN'][0];
    const node = plan.Plan;
    /** The scan of the table itself (the plan's first node naming a relation). */
    const scan = (n) => {
      if (n['Relation Name']) return `${n['Node Type']}${n['Index Name'] ? ` on ${n['Index Name']}` : ` of ${n['Relation Name']}`}`;
      for (const child of n.Plans ?? []) {
        const found = scan(child);
        if (found) return found;
      }
      return null;
    };
    console.log(`| ${label} | ${scan(node) ?? node['Node Type']}, ${node['Actual Rows']} rows out | ${plan['Execution Time'].toFixed(1)} ms |`);
  }
} finally {
  await db.end();
  const admin = new Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
