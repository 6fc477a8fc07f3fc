import { startSimulator, type Simulator } from './server';
import { send, sseData, sseJson } from './testing/sim-client';

describe('simulator faults, latency and control API', () => {
  let sim: Simulator;
  const chat = (content: string, extra: object = {}, timeoutMs?: number) =>
    send(`${sim.baseUrl}/chat/completions`, {
      json: { model: 'gpt-4o-mini', messages: [{ role: 'user', content }], ...extra },
      timeoutMs,
    });
  const stream = (content: string) => chat(content, { stream: true, stream_options: { include_usage: true } });
  const control = (path: string, method = 'GET', json?: unknown) => send(`${sim.url}/_sim/${path}`, { method, json });

  beforeAll(async () => {
    sim = await startSimulator({ name: 'faulty' });
  });
  afterEach(() => sim.reset());
  afterAll(() => sim.close());

  it('injects a status with the provider error shape and retry-after', async () => {
    const res = await chat('hi [sim:status=429 retry_after=7]');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(JSON.parse(res.text)).toEqual({
      error: { message: expect.any(String), type: 'requests', param: null, code: 'rate_limit_exceeded' },
    });
    const unavailable = await chat('[sim:status=503]');
    expect(unavailable.status).toBe(503);
    expect(JSON.parse(unavailable.text).error.type).toBe('server_error');
  });

  it('resets the socket before responding', async () => {
    await expect(chat('[sim:reset]')).rejects.toThrow(/fetch failed/);
    expect(sim.stats().outcomes.reset).toBe(1);
  });

  it('stalls until the client gives up', async () => {
    const started = Date.now();
    await expect(chat('[sim:stall]', {}, 300)).rejects.toThrow(/timeout|aborted/i);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('cuts a stream after N frames without [DONE]', async () => {
    const res = await stream('[sim:cut_after=5]');
    expect(res.status).toBe(200);
    // The socket closes without the terminating chunk: undici reports the body as terminated.
    expect(res.error).toMatchObject({ message: 'terminated', cause: { code: 'UND_ERR_SOCKET' } });
    expect(sseData(res.text)).toHaveLength(5);
    expect(res.text).not.toContain('[DONE]');
    expect(sim.stats().outcomes.cut).toBe(1);
  });

  it('sends an SSE error event after N frames', async () => {
    const res = await stream('[sim:error_after=3]');
    expect(res.error).toBeUndefined();
    const data = sseData(res.text);
    expect(data).toHaveLength(4);
    expect(JSON.parse(data[3]!)).toEqual({
      error: { message: expect.any(String), type: 'server_error', param: null, code: null },
    });
    expect(res.text).not.toContain('[DONE]');
  });

  it('drops the usage chunk on [sim:no_usage]', async () => {
    const chunks = sseJson((await stream('[sim:no_usage]')).text);
    expect(chunks.every((c) => c.choices.length === 1)).toBe(true);
  });

  it('waits the base latency, then spaces deltas by the interval', async () => {
    let started = Date.now();
    await chat('[sim:latency=150]');
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);

    started = Date.now();
    const res = await stream('[sim:chunks=5 interval=30]');
    expect(Date.now() - started).toBeGreaterThanOrEqual(5 * 30 - 5);
    expect(sseJson(res.text)).toHaveLength(1 + 5 + 2);
  });

  it('applies control-API faults to the next N matching requests', async () => {
    const added = await control('faults', 'POST', { faults: [{ type: 'status', status: 503, count: 2, path: '/v1/chat/completions' }] });
    expect(JSON.parse(added.text)).toMatchObject({ added: 1, faults: [{ type: 'status', status: 503, remaining: 2 }] });
    expect((await send(`${sim.baseUrl}/models`)).status).toBe(200);
    expect((await chat('a')).status).toBe(503);
    expect((await chat('b')).status).toBe(503);
    expect((await chat('c')).status).toBe(200);

    await control('faults', 'POST', [{ type: 'reset' }]);
    expect(JSON.parse((await control('faults')).text).faults).toHaveLength(1);
    await control('faults', 'DELETE');
    expect((await chat('d')).status).toBe(200);
    expect((await control('faults', 'POST', { faults: [{ type: 'status', status: 200 }] })).status).toBe(400);
  });

  it('counts requests per path and status, and keeps the last requests', async () => {
    await chat('x');
    await chat('[sim:status=500]');
    await send(`${sim.baseUrl}/models`);
    const stats = JSON.parse((await control('stats')).text);
    expect(stats).toMatchObject({
      name: 'faulty',
      total: 3,
      paths: { '/v1/chat/completions': 2, '/v1/models': 1 },
      statuses: { '200': 2, '500': 1 },
    });
    const { requests } = JSON.parse((await control('requests')).text);
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions', body: { model: 'gpt-4o-mini' } });
    await control('reset', 'POST');
    expect(sim.stats().total).toBe(0);
  });

  it('fails randomly at the configured rate, and changes config at runtime', async () => {
    const config = JSON.parse((await control('config', 'POST', { failureRate: 1, failureStatus: 502, name: 'renamed' })).text);
    expect(config).toMatchObject({ failureRate: 1, name: 'renamed', auth: false });
    const res = await chat('x');
    expect(res.status).toBe(502);
    expect(res.headers.get('x-sim-instance')).toBe('renamed');
    expect((await control('config', 'POST', { failureRate: 2 })).status).toBe(400);
    await control('reset', 'POST');
    expect((await chat('x')).headers.get('x-sim-instance')).toBe('faulty');
  });
});

describe('several simulators as different providers', () => {
  it('tells instances apart by header and fingerprint', async () => {
    const [a, b] = await Promise.all([startSimulator({ name: 'primary' }), startSimulator({ name: 'backup' })]);
    try {
      for (const [sim, name] of [[a, 'primary'], [b, 'backup']] as const) {
        const res = await send(`${sim.baseUrl}/chat/completions`, { json: { model: 'm', messages: [{ role: 'user', content: 'hi' }] } });
        expect(res.headers.get('x-sim-instance')).toBe(name);
        expect(JSON.parse(res.text).system_fingerprint).toBe(`fp_${name}`);
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
