import { Inject, Injectable } from '@nestjs/common';
import { ApiError, histogramPercentile, LATENCY_BUCKETS } from '@alltokens/contracts';
import type { PrismaClient } from '@alltokens/db';
import { PRISMA } from '../infra/tokens';
import type { RequestLogQuery, UsageQuery } from './analytics.dto';
import { generationsAttribution, normaliseTagFilter, rollupFilter, usesAttribution } from './attribution-usage';

const TRUNC = { '1m': 'minute', '1h': 'hour', '1d': 'day' } as const;
const GROUP = { none: `''`, key: 'key_id', team: `coalesce(team_id, '')`, model: `coalesce(model, requested_model)`, provider: `coalesce(provider_id, '')` } as const;
const DAY_MS = 86_400_000;

function range(q: UsageQuery): { from: Date; to: Date } {
  const to = q.to ? new Date(q.to) : new Date();
  return { from: q.from ? new Date(q.from) : new Date(to.getTime() - DAY_MS), to };
}

/** p50/p95/p99 of a rollup histogram (see LATENCY_BOUNDS_MS). */
const histogramPercentiles = (counts: number[]): number[] | null =>
  histogramPercentile(counts, 0.5) === null ? null : [0.5, 0.95, 0.99].map((fraction) => histogramPercentile(counts, fraction)!);

const hist = (column: string) => `ARRAY[${Array.from({ length: LATENCY_BUCKETS }, (_, i) => `sum(${column}[${i + 1}])`).join(', ')}]::float8[]`;
/** The sums both rollup tables share (they have the same columns). */
const ROLLUP_SUMS = `sum(requests)::float8 AS requests, sum(errors)::float8 AS errors,
  sum(prompt_tokens)::float8 AS prompt_tokens, sum(completion_tokens)::float8 AS completion_tokens, sum(cached_tokens)::float8 AS cached_tokens,
  sum(reasoning_tokens)::float8 AS reasoning_tokens, sum(cost_usd)::float8 AS cost_usd, sum(cache_hits)::float8 AS cache_hits,
  ${hist('latency_hist')} AS lh, ${hist('ttft_hist')} AS th`;

/** Timestamps are stored as UTC without zone (Prisma's DateTime); compare in the same form. */
const utc = (iso: string | Date) => new Date(iso).toISOString().replace('Z', '');

@Injectable()
export class AnalyticsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /**
   * Spend, traffic, errors and latency percentiles per time bucket and group. Minute buckets read the
   * generations (exact percentiles, short ranges); hour and day buckets read the hourly rollups
   * (percentiles from histograms), so months of traffic cost thousands of rows, not millions.
   * Sums are float8, exact to 2^53: a day of a busy organisation's tokens passes int4's 2^31. The model
   * filter matches what `group_by=model` and the rollups call the model (the requested one when no
   * upstream answered).
   */
  usage(orgId: string, q: UsageQuery) {
    if (usesAttribution(q)) {
      const rollup = rollupFilter(q);
      return rollup ? this.usageFromDimensionRollups(orgId, q, rollup) : this.usageFromGenerations(orgId, q);
    }
    return q.bucket === '1m' ? this.usageFromGenerations(orgId, q) : this.usageFromRollups(orgId, q);
  }

  /** Grouped by a tag's values or by end user, from their hourly rollups (requests without the tag are in no group). */
  private async usageFromDimensionRollups(orgId: string, q: UsageQuery, rollup: { dimension: string; value: string | null }): Promise<UsageRow[]> {
    const { from, to } = range(q);
    const params: unknown[] = [orgId, rollup.dimension, utc(from), utc(to)];
    const value = rollup.value === null ? '' : `AND value = $${params.push(rollup.value)}`;
    const rows = await this.prisma.$queryRawUnsafe<Array<Omit<UsageRow, 'latency_ms' | 'ttft_ms'> & { lh: number[]; th: number[] }>>(
      `SELECT date_trunc('${TRUNC[q.bucket]}', hour) AS bucket, value AS grp, ${ROLLUP_SUMS}
       FROM usage_rollups_dimension_hourly
       WHERE org_id = $1 AND dimension = $2 AND hour >= date_trunc('hour', $3::timestamp) AND hour < $4::timestamp ${value}
       GROUP BY 1, 2 ORDER BY 1, 2`,
      ...params,
    );
    return rows.map(({ lh, th, ...row }) => ({ ...row, latency_ms: histogramPercentiles(lh), ttft_ms: histogramPercentiles(th) }));
  }

  private async usageFromRollups(orgId: string, q: UsageQuery): Promise<UsageRow[]> {
    const { from, to } = range(q);
    const params: unknown[] = [orgId, utc(from), utc(to)];
    const filters = [q.key_id && `key_id = $${params.push(q.key_id)}`, q.model && `model = $${params.push(q.model)}`].filter(Boolean);
    const group = { none: `''`, key: 'key_id', team: 'team_id', model: 'model', provider: 'provider_id' }[q.group_by as keyof typeof GROUP];
    const rows = await this.prisma.$queryRawUnsafe<Array<Omit<UsageRow, 'latency_ms' | 'ttft_ms'> & { lh: number[]; th: number[] }>>(
      `SELECT date_trunc('${TRUNC[q.bucket]}', hour) AS bucket, ${group} AS grp, ${ROLLUP_SUMS}
       FROM usage_rollups_hourly
       WHERE org_id = $1 AND hour >= date_trunc('hour', $2::timestamp) AND hour < $3::timestamp ${filters.map((f) => `AND ${f}`).join(' ')}
       GROUP BY 1, 2 ORDER BY 1, 2`,
      ...params,
    );
    return rows.map(({ lh, th, ...row }) => ({ ...row, latency_ms: histogramPercentiles(lh), ttft_ms: histogramPercentiles(th) }));
  }

  private usageFromGenerations(orgId: string, q: UsageQuery) {
    const { from, to } = range(q);
    const params: unknown[] = [orgId, utc(from), utc(to)];
    const filters = [q.key_id && `key_id = $${params.push(q.key_id)}`, q.model && `${GROUP.model} = $${params.push(q.model)}`].filter(Boolean);
    const attribution = generationsAttribution(q, params);
    filters.push(...attribution.filters);
    const sql = `
      SELECT date_trunc('${TRUNC[q.bucket]}', created_at) AS bucket, ${attribution.group ?? GROUP[q.group_by as keyof typeof GROUP]} AS grp,
        count(*)::int AS requests,
        count(*) FILTER (WHERE status <> 'success')::int AS errors,
        sum(prompt_tokens)::float8 AS prompt_tokens, sum(completion_tokens)::float8 AS completion_tokens,
        sum(cached_tokens)::float8 AS cached_tokens, sum(reasoning_tokens)::float8 AS reasoning_tokens,
        sum(cost_usd)::float8 AS cost_usd,
        count(*) FILTER (WHERE cache_hit)::int AS cache_hits,
        percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY latency_ms) AS latency_ms,
        percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY ttft_ms) AS ttft_ms
      FROM generations g ${attribution.join}
      WHERE org_id = $1 AND created_at >= $2::timestamp AND created_at < $3::timestamp ${filters.map((f) => `AND ${f}`).join(' ')}
      GROUP BY 1, 2 ORDER BY 1, 2`;
    return this.prisma.$queryRawUnsafe<UsageRow[]>(sql, ...params);
  }

  /** Newest first, keyset-paginated on (created_at, id) so deep pages stay as fast as the first. */
  async requests(orgId: string, q: RequestLogQuery) {
    const params: unknown[] = [orgId];
    const where = ['org_id = $1'];
    if (q.key_id) where.push(`key_id = $${params.push(q.key_id)}`);
    if (q.model) where.push(`model = $${params.push(q.model)}`);
    if (q.provider) where.push(`provider_id = $${params.push(q.provider)}`);
    if (q.status) where.push(`status = $${params.push(q.status)}`);
    if (q.cache_hit) where.push(`cache_hit = $${params.push(q.cache_hit === 'true')}`);
    if (q.from) where.push(`created_at >= $${params.push(utc(q.from))}::timestamp`);
    if (q.to) where.push(`created_at < $${params.push(utc(q.to))}::timestamp`);
    if (q.tag) where.push(`tags @> ARRAY[$${params.push(normaliseTagFilter(q.tag))}]::text[]`);
    if (q.user) where.push(`end_user = $${params.push(q.user)}`);
    if (q.guardrail_rule) where.push(`guardrails @> $${params.push(JSON.stringify([{ rule: q.guardrail_rule }]))}::jsonb`);
    if (q.cursor) {
      const [at, id] = decodeCursor(q.cursor);
      where.push(`(created_at, id) < ($${params.push(at)}::timestamp, $${params.push(id)})`);
    }
    const rows = await this.prisma.$queryRawUnsafe<LogRow[]>(
      `SELECT id, created_at, key_id, model, provider_id, status, streamed, prompt_tokens, completion_tokens, cost_usd::float8 AS cost_usd,
         latency_ms, ttft_ms, finish_reason, error_code, cache_hit, tags, end_user, coalesce(guardrails, '[]'::jsonb) AS guardrails
       FROM generations WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ${q.limit + 1}`,
      ...params,
    );
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return { page, next: rows.length > q.limit && last ? encodeCursor(last.created_at, last.id) : null };
  }
}

export interface UsageRow {
  bucket: Date;
  grp: string;
  requests: number;
  errors: number;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  reasoning_tokens: number;
  cost_usd: number;
  cache_hits: number;
  latency_ms: number[] | null;
  ttft_ms: number[] | null;
}

export interface LogRow {
  id: string;
  created_at: Date;
  key_id: string;
  model: string | null;
  provider_id: string | null;
  status: string;
  streamed: boolean;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
  latency_ms: number;
  ttft_ms: number | null;
  finish_reason: string | null;
  error_code: string | null;
  cache_hit: boolean;
  tags: string[];
  end_user: string | null;
  /** Which guardrail rules fired and how often; never the text they matched. */
  guardrails: unknown[];
}

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([utc(at), id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (typeof at === 'string' && typeof id === 'string') return [at, id];
  } catch {
    // fall through
  }
  throw new ApiError(400, 'invalid_cursor', 'cursor is not one this API returned', 'cursor');
}
