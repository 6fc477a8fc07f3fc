import type { Catalog } from '@alltokens/catalog';
import { JobName, type CompletionJob, type QueueName } from '@alltokens/contracts';
import type { JobProducer } from '@alltokens/jobs';
import type { HealthStore, RoutePlan, RouteRecordStore } from '@alltokens/routing';
import type { Logger } from 'pino';
import type { RequestOutcome } from '../pipeline/request-outcome';

/**
 * Writes what routing learns from each request: health samples and breaker updates (shared by all
 * router replicas) and the full decision record for `/route/explain`. Never on the reply's path.
 */
export class RouteReporter {
  constructor(
    private readonly health: HealthStore,
    private readonly records: RouteRecordStore,
    private readonly logger: Logger,
    /** Where a breaker that opens is reported (analytics raises the alerts). */
    private readonly breakers?: { catalog: Catalog; jobs: JobProducer<typeof QueueName.Alerts> },
  ) {}

  failure(endpointId: string, timeout: boolean, latencyMs: number): void {
    this.health
      .record(endpointId, { ok: false, timeout, latencyMs, ttftMs: null, completionTokens: 0, generationMs: 0 })
      .then((opened) => (opened ? this.breakerOpened(endpointId, opened) : undefined))
      .catch((error) => this.logger.warn({ err: error }, 'health write failed'));
  }

  /** Exactly one router sees the breaker open (the script is atomic): it tells analytics, which raises the alerts. */
  private async breakerOpened(endpointId: string, opened: { failures: number; openUntil: number }): Promise<void> {
    this.logger.warn({ endpoint: endpointId, openUntil: opened.openUntil }, 'circuit breaker opened');
    const endpoint = this.breakers?.catalog.endpoint(endpointId);
    if (!this.breakers || !endpoint) return;
    await this.breakers.jobs.enqueue(JobName.BreakerOpened, { v: 1, endpointId, providerId: endpoint.providerId, modelId: endpoint.modelId, failures: opened.failures, openUntil: opened.openUntil, at: Date.now() });
  }

  report(job: CompletionJob, plan: RoutePlan, outcome: RequestOutcome): void {
    const latencyMs = Date.now() - job.receivedAt;
    if (outcome.endpointId && outcome.status === 'success') {
      const generationMs = outcome.ttftMs === null ? 0 : Math.max(1, latencyMs - outcome.ttftMs);
      this.health
        .record(outcome.endpointId, { ok: true, timeout: false, latencyMs, ttftMs: outcome.ttftMs, completionTokens: outcome.usage.completionTokens, generationMs })
        .catch((error) => this.logger.warn({ err: error }, 'health write failed'));
    }
    this.records
      .save({
        generationId: job.requestId,
        orgId: job.caller.orgId,
        requestedModel: job.request.model,
        mode: plan.mode,
        decisionReason: outcome.route?.decisionReason ?? plan.decisionReason,
        objective: plan.objective,
        chosen: outcome.modelId && outcome.providerId ? { model: outcome.modelId, provider: outcome.providerId } : null,
        candidates: plan.reports,
        attempts: outcome.attempts.map((attempt) => ({ ...attempt, costUsd: attempt.endpointId === outcome.endpointId && attempt.outcome === 'success' ? outcome.costUsd : 0 })),
        createdAt: new Date().toISOString(),
      })
      .catch((error) => this.logger.warn({ err: error }, 'route record write failed'));
  }
}
