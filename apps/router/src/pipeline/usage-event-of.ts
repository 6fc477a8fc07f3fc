import { USAGE_EVENT_VERSION, type RouterJob, type UsageEventInput } from '@alltokens/contracts';
import { injectTrace, type Context } from '@alltokens/platform';
import type { RequestOutcome } from './request-outcome';

/** The usage event of a served job (the request id is its idempotency key), priced and routed as the client was told. */
export function usageEventOf(job: RouterJob, outcome: RequestOutcome, traceContext: Context): UsageEventInput {
  const finishedAt = outcome.repliedAt ?? Date.now();
  return {
    v: USAGE_EVENT_VERSION,
    requestId: job.requestId,
    trace: injectTrace(traceContext),
    caller: job.caller,
    kind: job.kind,
    requestedModel: job.request.model,
    model: outcome.modelId,
    providerId: outcome.providerId,
    endpointId: outcome.endpointId,
    streamed: job.kind === 'chat' && job.request.stream === true,
    status: outcome.status,
    finishReason: outcome.finishReason,
    usage: outcome.usage,
    usageSource: outcome.usageSource,
    costUsd: outcome.costUsd,
    startedAt: job.receivedAt,
    finishedAt,
    latencyMs: Math.max(0, finishedAt - job.receivedAt),
    ttftMs: outcome.ttftMs,
    attempts: outcome.attempts,
    error: outcome.error,
    guardrails: outcome.guardrails.length ? outcome.guardrails : job.guardrails.findings,
    ...(outcome.route ? { route: outcome.route } : {}),
  };
}
