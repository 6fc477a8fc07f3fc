import type { Catalog } from '@alltokens/catalog';
import { JobName, type CompletionJob, type QueueName } from '@alltokens/contracts';
import type { JobProducer } from '@alltokens/jobs';
import type { FidelityStore, HealthStore, RoutePlan, RouteRecordStore } from '@alltokens/routing';
import type { Logger } from 'pino';
import { judgeAnswer } from '../fidelity/answer-judge';
import { SchemaValidators } from '../fidelity/schema-validators';
import type { RequestOutcome } from '../pipeline/request-outcome';

/**
 * Writes what routing learns from each request: health samples and breaker updates, measured
 * fidelity (both shared by all router replicas) and the full decision record for `/route/explain`.
 * Never on the reply's path.
 */
export class RouteReporter {
  private readonly validators = new SchemaValidators();

  constructor(
    private readonly health: HealthStore,
    private readonly records: RouteRecordStore,
    private readonly logger: Logger,
    /** Where a breaker that opens is reported (analytics raises the alerts). */
    private readonly breakers?: { catalog: Catalog; jobs: JobProducer<typeof QueueName.Alerts> },
    private readonly fidelity?: Pick<FidelityStore, 'record'>,
  ) {}

  failure(endpointId: string, timeout: boolean, latencyMs: number): void {
    this.health
      .record(endpointId, { ok: false, timeout, latencyMs, ttftMs: null, completionTokens: 0, generationMs: 0 })
      .then((opened) => (opened ? this.breakerOpened(endpointId, opened) : undefined))
      .catch((error) => this.logger.warn({ err: error }, 'health write failed'));
  }

  /** A stream that broke after its first byte: a failure for health and the breaker, a mid-stream failure for fidelity. */
  broken(endpointId: string, timeout: boolean, latencyMs: number): void {
    this.failure(endpointId, timeout, latencyMs);
    this.fidelity?.record(endpointId, { streams: 1, midStreamFailures: 1 });
  }

  /** What the answer shows of the endpoint that gave it (tool calls, JSON, empty, truncated), judged after the reply. */
  private judge(job: CompletionJob, outcome: RequestOutcome): void {
    if (!this.fidelity || outcome.status !== 'success' || !outcome.endpointId || !outcome.answer) return;
    const sample = judgeAnswer(job.request, outcome.answer, this.validators);
    this.fidelity.record(outcome.endpointId, { ...sample, streams: job.request.stream === true ? 1 : 0 });
  }

  /** Exactly one router sees the breaker open (the script is atomic): it tells analytics, which raises the alerts. */
  private async breakerOpened(endpointId: string, opened: { failures: number; openUntil: number }): Promise<void> {
    this.logger.warn({ endpoint: endpointId, openUntil: opened.openUntil }, 'circuit breaker opened');
    const endpoint = this.breakers?.catalog.endpoint(endpointId);
    if (!this.breakers || !endpoint) return;
    await this.breakers.jobs.enqueue(JobName.BreakerOpened, { v: 1, endpointId, providerId: endpoint.providerId, modelId: endpoint.modelId, failures: opened.failures, openUntil: opened.openUntil, at: Date.now() });
  }

  report(job: CompletionJob, plan: RoutePlan, outcome: RequestOutcome): void {
    this.judge(job, outcome);
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
        attempts: outcome.attempts.map((attempt) => ({ ...attempt, costUsd: attempt.costUsd ?? (attempt.endpointId === outcome.endpointId && attempt.outcome === 'success' ? outcome.costUsd : 0) })),
        createdAt: new Date().toISOString(),
      })
      .catch((error) => this.logger.warn({ err: error }, 'route record write failed'));
  }
}
