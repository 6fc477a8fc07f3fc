import { z } from 'zod';
import { RedisKeys } from './redis-keys';

/**
 * One row of the request log as the console shows it: what `GET /api/v1/analytics/requests` returns
 * and what analytics publishes on the live-tail channel right after the ledger commit.
 */
export const requestLogRowSchema = z.object({
  id: z.string(),
  org_id: z.string(),
  created_at: z.string(),
  key_id: z.string(),
  model: z.string().nullable(),
  provider_id: z.string().nullable(),
  status: z.string(),
  streamed: z.boolean(),
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  cost_usd: z.number(),
  latency_ms: z.number(),
  ttft_ms: z.number().nullable(),
  finish_reason: z.string().nullable(),
  error_code: z.string().nullable(),
  cache_hit: z.boolean(),
  /** Attribution: the request's tags (`name:value`) and OpenAI's `user`. */
  tags: z.array(z.string()).default([]),
  end_user: z.string().nullable().default(null),
  /** Guardrail rules that fired (rule, stage, action, count); never the matched text. */
  guardrails: z.array(z.object({ guardrailId: z.string(), rule: z.string(), stage: z.string(), action: z.string(), count: z.number() })).default([]),
});
export type RequestLogRow = z.infer<typeof requestLogRowSchema>;

/** One message per committed ledger batch: the rows it inserted (replays excluded). */
export const requestLogBatchSchema = z.object({ v: z.literal(1), rows: z.array(requestLogRowSchema) });
export type RequestLogBatch = z.infer<typeof requestLogBatchSchema>;

/** Channel on which analytics publishes committed request-log rows; gateways fan them out to live tails. */
export function requestLogChannel(prefix: string): string {
  return new RedisKeys(prefix).key('request-log', 'committed');
}
