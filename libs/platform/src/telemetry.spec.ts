import { isSpanContextValid } from '@opentelemetry/api';
import { context, extractTrace, injectTrace, startTelemetry, stopTelemetry, trace, tracer } from './telemetry';

describe('telemetry without an exporter', () => {
  beforeAll(() => startTelemetry('test', {}));
  afterAll(() => stopTelemetry());

  it('gives every span a real trace id that travels through a job carrier', () => {
    const span = tracer().startSpan('gateway');
    expect(isSpanContextValid(span.spanContext())).toBe(true);
    const carrier = injectTrace(trace.setSpan(context.active(), span));
    expect(carrier.traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-00`);
    const child = tracer().startSpan('router', {}, extractTrace(carrier));
    expect(child.spanContext().traceId).toBe(span.spanContext().traceId);
    expect(child.spanContext().spanId).not.toBe(span.spanContext().spanId);
  });

  it('records nothing and installs no async context manager', async () => {
    const span = tracer().startSpan('idle');
    expect(span.isRecording()).toBe(false);
    const ctx = trace.setSpan(context.active(), span);
    const seen = await context.with(ctx, async () => {
      await Promise.resolve();
      return trace.getSpan(context.active());
    });
    expect(seen).toBeUndefined();
  });
});
