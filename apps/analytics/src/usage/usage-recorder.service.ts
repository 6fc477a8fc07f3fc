import { UnrecoverableError, type Worker } from 'bullmq';
import type { Catalog } from '@alltokens/catalog';
import { isDataError } from '@alltokens/db';
import { JobName, QueueName, USAGE_BATCH_VERSION, usageEventSchema, type JobPayload, type UsageEvent } from '@alltokens/contracts';
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

  /**
   * A batch (a router's, or a gateway cache hit alone) is acknowledged once all its events are committed.
   * Its events are validated, priced and handed to the batcher together: one promise per job, not per event.
   */
  async recordBatch(batch: JobPayload<typeof JobName.UsageBatch>): Promise<void> {
    const errors: Error[] = [];
    const events: UsageEvent[] = [];
    for (const sent of batch.events) {
      const parsed = usageEventSchema.safeParse(sent);
      if (parsed.success) events.push(parsed.data);
      else errors.push(new UnrecoverableError(`invalid usage event: ${parsed.error.issues[0]?.message}`));
    }
    await this.learnKeys(events);
    const known = events.filter((event) => {
      if (this.knownKeys.has(event.caller.keyId)) return true;
      errors.push(new UnrecoverableError(`usage event ${event.requestId} names unknown key ${event.caller.keyId}`));
      return false;
    });
    const spans = known.map((event) =>
      tracer().startSpan('analytics.record', { kind: SpanKind.CONSUMER, attributes: { 'alltokens.request_id': event.requestId } }, extractTrace(event.trace)),
    );
    const outcomes = await this.batcher.addAll(known.map((event) => ({ event, costUsd: billedCost(this.catalog, event) })));
    for (const span of spans) span.end();
    outcomes.forEach((error, index) => {
      if (!error) return;
      // Postgres refused this event's values: replaying it would fail the same way. It stays in the failed set.
      errors.push(isDataError(error) ? new UnrecoverableError(`usage event ${known[index]!.requestId} cannot be stored: ${error.message}`) : error);
    });
    if (!errors.length) return;
    // Replaying the job re-records the good events harmlessly (idempotent by request id).
    const unrecoverable = errors.every((error) => error instanceof UnrecoverableError);
    const message = `${errors.length} of ${batch.events.length} usage events failed: ${errors[0]!.message}`;
    throw unrecoverable ? new UnrecoverableError(message) : new Error(message);
  }

  /** Keys seen for the first time are looked up once per batch; the known ones are remembered. */
  private async learnKeys(events: UsageEvent[]): Promise<void> {
    const unseen = [...new Set(events.map((event) => event.caller.keyId))].filter((keyId) => !this.knownKeys.has(keyId));
    if (!unseen.length) return;
    for (const keyId of await this.repository.existingKeyIds(unseen)) this.knownKeys.add(keyId);
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
