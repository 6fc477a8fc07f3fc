import type { Queue } from 'bullmq';
import { usageEventSchema, type ChatCompletionRequest } from '@alltokens/contracts';
import type { StoredKey } from '../auth/api-key.repository';
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
export async function recordCacheHit(queue: Queue, requestId: string, key: StoredKey, request: ChatCompletionRequest, entry: CacheEntry, startedAt: number): Promise<void> {
  const { model, usage } = summary(entry);
  const event = usageEventSchema.parse({
    v: 1,
    requestId,
    trace: {},
    caller: { keyId: key.id, orgId: key.orgId },
    kind: 'chat',
    requestedModel: request.model,
    model,
    providerId: null,
    endpointId: null,
    streamed: request.stream === true,
    status: 'success',
    finishReason: 'stop',
    usage: { promptTokens: usage.prompt_tokens ?? 0, completionTokens: usage.completion_tokens ?? 0 },
    usageSource: 'none',
    startedAt,
    finishedAt: Date.now(),
    latencyMs: Date.now() - startedAt,
    ttftMs: Date.now() - startedAt,
    attempts: [],
    error: null,
    cacheHit: true,
  });
  await queue.add('usage', event, { jobId: requestId, attempts: 10, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: { age: 3600, count: 10_000 }, removeOnFail: false });
}

