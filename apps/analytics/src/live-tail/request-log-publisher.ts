import { requestLogChannel, type RequestLogBatch, type RequestLogRow } from '@alltokens/contracts';
import { isCluster, type Redis } from '@alltokens/platform';
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
 * consoles tailing the request log (no console polls). A gateway subscribes when its first console opens
 * a tail, so the rows are built and sent only while some gateway listens: without one they were ≈ 560 bytes
 * per request that analytics serialised and Redis read for nobody.
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
    if (!inserted.length || !(await this.anyoneListening())) return;
    const byId = new Map(batch.map((item) => [item.event.requestId, item]));
    const committedAt = new Date().toISOString();
    const rows = inserted.flatMap((row) => {
      const item = byId.get(row.id);
      return item ? [toRequestLogRow(item, row, committedAt)] : [];
    });
    const message: RequestLogBatch = { v: 1, rows };
    await this.redis.publish(this.channel, JSON.stringify(message));
  }

  /** PUBSUB NUMSUB counts one node's subscribers; a Cluster delivers a PUBLISH to the subscribers of every node. */
  private async anyoneListening(): Promise<boolean> {
    const nodes = isCluster(this.redis) ? this.redis.nodes('all') : [this.redis];
    const counts = await Promise.all(nodes.map((node) => node.pubsub('NUMSUB', this.channel) as Promise<[string, number]>));
    return counts.some(([, subscribers]) => Number(subscribers) > 0);
  }
}
