import type { Attempt } from '@alltokens/contracts';
import { Counter, createMetricsRegistry, Histogram, LATENCY_BUCKETS_SECONDS } from '@alltokens/platform';

/** Router metrics: upstream attempts per provider and outcome, request outcomes; no per-key labels. */
export class RouterMetrics {
  readonly registry = createMetricsRegistry('router');
  private readonly attempts = new Counter({ name: 'alltokens_upstream_attempts_total', help: 'Upstream attempts', labelNames: ['provider', 'outcome'], registers: [this.registry] });
  private readonly latency = new Histogram({
    name: 'alltokens_upstream_attempt_duration_seconds',
    help: 'Time to an upstream answer (headers) or failure',
    labelNames: ['provider'],
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [this.registry],
  });
  private readonly requests = new Counter({ name: 'alltokens_router_requests_total', help: 'Requests served by outcome', labelNames: ['status', 'route_mode'], registers: [this.registry] });
  private readonly tokens = new Counter({ name: 'alltokens_router_tokens_total', help: 'Tokens served', labelNames: ['type'], registers: [this.registry] });
  private readonly probes = new Counter({ name: 'alltokens_router_fidelity_probes_total', help: 'Fidelity probes sent (billed to no key)', labelNames: ['provider', 'outcome'], registers: [this.registry] });
  private readonly probeCost = new Counter({ name: 'alltokens_router_fidelity_probe_cost_usd_total', help: 'What fidelity probes cost, in USD (billed to no key)', labelNames: ['provider'], registers: [this.registry] });

  probe(provider: string, outcome: 'answered' | 'failed', costUsd: number): void {
    this.probes.inc({ provider, outcome });
    if (costUsd > 0) this.probeCost.inc({ provider }, costUsd);
  }

  observe(status: string, routeMode: string, attempts: Attempt[], promptTokens: number, completionTokens: number): void {
    this.requests.inc({ status, route_mode: routeMode });
    for (const attempt of attempts) {
      this.attempts.inc({ provider: attempt.providerId, outcome: attempt.outcome });
      this.latency.observe({ provider: attempt.providerId }, attempt.latencyMs / 1000);
    }
    this.tokens.inc({ type: 'prompt' }, promptTokens);
    this.tokens.inc({ type: 'completion' }, completionTokens);
  }
}
