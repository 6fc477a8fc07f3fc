import { eventually } from '../support/eventually';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';
import { startOtlpReceiver } from '../support/otlp-receiver';

jest.setTimeout(60_000);

describe('one trace across gateway, router and analytics', () => {
  let e2e: E2eStack;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    e2e = await startE2eStack('tracing', {
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100' },
    });
  });
  afterAll(async () => {
    await e2e?.stop();
    await receiver?.close();
  });

  it('exports spans from all three services under the trace id the response names', async () => {
    const { key } = await e2e.createKey({ name: 'trace' });
    const res = await fetch(`${e2e.gatewayUrl}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'trace me' }] }),
    });
    expect(res.status).toBe(200);
    const traceId = res.headers.get('x-alltokens-trace-id')!;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const services = await eventually(async () => {
      const seen = new Set(receiver.spans.filter((span) => span.traceId === traceId).map((span) => span.service));
      return seen.size === 3 ? seen : undefined;
    }, 15_000);
    expect([...services].sort()).toEqual(['alltokens-analytics', 'alltokens-gateway', 'alltokens-router']);
    const upstream = receiver.spans.find((span) => span.traceId === traceId && span.attributes['gen_ai.request.model']
      && span.service === 'alltokens-router');
    expect(upstream).toMatchObject({
      name: 'chat gpt-4o-mini',
      attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'primary', 'gen_ai.request.model': 'gpt-4o-mini', 'server.address': '127.0.0.1' },
    });
    expect(Number(upstream!.attributes['http.response.status_code'])).toBe(200);
    // Parents are passed explicitly (no context manager is installed): each span hangs off the one before it.
    const spans = receiver.spans.filter((span) => span.traceId === traceId);
    const named = (name: string) => spans.find((span) => span.name === name)!;
    const gateway = named('gateway chat.completions');
    const job = named('router.process');
    expect(gateway.parentSpanId).toBeFalsy();
    expect(job.parentSpanId).toBe(gateway.spanId);
    expect(upstream!.parentSpanId).toBe(job.spanId);
    const record = await eventually(async () => receiver.spans.find((span) => span.traceId === traceId && span.name === 'analytics.record'), 15_000);
    expect(record.parentSpanId).toBe(job.spanId);
  });

  it("joins the caller's trace when the request carries a W3C traceparent", async () => {
    const { key } = await e2e.createKey({ name: 'trace-parent' });
    const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    const res = await fetch(`${e2e.gatewayUrl}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', traceparent: `00-${callerTrace}-${callerSpan}-01` },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'trace me too' }] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-alltokens-trace-id')).toBe(callerTrace);
    const gatewaySpan = await eventually(async () => receiver.spans.find((span) => span.traceId === callerTrace && span.service === 'alltokens-gateway'), 15_000);
    expect(gatewaySpan.parentSpanId).toBe(callerSpan);
  });
});
