import { priceUsage, type CatalogEndpoint, type EndpointPricing } from '@alltokens/catalog';
import type { Attempt, GuardrailFinding, RequestStatus, TokenUsage, Usage, UsageSource } from '@alltokens/contracts';
import { servedRoute, type RouteDecision } from '@alltokens/routing';
import type { AnswerFacts } from '../fidelity/answer-judge';

/** What one request produced, gathered while serving it and turned into the usage event at the end. */
export interface RequestOutcome {
  status: RequestStatus;
  attempts: Attempt[];
  usage: TokenUsage;
  usageSource: UsageSource;
  finishReason: string | null;
  ttftMs: number | null;
  modelId: string | null;
  providerId: string | null;
  endpointId: string | null;
  error: { status: number; code: string; message: string } | null;
  /** Guardrail rules that fired (the gateway's prompt findings and the response deny-lists'). */
  guardrails: GuardrailFinding[];
  /** How the request is routed: the plan's decision, then the served one (headers, body, route record, ledger). */
  route: RouteDecision | null;
  /** The serving endpoint's price when it answered: what `usage.cost` and the ledger bill. */
  pricing: EndpointPricing | null;
  /** USD billed, repriced whenever the usage changes; carried to analytics in the usage event. */
  costUsd: number;
  /** Epoch ms when the final reply went to the gateway: the ledger's latency is the one the headers report. */
  repliedAt: number | null;
  /** What the answer consisted of, for measuring the answering endpoint's fidelity. */
  answer?: AnswerFacts;
}

export function emptyOutcome(): RequestOutcome {
  return {
    status: 'error',
    attempts: [],
    usage: { promptTokens: 0, completionTokens: 0, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
    usageSource: 'none',
    finishReason: null,
    ttftMs: null,
    modelId: null,
    providerId: null,
    endpointId: null,
    error: null,
    guardrails: [],
    route: null,
    pricing: null,
    costUsd: 0,
    repliedAt: null,
  };
}

/** Marks the moment the final reply is published; returns the request's total latency so far. */
export function markReplied(outcome: RequestOutcome, receivedAt: number): number {
  outcome.repliedAt = Date.now();
  return Math.max(0, outcome.repliedAt - receivedAt);
}

/**
 * The endpoint that answered, after the failed attempts before it: its price is what the request
 * bills (its per-request fee even if no usage ever arrives), and a failover makes the route `provider_fallback`.
 */
export function markServed(outcome: RequestOutcome, endpoint: CatalogEndpoint): void {
  outcome.modelId = endpoint.modelId;
  outcome.providerId = endpoint.providerId;
  outcome.endpointId = endpoint.id;
  outcome.pricing = endpoint.pricing;
  if (outcome.route) outcome.route = servedRoute(outcome.route, outcome.attempts.length - 1);
  recordUsage(outcome, outcome.usage, outcome.usageSource);
}

/**
 * A stream's bill: the sum of what each of its attempts consumed (one, or several when it was
 * continued), each priced at its own endpoint's price.
 */
export function recordStreamUsage(outcome: RequestOutcome, usage: TokenUsage, source: UsageSource, costUsd: number): void {
  outcome.usage = usage;
  outcome.usageSource = source;
  outcome.costUsd = costUsd;
}

/** Sets the request's usage and prices it: the one place a request's cost is computed. Returns the cost. */
export function recordUsage(outcome: RequestOutcome, usage: TokenUsage, source: UsageSource): number {
  outcome.usage = usage;
  outcome.usageSource = source;
  outcome.costUsd = outcome.pricing ? priceUsage(outcome.pricing, usage) : 0;
  return outcome.costUsd;
}

export function fromOpenAiUsage(usage: Usage): TokenUsage {
  return {
    promptTokens: usage.prompt_tokens ?? 0,
    completionTokens: usage.completion_tokens ?? 0,
    cachedTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
    cacheWriteTokens: 0,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}
