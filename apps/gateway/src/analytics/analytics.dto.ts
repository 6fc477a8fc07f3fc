import { z } from 'zod';
import { requestStatusSchema } from '@alltokens/contracts';
import type { LogRow, UsageRow } from './analytics.repository';

const time = z.iso.datetime({ offset: true });

export const usageQuerySchema = z.object({
  from: time.optional(),
  to: time.optional(),
  bucket: z.enum(['1m', '1h', '1d']).default('1h'),
  /** Also `user` (OpenAI's `user`, the end user) and `tag:<name>` (one group per value of that tag). */
  group_by: z
    .string()
    .regex(/^(none|key|team|model|provider|user|tag:[A-Za-z0-9_.-]{1,64})$/, 'one of none, key, team, model, provider, user or tag:<name>')
    .transform((value) => (value.startsWith('tag:') ? (value.toLowerCase() as `tag:${string}`) : (value as 'none' | 'key' | 'team' | 'model' | 'provider' | 'user')))
    .default('none'),
  key_id: z.string().optional(),
  model: z.string().optional(),
  /** Only requests carrying this tag (`name:value`). */
  tag: z.string().min(1).max(200).optional(),
  /** Only requests of this end user. */
  user: z.string().min(1).max(256).optional(),
});
export type UsageQuery = z.infer<typeof usageQuerySchema>;

export const requestLogQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().optional(),
  key_id: z.string().optional(),
  model: z.string().optional(),
  provider: z.string().optional(),
  status: requestStatusSchema.optional(),
  cache_hit: z.enum(['true', 'false']).optional(),
  tag: z.string().min(1).max(200).optional(),
  user: z.string().min(1).max(256).optional(),
  /** Only requests on which this guardrail rule fired (its name, e.g. `email`). */
  guardrail_rule: z.string().min(1).max(64).optional(),
  from: time.optional(),
  to: time.optional(),
});
export type RequestLogQuery = z.infer<typeof requestLogQuerySchema>;

/** The analytics rows' percentiles arrive as [p50, p95, p99]. */
const percentiles = (values: number[] | null) =>
  values ? { p50: Math.round(values[0]!), p95: Math.round(values[1]!), p99: Math.round(values[2]!) } : null;

export function toUsageView(row: UsageRow) {
  return {
    bucket: row.bucket.toISOString(),
    group: row.grp || null,
    requests: row.requests,
    errors: row.errors,
    error_rate: row.requests ? row.errors / row.requests : 0,
    prompt_tokens: row.prompt_tokens,
    completion_tokens: row.completion_tokens,
    cached_tokens: row.cached_tokens,
    reasoning_tokens: row.reasoning_tokens,
    cost: row.cost_usd,
    cache_hits: row.cache_hits,
    latency_ms: percentiles(row.latency_ms),
    ttft_ms: percentiles(row.ttft_ms),
  };
}

export const toRequestLogView = (row: LogRow) => ({ ...row, created_at: row.created_at.toISOString() });
