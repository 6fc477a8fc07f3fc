import { Injectable } from '@nestjs/common';
import { Counter, createMetricsRegistry, Histogram, LATENCY_BUCKETS_SECONDS } from '@alltokens/platform';

/** Gateway metrics: base units, `_total` counters, no per-key labels (unbounded cardinality). */
@Injectable()
export class GatewayMetrics {
  readonly registry = createMetricsRegistry('gateway');
  private readonly requests = new Counter({
    name: 'alltokens_gateway_requests_total',
    help: 'Inference requests by endpoint, streaming and outcome',
    labelNames: ['endpoint', 'stream', 'outcome'],
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'alltokens_gateway_request_duration_seconds',
    help: 'Time from request to the end of the response',
    labelNames: ['endpoint', 'stream'],
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [this.registry],
  });

  observe(endpoint: string, stream: boolean, succeeded: boolean, seconds: number): void {
    const streamLabel = stream ? 'true' : 'false';
    this.requests.inc({ endpoint, stream: streamLabel, outcome: succeeded ? 'success' : 'error' });
    this.duration.observe({ endpoint, stream: streamLabel }, seconds);
  }
}
