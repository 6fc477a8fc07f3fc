import { context, propagation, ROOT_CONTEXT, trace, type Context, type Span, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOffSampler, BatchSpanProcessor, ConsoleSpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { TraceCarrier } from '@alltokens/contracts';

let provider: NodeTracerProvider | undefined;

/**
 * Starts tracing for one service. Spans are exported over OTLP/HTTP when the standard
 * `OTEL_EXPORTER_OTLP_*ENDPOINT` variables say where, or to the console with `OTEL_TRACES_EXPORTER=console`.
 * Without an exporter, spans still carry real trace ids (route proofs, the generation log) but record
 * nothing. No AsyncLocalStorage context manager is installed, with or without an exporter: its promise
 * hooks ran on every promise (up to 10 % of a service's CPU), and nothing needs it because trace context is
 * always passed explicitly, never read from `context.active()`.
 */
export function startTelemetry(serviceName: string, env: NodeJS.ProcessEnv = process.env): NodeTracerProvider {
  if (provider) return provider;
  const processors: SpanProcessor[] = [];
  const exporterKind = env.OTEL_TRACES_EXPORTER ?? 'otlp';
  const hasEndpoint = Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  if (env.OTEL_SDK_DISABLED !== 'true') {
    if (exporterKind === 'otlp' && hasEndpoint) processors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
    if (exporterKind === 'console') processors.push(new BatchSpanProcessor(new ConsoleSpanExporter()));
  }
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME ?? `alltokens-${serviceName}`,
      [ATTR_SERVICE_VERSION]: '0.1.0',
    }),
    spanProcessors: processors,
    ...(processors.length ? {} : { sampler: new AlwaysOffSampler() }),
  });
  provider.register({ propagator: new W3CTraceContextPropagator(), contextManager: null });
  return provider;
}

export async function stopTelemetry(): Promise<void> {
  await provider?.shutdown();
  provider = undefined;
}

export const tracer = () => trace.getTracer('alltokens');

/** The W3C trace context of `ctx`, to put inside a job payload. */
export function injectTrace(ctx: Context): TraceCarrier {
  const carrier: TraceCarrier = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

export function extractTrace(carrier: TraceCarrier): Context {
  return propagation.extract(ROOT_CONTEXT, carrier);
}

export { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, trace };
export type { Span, Context };
