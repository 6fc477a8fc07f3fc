import { startChaosStack, twoProviderCatalog, type ChaosStack } from './support/chaos-stack';
import { report } from './support/figures';
import type { FaultProxy } from '@alltokens/stack';

jest.setTimeout(180_000);

const IDLE_TIMEOUT_MS = 1500; // stream_idle_timeout_ms and first_byte_timeout_ms of both providers (chaos-stack catalog)

interface Frame {
  at: number;
  data: string;
}

/** A streamed chat read frame by frame; `onFrame` may inject a fault at a chosen point. */
async function stream(gatewayUrl: string, key: string, content: string, onFrame: (frames: Frame[]) => void = () => {}) {
  const res = await fetch(`${gatewayUrl}/api/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content }] }),
    signal: AbortSignal.timeout(20_000),
  });
  const frames: Frame[] = [];
  let buffer = '';
  const decoder = new TextDecoder();
  for await (const bytes of res.body!) {
    buffer += decoder.decode(bytes as Uint8Array, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      for (const line of event.split('\n')) if (line.startsWith('data: ')) frames.push({ at: Date.now(), data: line.slice(6) });
      onFrame(frames);
    }
  }
  const json = frames.filter((f) => f.data !== '[DONE]').map((f) => JSON.parse(f.data) as Record<string, any>);
  return {
    status: res.status,
    provider: res.headers.get('x-alltokens-chosen-provider'),
    frames,
    done: frames.at(-1)?.data === '[DONE]',
    error: json.find((chunk) => chunk.error)?.error as { code?: string; message: string } | undefined,
    roles: json.filter((chunk) => chunk.choices?.[0]?.delta?.role).length,
    ids: new Set(json.filter((chunk) => chunk.id).map((chunk) => chunk.id)),
    text: json.map((chunk) => chunk.choices?.[0]?.delta?.content ?? '').join(''),
  };
}

const contentDeltas = (frames: Frame[]) => frames.filter((f) => f.data.includes('"content":"') && !f.data.includes('"content":""')).length;

describe('upstream faults: failover before the first byte, continuation or an explicit error mid-stream, stalls cut at the idle timeout', () => {
  let chaos: ChaosStack;
  let key: string;
  const proxies = () => chaos.proxies.simulators;
  /** The proxy (primary or backup) whose connection carries this request. */
  const serving = (marker: string): FaultProxy => proxies().find((proxy) => proxy.carrying(marker).length > 0)!;

  beforeAll(async () => {
    chaos = await startChaosStack('upstream', { catalog: twoProviderCatalog });
    ({ key } = await chaos.createKey({ name: 'upstream' }));
  });
  afterEach(() => proxies().forEach((proxy) => proxy.set({})));
  afterAll(async () => chaos?.stop());

  it('fails before the first byte (connection refused): failover serves a clean stream', async () => {
    proxies()[0]!.set({ refuse: true });
    const reply = await stream(chaos.gatewayUrl, key, 'refused [sim:chunks=5]');
    report('upstream-refused', { status: reply.status, provider: reply.provider!, done: reply.done, roles: reply.roles });
    expect(reply).toMatchObject({ status: 200, provider: 'backup', done: true, roles: 1, error: undefined });
  });

  it('dies mid-stream (connection reset): continuation on the other endpoint serves one uninterrupted stream', async () => {
    const marker = `reset-${Date.now()}`;
    let cutAt = 0;
    const reply = await stream(chaos.gatewayUrl, key, `${marker} [sim:chunks=30 interval=50 chars=600]`, (frames) => {
      if (!cutAt && contentDeltas(frames) === 3) ((cutAt = Date.now()), serving(marker).resetAll());
    });
    report('upstream-reset-continued', { done: reply.done, roles: reply.roles, ids: reply.ids.size, chars: reply.text.length, error: reply.error?.code ?? 'none' });
    expect(cutAt).toBeGreaterThan(0);
    expect(reply).toMatchObject({ status: 200, done: true, roles: 1, error: undefined });
    expect(reply.ids.size).toBe(1);
  });

  it('dies mid-stream with nowhere to continue: the client gets an explicit SSE error event, not a clean end', async () => {
    const marker = `dead-${Date.now()}`;
    let cutAt = 0;
    const reply = await stream(chaos.gatewayUrl, key, `${marker} [sim:chunks=30 interval=50 chars=600]`, (frames) => {
      if (cutAt || contentDeltas(frames) !== 3) return;
      cutAt = Date.now();
      // Refuse new connections and reset the open ones (pooled keep-alive connections included).
      for (const proxy of proxies()) {
        proxy.set({ refuse: true });
        proxy.resetAll();
      }
    });
    const errorAfterMs = reply.frames.at(-1)!.at - cutAt;
    report('upstream-reset-everywhere', { done: reply.done, error: reply.error?.code ?? 'none', error_after_ms: errorAfterMs });
    expect(reply.done).toBe(false);
    expect(reply.error?.message).toBeTruthy();
  });

  it('stalls mid-stream: the stall is cut at the idle timeout and the stream continues elsewhere', async () => {
    const marker = `stall-${Date.now()}`;
    let stalledAt = 0;
    let stalled: FaultProxy | undefined;
    const reply = await stream(chaos.gatewayUrl, key, `${marker} [sim:chunks=30 interval=50 chars=600]`, (frames) => {
      if (stalledAt || contentDeltas(frames) !== 3) return;
      stalledAt = Date.now();
      stalled = serving(marker);
      stalled.set({ stall: true });
    });
    const gaps = reply.frames.slice(1).map((frame, i) => frame.at - reply.frames[i]!.at);
    const longestGap = Math.max(...gaps);
    const [connection] = stalled!.carrying(marker);
    const upstreamClosedAfterMs = (connection!.closedAt ?? Infinity) - stalledAt;
    report('upstream-stall-continued', { done: reply.done, roles: reply.roles, longest_gap_ms: longestGap, stalled_upstream_closed_after_ms: upstreamClosedAfterMs, idle_timeout_ms: IDLE_TIMEOUT_MS });
    expect(reply).toMatchObject({ status: 200, done: true, roles: 1, error: undefined });
    expect(longestGap).toBeLessThan(IDLE_TIMEOUT_MS + 1000);
    expect(upstreamClosedAfterMs).toBeLessThan(IDLE_TIMEOUT_MS + 1000);
  });

  it('stalls everywhere: the request ends in an SSE error once the idle and first-byte timeouts pass, never hangs', async () => {
    const marker = `stall-all-${Date.now()}`;
    let stalledAt = 0;
    const reply = await stream(chaos.gatewayUrl, key, `${marker} [sim:chunks=30 interval=50 chars=600]`, (frames) => {
      if (stalledAt || contentDeltas(frames) !== 3) return;
      stalledAt = Date.now();
      for (const proxy of proxies()) proxy.set({ stall: true });
    });
    const endedAfterMs = reply.frames.at(-1)!.at - stalledAt;
    report('upstream-stall-everywhere', { done: reply.done, error: reply.error?.code ?? 'none', ended_after_ms: endedAfterMs, idle_timeout_ms: IDLE_TIMEOUT_MS });
    expect(reply.done).toBe(false);
    expect(reply.error?.message).toBeTruthy();
    // The stall on the first endpoint (its idle timeout), then each continuation attempt's wait for a first byte
    // (its first-byte timeout): the continuation on the other endpoint and the one retry of the last candidate.
    expect(endedAfterMs).toBeLessThan(IDLE_TIMEOUT_MS + 3 * IDLE_TIMEOUT_MS + 1000);
  });
});
