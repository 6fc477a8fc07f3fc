import { readFileSync } from 'node:fs';
import { eventually } from '../support/eventually';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';

jest.setTimeout(60_000);

const LATENCY_BUCKET_BOUNDS = [50, 100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600, 51200];

describe('analytics API and Prometheus metrics', () => {
  let e2e: E2eStack;

  beforeAll(async () => {
    e2e = await startE2eStack('analytics');
  });
  afterAll(async () => e2e?.stop());

  it('runs at a lower CPU priority than the request path (ANALYTICS_NICE, default 10)', () => {
    const niceOf = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
    const requestPath = niceOf(e2e.stack.service('gateway').child.pid!);
    expect(niceOf(e2e.stack.service('analytics').child.pid!)).toBe(Math.max(10, requestPath));
  });

  it('reports spend, tokens, errors and latency percentiles by model, and pages the request log', async () => {
    const { key, data } = await e2e.createKey({ name: 'analytics' });
    const send = (content: string) =>
      fetch(`${e2e.gatewayUrl}/api/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content }] }),
      }).then((r) => r.text());
    for (let i = 0; i < 5; i += 1) await send(`ok ${i}`);
    await send('bad [sim:status=400]');
    const usage = await eventually(async () => {
      const res = await e2e.admin('/api/v1/analytics/usage?group_by=model&bucket=1d');
      const rows = ((await res.json()) as { data: Array<Record<string, any>> }).data;
      return rows[0]?.requests === 6 ? rows : undefined;
    }, 15_000);
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ group: 'openai/gpt-4o-mini', requests: 6, errors: 1 });
    expect(usage[0]!.error_rate).toBeCloseTo(1 / 6, 5);
    expect(usage[0]!.cost).toBeGreaterThan(0);
    // Day buckets read the rollups: a percentile is the upper bound of a histogram bucket.
    expect(LATENCY_BUCKET_BOUNDS).toContain(usage[0]!.latency_ms.p50);
    expect(LATENCY_BUCKET_BOUNDS).toContain(usage[0]!.latency_ms.p99);
    expect(usage[0]!.latency_ms.p99).toBeGreaterThanOrEqual(usage[0]!.latency_ms.p50);

    const first = await (await e2e.admin(`/api/v1/analytics/requests?limit=4&key_id=${String(data.id)}`)).json() as { data: Array<{ id: string; created_at: string }>; next_cursor: string };
    expect(first.data).toHaveLength(4);
    const second = await (await e2e.admin(`/api/v1/analytics/requests?limit=4&key_id=${String(data.id)}&cursor=${first.next_cursor}`)).json() as { data: Array<{ id: string }>; next_cursor: string | null };
    expect(second.data).toHaveLength(2);
    expect(second.next_cursor).toBeNull();
    expect(new Set([...first.data, ...second.data].map((r) => r.id)).size).toBe(6);
    const errors = await (await e2e.admin('/api/v1/analytics/requests?status=error')).json() as { data: Array<{ error_code: string }> };
    expect(errors.data).toHaveLength(1);
    expect((await e2e.admin('/api/v1/analytics/requests?cursor=garbage')).status).toBe(400);
  });

  it('serves Prometheus metrics on every service without per-key labels', async () => {
    const gateway = await (await fetch(`${e2e.gatewayUrl}/metrics`)).text();
    expect(gateway).toMatch(/alltokens_gateway_requests_total\{endpoint="chat",stream="false",outcome="success"\} \d+/);
    const router = await (await fetch(e2e.stack.service('router').spec.readyUrl.replace('/health/ready', '/metrics'))).text();
    expect(router).toMatch(/alltokens_upstream_attempts_total\{provider="primary",outcome="success"\} \d+/);
    const analytics = await (await fetch(e2e.stack.service('analytics').spec.readyUrl.replace('/health/ready', '/metrics'))).text();
    expect(analytics).toMatch(/alltokens_usage_events_total\{result="recorded"\} \d+/);
    for (const text of [gateway, router, analytics]) expect(text).not.toMatch(/key_id|api_key/);
  });
});
