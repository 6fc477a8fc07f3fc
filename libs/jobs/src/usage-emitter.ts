import { JobName, USAGE_BATCH_VERSION, type QueueName, type UsageEventInput } from '@alltokens/contracts';
import type { Logger } from 'pino';
import type { JobProducer } from './job-producer';

export interface UsageBatching {
  /** Events per job at most. */
  maxEvents: number;
  /** How long the first event of a batch waits for company. */
  maxDelayMs: number;
}

const RETRY_MS = 1000;
/** Beyond this many unsent events (Redis down for long) the oldest are dropped, loudly. */
const MAX_PENDING = 100_000;

interface Pending {
  event: UsageEventInput;
  sent: () => void;
}

/**
 * The one producer of usage: one event per request (a router's completion, a gateway's cache hit),
 * sent in batches: one BullMQ job carries up to `maxEvents` events gathered over at most
 * `maxDelayMs`, instead of one job (≈ 50 Redis commands) per request. `emit` resolves once the
 * event's batch is in Redis, so the completion job is acknowledged only after its usage is durable.
 * Analytics validates and records each event by request id, so a batch sent twice bills once.
 */
export class UsageEmitter {
  private pending: Pending[] = [];
  private timer?: NodeJS.Timeout;
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly producer: JobProducer<typeof QueueName.Usage>,
    private readonly logger?: Logger,
    private readonly batching: UsageBatching = { maxEvents: 500, maxDelayMs: 50 },
  ) {}

  emit(event: UsageEventInput): Promise<void> {
    return new Promise<void>((sent) => {
      this.pending.push({ event, sent });
      if (this.pending.length >= this.batching.maxEvents) this.flushSoon(0);
      else this.flushSoon(this.batching.maxDelayMs);
    });
  }

  /** Sends everything pending, then closes its queue (at shutdown). */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.pending.length) await this.flush();
    await this.sending;
    await this.producer.close();
  }

  private flushSoon(delayMs: number): void {
    if (this.timer && delayMs > 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delayMs);
  }

  private flush(): Promise<void> {
    const batch = this.pending.splice(0, this.batching.maxEvents);
    if (!batch.length) return this.sending;
    this.sending = this.sending.then(async () => {
      try {
        await this.producer.enqueue(JobName.UsageBatch, { v: USAGE_BATCH_VERSION, events: batch.map((item) => item.event) });
        for (const item of batch) item.sent();
      } catch (error) {
        this.logger?.warn({ err: error, events: batch.length }, 'usage batch not enqueued; retrying');
        this.pending.unshift(...batch);
        if (this.pending.length > MAX_PENDING) {
          const dropped = this.pending.splice(0, this.pending.length - MAX_PENDING);
          this.logger?.error({ dropped: dropped.length }, 'usage backlog over limit: oldest events dropped');
          for (const item of dropped) item.sent();
        }
        this.flushSoon(RETRY_MS);
      }
    });
    if (this.pending.length) this.flushSoon(this.pending.length >= this.batching.maxEvents ? 0 : this.batching.maxDelayMs);
    return this.sending;
  }
}
