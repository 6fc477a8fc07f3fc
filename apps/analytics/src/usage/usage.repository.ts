import { storableText, type PrismaClient } from '@alltokens/db';
import { LATENCY_BOUNDS_MS, type UsageEvent } from '@alltokens/contracts';
import { traceIdOf } from './event-pricing';

export interface PricedEvent {
  event: UsageEvent;
  costUsd: number;
}

/**
 * A whole batch is one statement: the generations come from one JSON text parameter (jsonb_to_recordset),
 * which the driver sends as it is, where 30 parallel arrays cost ~20 % of analytics' CPU to serialise element by
 * element; the ledger, key spend and rollups are data-modifying CTEs over the rows actually inserted, so the
 * batch is atomic without a transaction's round trips and nothing reads the inserted rows back by id.
 */
const INSERT_GENERATIONS = `
INSERT INTO generations (id, org_id, key_id, kind, requested_model, model, provider_id, endpoint_id, streamed, status,
  finish_reason, prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens, reasoning_tokens, usage_source,
  cost_usd, latency_ms, ttft_ms, attempts, error_code, error_message, trace_id, started_at, route_mode, decision_reason, team_id, cache_hit,
  tags, end_user, guardrails)
SELECT g.id, k.org_id, g.key_id, g.kind, g.requested_model, g.model, g.provider_id, g.endpoint_id, g.streamed, g.status,
  g.finish_reason, g.prompt_tokens, g.completion_tokens, g.cached_tokens, g.cache_write_tokens, g.reasoning_tokens,
  g.usage_source, g.cost_usd, g.latency_ms, g.ttft_ms, g.attempts, g.error_code, g.error_message, g.trace_id,
  to_timestamp(g.started_ms / 1000.0) AT TIME ZONE 'UTC', g.route_mode, g.decision_reason, k.team_id, g.cache_hit,
  ARRAY(SELECT jsonb_array_elements_text(g.tags)), g.end_user, g.guardrails
FROM jsonb_to_recordset($1::jsonb) AS g(id text, key_id text, kind text, requested_model text, model text, provider_id text,
  endpoint_id text, streamed boolean, status text, finish_reason text, prompt_tokens int, completion_tokens int,
  cached_tokens int, cache_write_tokens int, reasoning_tokens int, usage_source text, cost_usd numeric, latency_ms int,
  ttft_ms int, attempts jsonb, error_code text, error_message text, trace_id text, started_ms float8, route_mode text,
  decision_reason text, cache_hit boolean, tags jsonb, end_user text, guardrails jsonb)
JOIN api_keys k ON k.id = g.key_id
ON CONFLICT (id) DO NOTHING
RETURNING id, org_id, key_id, team_id, model, requested_model, provider_id, status, cache_hit, prompt_tokens,
  completion_tokens, cached_tokens, reasoning_tokens, cost_usd, latency_ms, ttft_ms, tags, end_user, created_at`;

const INSERT_LEDGER = `
INSERT INTO ledger_entries (generation_id, org_id, key_id, amount_usd)
SELECT id, org_id, key_id, cost_usd FROM inserted WHERE cost_usd > 0
ON CONFLICT (generation_id) DO NOTHING`;

const ADD_KEY_USAGE = `
UPDATE api_keys k SET usage_usd = k.usage_usd + s.total, updated_at = now()
FROM (SELECT key_id, sum(cost_usd) AS total FROM inserted GROUP BY key_id) s
WHERE k.id = s.key_id AND s.total > 0`;

/** The rollups' latency histogram (LATENCY_BOUNDS_MS), counted in SQL. */
const BOUNDS = LATENCY_BOUNDS_MS;
const histogram = (column: string) =>
  `ARRAY[${[...BOUNDS.map((b, i) => `count(*) FILTER (WHERE ${column} ${i === 0 ? '' : `> ${BOUNDS[i - 1]} AND ${column} `}<= ${b})`), `count(*) FILTER (WHERE ${column} > ${BOUNDS[BOUNDS.length - 1]})`].join(', ')}]::int[]`;
const addArrays = (column: string) =>
  `(SELECT array_agg(a + b ORDER BY n) FROM unnest(r.${column}, EXCLUDED.${column}) WITH ORDINALITY AS t(a, b, n))`;
const SUMS = `count(*), count(*) FILTER (WHERE status <> 'success'), count(*) FILTER (WHERE cache_hit),
  sum(prompt_tokens), sum(completion_tokens), sum(cached_tokens), sum(reasoning_tokens), sum(cost_usd),
  ${histogram('latency_ms')}, ${histogram('ttft_ms')}`;
const ADD_SUMS = `requests = r.requests + EXCLUDED.requests, errors = r.errors + EXCLUDED.errors, cache_hits = r.cache_hits + EXCLUDED.cache_hits,
  prompt_tokens = r.prompt_tokens + EXCLUDED.prompt_tokens, completion_tokens = r.completion_tokens + EXCLUDED.completion_tokens,
  cached_tokens = r.cached_tokens + EXCLUDED.cached_tokens, reasoning_tokens = r.reasoning_tokens + EXCLUDED.reasoning_tokens,
  cost_usd = r.cost_usd + EXCLUDED.cost_usd,
  latency_hist = ${addArrays('latency_hist')}, ttft_hist = ${addArrays('ttft_hist')}`;

/** Folds the batch's new generations into the hourly or daily rollups (`period` is the column and how a generation's `created_at` maps to it). */
const upsertRollups = (table: string, period: string, periodOf: string) => `
INSERT INTO ${table} AS r (org_id, ${period}, key_id, team_id, model, provider_id, requests, errors, cache_hits,
  prompt_tokens, completion_tokens, cached_tokens, reasoning_tokens, cost_usd, latency_hist, ttft_hist)
SELECT org_id, ${periodOf}, key_id, coalesce(team_id, ''), coalesce(model, requested_model), coalesce(provider_id, ''), ${SUMS}
FROM inserted GROUP BY 1, 2, 3, 4, 5, 6
ON CONFLICT (org_id, ${period}, key_id, team_id, model, provider_id) DO UPDATE SET ${ADD_SUMS}`;

/** Per tag value (`tag:<name>`) and per end user (`user`): the same sums and histograms as the hourly rollups. */
const UPSERT_DIMENSION_ROLLUPS = `
INSERT INTO usage_rollups_dimension_hourly AS r (org_id, dimension, hour, value, requests, errors, cache_hits,
  prompt_tokens, completion_tokens, cached_tokens, reasoning_tokens, cost_usd, latency_hist, ttft_hist)
SELECT org_id, dimension, date_trunc('hour', created_at), value, ${SUMS}
FROM (
  SELECT g.*, 'tag:' || split_part(t.tag, ':', 1) AS dimension,
    CASE WHEN position(':' IN t.tag) > 0 THEN substr(t.tag, position(':' IN t.tag) + 1) ELSE '' END AS value
  FROM inserted g CROSS JOIN LATERAL unnest(g.tags) AS t(tag)
  UNION ALL
  SELECT g.*, 'user', g.end_user FROM inserted g WHERE g.end_user IS NOT NULL
) dims GROUP BY 1, 2, 3, 4
ON CONFLICT (org_id, dimension, hour, value) DO UPDATE SET ${ADD_SUMS}`;

/** Postgres runs every data-modifying CTE exactly once, to completion, whether or not the final SELECT reads it. */
const RECORD_BATCH = `
WITH inserted AS (${INSERT_GENERATIONS}),
  ledger AS (${INSERT_LEDGER}),
  key_usage AS (${ADD_KEY_USAGE}),
  hourly AS (${upsertRollups('usage_rollups_hourly', 'hour', `date_trunc('hour', created_at)`)}),
  daily AS (${upsertRollups('usage_rollups_daily', 'day', 'created_at::date')}),
  dimensions AS (${UPSERT_DIMENSION_ROLLUPS})
SELECT id, key_id, org_id, cost_usd::float8 AS cost_usd, tags, end_user FROM inserted`;

export interface InsertedGeneration {
  id: string;
  key_id: string;
  org_id: string;
  cost_usd: number;
  tags: string[];
  end_user: string | null;
}

/** Postgres text holds no NUL, and its JSON parser refuses a lone surrogate's escape. */
const storable = (value: unknown): unknown => (typeof value === 'string' ? storableText(value).toWellFormed() : value);

/** A NUL's or a surrogate's escape in JSON.stringify's output (a literal backslash before them only costs the slow path). */
const UNSTORABLE_ESCAPE = /\\u(0000|d[89a-f])/i;

/** The batch as the JSON rows INSERT_GENERATIONS reads (its column names). */
function rowsJson(batch: PricedEvent[]): string {
  const rows = batch.map(({ event, costUsd }) => ({
    id: event.requestId,
    key_id: event.caller.keyId,
    kind: event.kind,
    requested_model: event.requestedModel,
    model: event.model,
    provider_id: event.providerId,
    endpoint_id: event.endpointId,
    streamed: event.streamed,
    status: event.status,
    finish_reason: event.finishReason,
    prompt_tokens: event.usage.promptTokens,
    completion_tokens: event.usage.completionTokens,
    cached_tokens: event.usage.cachedTokens,
    cache_write_tokens: event.usage.cacheWriteTokens,
    reasoning_tokens: event.usage.reasoningTokens,
    usage_source: event.usageSource,
    cost_usd: costUsd.toFixed(10),
    latency_ms: Math.round(event.latencyMs),
    ttft_ms: event.ttftMs === null ? null : Math.round(event.ttftMs),
    attempts: event.attempts,
    error_code: event.error?.code ?? null,
    error_message: event.error?.message ?? null,
    trace_id: traceIdOf(event.trace.traceparent),
    started_ms: event.startedAt,
    route_mode: event.route?.mode ?? null,
    decision_reason: event.route?.decisionReason ?? null,
    cache_hit: event.cacheHit,
    tags: event.caller.tags,
    end_user: event.caller.endUser,
    guardrails: event.guardrails.length ? event.guardrails : null,
  }));
  // A NUL or a lone surrogate leaves JSON.stringify as an escape (\u0000, \udXXX), so one scan of the
  // output tells whether any value needs cleaning; the replacer visits every value and is kept for those rare batches.
  const json = JSON.stringify(rows);
  return UNSTORABLE_ESCAPE.test(json) ? JSON.stringify(rows, (_key, value: unknown) => storable(value)) : json;
}

export class UsageRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Writes a batch atomically (one statement): generations (duplicates skipped), ledger entries, key spend
   * and the rollups for the rows actually inserted, so replaying an event changes nothing.
   */
  record(batch: PricedEvent[]): Promise<InsertedGeneration[]> {
    return this.prisma.$queryRawUnsafe<InsertedGeneration[]>(RECORD_BATCH, rowsJson(batch));
  }

  async existingKeyIds(keyIds: string[]): Promise<Set<string>> {
    const rows = await this.prisma.apiKey.findMany({ where: { id: { in: keyIds } }, select: { id: true } });
    return new Set(rows.map((row) => row.id));
  }
}
