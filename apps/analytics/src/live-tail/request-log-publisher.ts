import { requestLogChannel, type RequestLogBatch, type RequestLogRow } from '@alltokens/contracts';
import type { Redis } from '@alltokens/platform';
import type { InsertedGeneration, PricedEvent } from '../usage/usage.repository';

const round = (ms: number | null) => (ms === null ? null : Math.round(ms));

/** The request-log row of a committed generation, in the shape of `GET /api/v1/analytics/requests`. */
export function toRequestLogRow({ event, costUsd }: PricedEvent, inserted: InsertedGeneration, committedAt: string): RequestLogRow {
  return {
    id: event.requestId,
    org_id: inserted.org_id,
    created_at: committedAt,
    key_id: event.caller.keyId,
    model: event.model,
    provider_id: event.providerId,
    status: event.status,
    streamed: event.streamed,
    prompt_tokens: event.usage.promptTokens,
    completion_tokens: event.usage.completionTokens,
    cost_usd: costUsd,
    latency_ms: Math.round(event.latencyMs),
    ttft_ms: round(event.ttftMs),
    finish_reason: event.finishReason,
    error_code: event.error?.code ?? null,
    cache_hit: event.cacheHit,
    tags: event.caller.tags,
    end_user: event.caller.endUser,
    guardrails: event.guardrails,
  };
}

/**
 * After each ledger commit, one PUBLISH with the rows the batch inserted: gateways push them to the
 * consoles tailing the request log (no console polls). Nobody listening costs Redis nothing.
 */
export class RequestLogPublisher {
  private readonly channel: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.channel = requestLogChannel(prefix);
  }

  async publish(inserted: InsertedGeneration[], batch: PricedEvent[]): Promise<void> {
    if (!inserted.length) return;
    const byId = new Map(batch.map((item) => [item.event.requestId, item]));
    const committedAt = new Date().toISOString();
    const rows = inserted.flatMap((row) => {
      const item = byId.get(row.id);
      return item ? [toRequestLogRow(item, row, committedAt)] : [];
    });
    const message: RequestLogBatch = { v: 1, rows };
    await this.redis.publish(this.channel, JSON.stringify(message));
  }
}
