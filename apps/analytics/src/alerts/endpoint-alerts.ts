import { RedisKeys, histogramPercentile, latencyBucket, LATENCY_BUCKETS } from '@alltokens/contracts';
import type { Redis } from '@alltokens/platform';
import type { Logger } from 'pino';
import type { PricedEvent } from '../usage/usage.repository';
import type { AlertNotifier } from './alert-notifier';
import type { AlertRule, AlertsRepository } from './alerts.repository';

const MINUTE_MS = 60_000;
const BUCKET_TTL_S = 2 * 3600;
const EVALUATE_EVERY_MS = 1000;

interface Sample {
  orgId: string;
  endpointId: string;
  failed: boolean;
  /** Whole-request latency of a success on this endpoint; null for failed attempts. */
  latencyMs: number | null;
}

/** Each attempt counts for its endpoint; a request's latency counts for the endpoint that answered it. */
function samplesOf({ event }: PricedEvent): Sample[] {
  const samples: Sample[] = event.attempts
    .filter((attempt) => attempt.outcome !== 'cancelled')
    .map((attempt) => ({ orgId: event.caller.orgId, endpointId: attempt.endpointId, failed: attempt.outcome !== 'success', latencyMs: null }));
  const served = samples.findLast((sample) => sample.endpointId === event.endpointId && !sample.failed);
  if (served && event.status === 'success') served.latencyMs = event.latencyMs;
  return samples;
}

/**
 * Error-rate and latency spikes per provider endpoint, over each rule's window: attempts are
 * counted per organisation, endpoint and minute in Redis (shared by every analytics replica), and
 * the rules of the organisations that have them are evaluated after each batch, at most once a
 * second per endpoint.
 */
export class EndpointAlerts {
  private readonly lastEvaluated = new Map<string, number>();
  /** Endpoints whose evaluation the throttle deferred: evaluated when it allows (the last batch is never skipped). */
  private readonly deferred = new Set<string>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly rules: AlertsRepository,
    private readonly notifier: AlertNotifier,
    private readonly logger: Logger,
  ) {}

  async observe(batch: PricedEvent[], now = Date.now()): Promise<void> {
    const rules = (await this.rules.enabledRules()).filter((rule) => rule.type === 'error_rate' || rule.type === 'latency');
    if (!rules.length) return;
    const orgs = new Set(rules.map((rule) => rule.orgId));
    const samples = batch.flatMap(samplesOf).filter((sample) => orgs.has(sample.orgId));
    if (!samples.length) return;
    const minute = Math.floor(now / MINUTE_MS);
    // One pipeline per sample (its endpoint's slot), all sent at once.
    await Promise.all(
      samples.map((sample) => {
        const key = this.bucketKey(sample.orgId, sample.endpointId, minute);
        const pipeline = this.redis.pipeline().hincrby(key, 'n', 1);
        if (sample.failed) pipeline.hincrby(key, 'err', 1);
        if (sample.latencyMs !== null) pipeline.hincrby(key, `l${latencyBucket(sample.latencyMs)}`, 1);
        return pipeline.expire(key, BUCKET_TTL_S).exec();
      }),
    );
    const touched = new Map(samples.map((sample) => [`${sample.orgId}|${sample.endpointId}`, sample]));
    for (const [id, { orgId, endpointId }] of touched) await this.throttled(id, orgId, endpointId);
  }

  /** At most one evaluation per endpoint per second, with a trailing one for what arrived in between. */
  private async throttled(id: string, orgId: string, endpointId: string): Promise<void> {
    const wait = EVALUATE_EVERY_MS - (Date.now() - (this.lastEvaluated.get(id) ?? 0));
    if (wait > 0) {
      if (this.deferred.has(id)) return;
      this.deferred.add(id);
      setTimeout(() => {
        this.deferred.delete(id);
        void this.throttled(id, orgId, endpointId);
      }, wait).unref();
      return;
    }
    this.lastEvaluated.set(id, Date.now());
    const rules = (await this.rules.enabledRules()).filter((rule) => (rule.type === 'error_rate' || rule.type === 'latency') && rule.orgId === orgId && (!rule.endpointId || rule.endpointId === endpointId));
    for (const rule of rules) await this.evaluate(rule, orgId, endpointId, Date.now()).catch((error) => this.logger.warn({ err: error, rule: rule.id }, 'alert rule evaluation failed'));
  }

  private async evaluate(rule: AlertRule, orgId: string, endpointId: string, now: number): Promise<void> {
    const minutes = Math.max(1, Math.ceil(rule.windowSeconds / 60));
    const current = Math.floor(now / MINUTE_MS);
    const pipeline = this.redis.pipeline();
    for (let m = 0; m < minutes; m += 1) pipeline.hgetall(this.bucketKey(orgId, endpointId, current - m));
    const buckets = ((await pipeline.exec()) ?? []).map(([, value]) => (value ?? {}) as Record<string, string>);
    const sum = (field: string) => buckets.reduce((total, bucket) => total + Number(bucket[field] ?? 0), 0);
    const requests = sum('n');
    if (requests < rule.minRequests || rule.threshold === null) return;
    const window = Math.floor(now / (rule.windowSeconds * 1000));
    const base = { org_id: orgId, rule_id: rule.id, occurred_at: new Date(now).toISOString() };
    const data = { rule: rule.name, endpoint_id: endpointId, requests, window_seconds: rule.windowSeconds };
    if (rule.type === 'error_rate') {
      const errorRate = sum('err') / requests;
      if (errorRate < rule.threshold) return;
      await this.notifier.fire(
        {
          ...base,
          id: `error_rate|${rule.id}|${endpointId}|${window}`,
          type: 'endpoint.error_rate',
          summary: `${endpointId}: ${(errorRate * 100).toFixed(1)}% of ${requests} attempts failed in the last ${rule.windowSeconds} s (threshold ${(rule.threshold * 100).toFixed(1)}%)`,
          data: { ...data, error_rate: errorRate, errors: sum('err'), threshold: rule.threshold },
        },
        rule.destinationIds,
      );
      return;
    }
    const percentile = rule.percentile ?? 95;
    const latency = histogramPercentile(Array.from({ length: LATENCY_BUCKETS }, (_, i) => sum(`l${i}`)), percentile / 100);
    if (latency === null || latency < rule.threshold) return;
    await this.notifier.fire(
      {
        ...base,
        id: `latency|${rule.id}|${endpointId}|${window}`,
        type: 'endpoint.latency',
        summary: `${endpointId}: p${percentile} latency reached ${latency} ms over the last ${rule.windowSeconds} s (threshold ${rule.threshold} ms)`,
        data: { ...data, percentile, latency_ms: latency, threshold_ms: rule.threshold },
      },
      rule.destinationIds,
    );
  }

  private bucketKey(orgId: string, endpointId: string, minute: number): string {
    return new RedisKeys(this.prefix).inSlot(`alertwin:${orgId}:${endpointId}`, minute);
  }
}
