import { z } from 'zod';
import type { Generation } from '@alltokens/db';

export const generationQuerySchema = z.object({ id: z.string().min(1, 'id is required') });

/** OpenRouter's generation fields where they exist, AllTokens' own beside them. */
export function toGenerationView(row: Generation) {
  return {
    id: row.id,
    created_at: row.createdAt.toISOString(),
    model: row.model,
    requested_model: row.requestedModel,
    provider_name: row.providerId,
    endpoint_id: row.endpointId,
    api_key_id: row.keyId,
    streamed: row.streamed,
    status: row.status,
    finish_reason: row.finishReason,
    tokens_prompt: row.promptTokens,
    tokens_completion: row.completionTokens,
    native_tokens_prompt: row.promptTokens,
    native_tokens_completion: row.completionTokens,
    native_tokens_cached: row.cachedTokens,
    native_tokens_reasoning: row.reasoningTokens,
    usage_source: row.usageSource,
    total_cost: row.costUsd.toNumber(),
    usage: row.costUsd.toNumber(),
    latency: row.latencyMs,
    generation_time: row.latencyMs - (row.ttftMs ?? 0),
    time_to_first_token: row.ttftMs,
    attempts: row.attempts,
    error: row.errorCode ? { code: row.errorCode, message: row.errorMessage } : null,
    trace_id: row.traceId,
    /** Attribution: the request's tags (the key's included) and OpenAI's `user`. */
    tags: row.tags,
    user: row.endUser,
    /** Guardrail rules that fired: which, where, what was done and how often; never the matched text. */
    guardrails: row.guardrails ?? [],
  };
}
