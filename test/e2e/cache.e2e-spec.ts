import { eventually } from '../support/eventually';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';

jest.setTimeout(60_000);

describe('response cache', () => {
  let e2e: E2eStack;
  let key: string;

  const call = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    fetch(`${e2e.gatewayUrl}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'cache me' }], ...body }),
    });

  beforeAll(async () => {
    e2e = await startE2eStack('cache');
    key = (await e2e.createKey({ name: 'cache' })).key;
  });
  afterAll(async () => e2e?.stop());

  it('serves a repeated deterministic request from cache, under its own id, billed at zero and recorded', async () => {
    const first = await call({ temperature: 0 }, { 'x-alltokens-cache': 'true' });
    expect(first.headers.get('x-alltokens-cache')).toBe('miss');
    const original = (await first.json()) as { id: string; choices: unknown; usage: { cost: number } };
    expect(original.usage.cost).toBeGreaterThan(0);
    const second = await call({ temperature: 0 }, { 'x-alltokens-cache': 'true' });
    expect(second.headers.get('x-alltokens-cache')).toBe('hit');
    const cached = (await second.json()) as { id: string; choices: unknown; usage: { cost: number } };
    expect(cached.id).toBe(second.headers.get('x-request-id'));
    expect(cached.id).not.toBe(original.id);
    expect(cached.choices).toEqual(original.choices);
    expect(cached.usage.cost).toBe(0);
    const generation = await eventually(async () => {
      const res = await fetch(`${e2e.gatewayUrl}/api/v1/generation?id=${cached.id}`, { headers: { authorization: `Bearer ${key}` } });
      return res.status === 200 ? ((await res.json()) as { data: Record<string, unknown> }).data : undefined;
    });
    expect(generation).toMatchObject({ total_cost: 0, status: 'success', model: 'openai/gpt-4o-mini' });
    const usage = await eventually(async () => {
      const rows = ((await (await e2e.admin('/api/v1/analytics/usage?bucket=1m')).json()) as { data: Array<{ cache_hits: number }> }).data;
      return rows.some((row) => row.cache_hits > 0) ? rows : undefined;
    });
    expect(usage.reduce((n, row) => n + row.cache_hits, 0)).toBe(1);
  });

  it('replays a cached stream as a stream, and skips non-deterministic or not-opted-in requests', async () => {
    const text = async (res: Response) => (await res.text()).trimEnd();
    const miss = await call({ seed: 7, stream: true }, { 'x-alltokens-cache': 'true' });
    const original = await text(miss);
    const hit = await call({ seed: 7, stream: true }, { 'x-alltokens-cache': 'true' });
    expect(hit.headers.get('x-alltokens-cache')).toBe('hit');
    expect(hit.headers.get('content-type')).toContain('text/event-stream');
    const replay = await text(hit);
    expect(replay.endsWith('data: [DONE]')).toBe(true);
    const content = (sse: string) => sse.split('\n\n').filter((f) => f.startsWith('data: {')).map((f) => JSON.parse(f.slice(6)).choices[0]?.delta?.content ?? '').join('');
    expect(content(replay)).toBe(content(original));
    expect((await call({ temperature: 0.7 }, { 'x-alltokens-cache': 'true' })).headers.get('x-alltokens-cache')).toBeNull();
    expect((await call({ temperature: 0 })).headers.get('x-alltokens-cache')).toBeNull();
  });
});
