import { ApiError, isObjective, providerPreferencesSchema, type ChatCompletionRequest, type Objective, type ProviderPreferences, type RoutingFields } from '@alltokens/contracts';

export interface RoutingOptions {
  preferences: ProviderPreferences;
  /** Model-level fallbacks (OpenRouter's `models`). */
  fallbackModels: string[];
  objective: Objective;
  /** Hard cap on the estimated USD per 1k tokens. */
  maxCostPer1k: number | null;
  /** A stream broken mid-answer may be continued on another endpoint (`stream_continuation`, default true). */
  streamContinuation: boolean;
}

/** Reads the routing fields from the top level of the body (what `extra_body` sends) or `metadata`. */
export function readRoutingOptions(request: ChatCompletionRequest): RoutingOptions {
  const body = request as ChatCompletionRequest & RoutingFields;
  const metadata = (request.metadata ?? {}) as RoutingFields;
  const parsed = providerPreferencesSchema.safeParse(body.provider ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ApiError(400, 'invalid_request', `Invalid value for 'provider.${issue.path.join('.')}': ${issue.message}`, `provider.${issue.path.join('.')}`);
  }
  const objective = body.objective ?? metadata.objective ?? 'balanced';
  if (!isObjective(objective)) throw new ApiError(400, 'invalid_request', "objective must be one of balanced, cheapest, fastest, best", 'objective');
  const cap = body.max_cost_per_1k_tokens ?? metadata.max_cost_per_1k_tokens;
  if (cap !== undefined && (typeof cap !== 'number' || cap < 0)) {
    throw new ApiError(400, 'invalid_request', 'max_cost_per_1k_tokens must be a non-negative number', 'max_cost_per_1k_tokens');
  }
  const models = body.models;
  if (models !== undefined && (!Array.isArray(models) || models.some((m) => typeof m !== 'string'))) {
    throw new ApiError(400, 'invalid_request', 'models must be an array of model ids', 'models');
  }
  const continuation = body.stream_continuation;
  if (continuation !== undefined && typeof continuation !== 'boolean') {
    throw new ApiError(400, 'invalid_request', 'stream_continuation must be a boolean', 'stream_continuation');
  }
  return {
    preferences: parsed.data,
    fallbackModels: (models as string[] | undefined) ?? [],
    objective,
    maxCostPer1k: (cap as number | undefined) ?? null,
    streamContinuation: continuation ?? true,
  };
}
