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
/** Analytics commits an event well within this after Redis acknowledged it; older ones are safe in Postgres. */
const REPLAY_WINDOW_MS = 5000;
const MAX_REPLAYED = 20_000;

/** The events of a connection the emitter watches: `close` on loss, `ready` once it is back. */
export interface ConnectionEvents {
  on(event: 'close' | 'ready', listener: () => void): unknown;
}

interface Pending {
  event: UsageEventInput;
  sent: () => void;
}

/**
 * The one producer of usage: one event per request (a router's completion, a gateway's cache hit),
 * sent in batches: one BullMQ job carries up to `maxEvents` events gathered over at most
 * `maxDelayMs`, instead of one job (≈ 50 Redis commands) per request. `emit` resolves once the
 * event's batch is in Redis, so the completion job is acknowledged only after its usage is durable
 * (the router journals each event beside its job before the reply ends: see `UsageJournal`).
 * Analytics validates and records each event by request id, so a batch sent twice bills once.
 */
export class UsageEmitter {
  private pending: Pending[] = [];
  private timer?: NodeJS.Timeout;
  private sending: Promise<void> = Promise.resolve();
  /** What Redis acknowledged lately, oldest first: re-sent if it comes back empty. */
  private recent: Array<{ at: number; event: UsageEventInput }> = [];
  private lost = false;

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

  /**
   * Re-sends the events Redis acknowledged within REPLAY_WINDOW_MS before `connection` dropped, once it
   * is back: a Redis that restarted without persistence lost the jobs analytics had not taken yet.
   * Analytics records by request id, so what was already recorded is not billed twice.
   */
  watch(connection: ConnectionEvents): void {
    connection.on('close', () => {
      this.lost = true;
    });
    connection.on('ready', () => {
      if (!this.lost) return;
      this.lost = false;
      const replayed = this.recent.splice(0);
      if (!replayed.length) return;
      this.logger?.info({ events: replayed.length }, 'Redis connection back: re-sending the latest usage events');
      this.pending.unshift(...replayed.map(({ event }) => ({ event, sent: () => undefined })));
      this.flushSoon(0);
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
        this.remember(batch);
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

  private remember(batch: Pending[]): void {
    const at = Date.now();
    for (const { event } of batch) this.recent.push({ at, event });
    let stale = 0;
    while (stale < this.recent.length && this.recent[stale]!.at < at - REPLAY_WINDOW_MS) stale += 1;
    stale = Math.max(stale, this.recent.length - MAX_REPLAYED);
    if (stale > 0) this.recent.splice(0, stale);
  }
}
