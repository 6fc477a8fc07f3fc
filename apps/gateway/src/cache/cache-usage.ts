import { JobName, USAGE_EVENT_VERSION, type ChatCompletionRequest, type UsageEventInput } from '@alltokens/contracts';
import type { StoredKey } from '../auth/api-key.repository';
import type { RequestGovernance } from '../governance/request-governance.service';
import type { CacheEntry } from './response-cache.service';

interface Payload {
  model?: string;
  usage?: UsageShape | null;
}

interface UsageShape {
  prompt_tokens?: number;
  completion_tokens?: number;
}

function summary(entry: CacheEntry): { model: string | null; usage: UsageShape } {
  const payloads: Payload[] = entry.body ? [JSON.parse(entry.body) as Payload] : (entry.chunks ?? []).map((chunk) => JSON.parse(chunk) as Payload);
  return { model: payloads[0]?.model ?? null, usage: payloads.find((payload) => payload.usage)?.usage ?? {} };
}

/** A cache hit is recorded like any request (one generation, flagged), and billed at zero. */
export function cacheHitUsage(requestId: string, key: StoredKey, request: ChatCompletionRequest, entry: CacheEntry, startedAt: number, governance?: RequestGovernance): UsageEventInput {
  const { model, usage } = summary(entry);
  const finishedAt = Date.now();
  return {
    v: USAGE_EVENT_VERSION,
    requestId,
    trace: {},
    // Served before admission: nothing was reserved.
    caller: { keyId: key.id, orgId: key.orgId, ...governance?.attribution, budgetReserved: false },
    kind: JobName.Chat,
    requestedModel: request.model,
    model,
    providerId: null,
    endpointId: null,
    streamed: request.stream === true,
    status: 'success',
    finishReason: 'stop',
    usage: { promptTokens: usage.prompt_tokens ?? 0, completionTokens: usage.completion_tokens ?? 0 },
    usageSource: 'none',
    costUsd: 0,
    startedAt,
    finishedAt,
    latencyMs: finishedAt - startedAt,
    ttftMs: finishedAt - startedAt,
    attempts: [],
    error: null,
    cacheHit: true,
    guardrails: governance?.findings ?? [],
  };
}
