import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of the usage pipeline (base units, no per-key labels). */
export class UsageMetrics {
  readonly registry = new Registry();
  private readonly events = new Counter({ name: 'alltokens_usage_events_total', help: 'Usage events processed', labelNames: ['result'], registers: [this.registry] });
  private readonly batches = new Counter({ name: 'alltokens_usage_batches_total', help: 'Usage batches committed or failed', labelNames: ['result'], registers: [this.registry] });
  private readonly duration = new Histogram({
    name: 'alltokens_usage_batch_duration_seconds',
    help: 'Time to write one usage batch',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly size = new Histogram({
    name: 'alltokens_usage_batch_size',
    help: 'Events per usage batch',
    buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'alltokens_analytics_' });
  }

  recorded(events: number, inserted: number, seconds: number): void {
    this.events.inc({ result: 'recorded' }, inserted);
    if (events > inserted) this.events.inc({ result: 'duplicate' }, events - inserted);
    this.batches.inc({ result: 'committed' });
    this.duration.observe(seconds);
    this.size.observe(events);
  }

  failed(): void {
    this.batches.inc({ result: 'failed' });
  }
}
