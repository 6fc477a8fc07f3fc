import { UnrecoverableError, type Worker } from 'bullmq';
import type { Catalog } from '@alltokens/catalog';
import { isDataError } from '@alltokens/db';
import { JobName, QueueName, USAGE_BATCH_VERSION, usageEventSchema, type JobPayload, type UsageEvent, type UsageEventInput } from '@alltokens/contracts';
import { createJobWorker, onJob } from '@alltokens/jobs';
import { extractTrace, SpanKind, tracer, type Redis } from '@alltokens/platform';
import type { Logger } from 'pino';
import type { AnalyticsEnv } from '../config/analytics-env';
import type { UsageMetrics } from '../http/usage-metrics';
import { Batcher } from './batcher';
import { billedCost } from './event-pricing';
import type { InsertedGeneration, PricedEvent, UsageRepository } from './usage.repository';

/** Called after each committed batch with the rows it inserted (replays excluded). */
export type AfterCommit = (inserted: InsertedGeneration[], batch: PricedEvent[]) => Promise<void> | void;

/**
 * Consumes usage events: validates, reads their cost, batches them into one transaction, and lets BullMQ
 * acknowledge each job only once its batch has committed.
 */
export class UsageRecorder {
  private readonly batcher: Batcher<PricedEvent>;
  private readonly knownKeys = new Set<string>();
  private readonly afterCommit: AfterCommit[] = [];
  private worker?: Worker;

  constructor(
    private readonly repository: UsageRepository,
    private readonly catalog: Catalog,
    private readonly metrics: UsageMetrics,
    private readonly logger: Logger,
    private readonly env: AnalyticsEnv,
  ) {
    this.batcher = new Batcher((batch) => this.flush(batch), env.ANALYTICS_BATCH_SIZE, env.ANALYTICS_BATCH_MS, 2, isDataError);
  }

  onCommit(hook: AfterCommit): void {
    this.afterCommit.push(hook);
  }

  start(connection: Redis): Worker {
    const handlers = [
      onJob(JobName.UsageBatch, (batch) => this.recordBatch(batch)),
      onJob(JobName.UsageEvent, (event) => this.recordBatch({ v: USAGE_BATCH_VERSION, events: [event] })),
    ];
    this.worker = createJobWorker(QueueName.Usage, handlers, {
      connection,
      prefix: this.env.ALLTOKENS_PREFIX,
      concurrency: this.env.ANALYTICS_CONCURRENCY,
      // A killed analytics process leaves its jobs locked; short locks let another (or the restarted)
      // one take them over within ~15 s instead of BullMQ's default ~30-60 s.
      lockDuration: 10_000,
      stalledInterval: 5_000,
    });
    this.worker.on('error', (error) => this.logger.error({ err: error }, 'usage worker error'));
    return this.worker;
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    await this.batcher.drain();
  }

  /** A batch (a router's, or a gateway cache hit alone) is acknowledged once all its events are committed. */
  async recordBatch(batch: JobPayload<typeof JobName.UsageBatch>): Promise<void> {
    const results = await Promise.allSettled(batch.events.map((event) => this.record(event)));
    const rejected = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected').map((result) => result.reason as Error);
    if (!rejected.length) return;
    // Replaying the job re-records the good events harmlessly (idempotent by request id).
    const unrecoverable = rejected.every((error) => error instanceof UnrecoverableError);
    const message = `${rejected.length} of ${batch.events.length} usage events failed: ${rejected[0]!.message}`;
    throw unrecoverable ? new UnrecoverableError(message) : new Error(message);
  }

  private async record(sent: UsageEventInput): Promise<void> {
    const parsed = usageEventSchema.safeParse(sent);
    if (!parsed.success) throw new UnrecoverableError(`invalid usage event: ${parsed.error.issues[0]?.message}`);
    const event = parsed.data;
    if (!(await this.keyExists(event.caller.keyId))) {
      throw new UnrecoverableError(`usage event ${event.requestId} names unknown key ${event.caller.keyId}`);
    }
    const span = tracer().startSpan('analytics.record', { kind: SpanKind.CONSUMER, attributes: { 'alltokens.request_id': event.requestId } }, extractTrace(event.trace));
    try {
      await this.batcher.add({ event, costUsd: billedCost(this.catalog, event) });
    } catch (error) {
      // Postgres refused this event's values: replaying it would fail the same way. It stays in the failed set.
      if (isDataError(error)) throw new UnrecoverableError(`usage event ${event.requestId} cannot be stored: ${(error as Error).message}`);
      throw error;
    } finally {
      span.end();
    }
  }

  private async keyExists(keyId: string): Promise<boolean> {
    if (this.knownKeys.has(keyId)) return true;
    const found = await this.repository.existingKeyIds([keyId]);
    if (found.has(keyId)) this.knownKeys.add(keyId);
    return found.has(keyId);
  }

  private async flush(batch: PricedEvent[]): Promise<void> {
    const started = performance.now();
    const unique = dedupe(batch);
    try {
      const inserted = await this.repository.record(unique);
      for (const hook of this.afterCommit) await hook(inserted, unique);
      this.metrics.recorded(batch.length, inserted.length, (performance.now() - started) / 1000);
    } catch (error) {
      this.metrics.failed();
      this.logger.warn({ err: error, size: batch.length }, 'usage batch failed; its jobs will be retried');
      throw error;
    }
  }
}

/** The same request twice in one batch (a replay racing the original) is written once. */
function dedupe(batch: PricedEvent[]): PricedEvent[] {
  const seen = new Map<string, PricedEvent>();
  for (const item of batch) if (!seen.has(item.event.requestId)) seen.set(item.event.requestId, item);
  return [...seen.values()];
}

export type { UsageEvent };
