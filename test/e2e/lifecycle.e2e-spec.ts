import { join } from 'node:path';
import { launchAll, type RunningService } from '@alltokens/stack';
import { eventually } from '../support/eventually';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';
import { freePort } from '../support/ports';

jest.setTimeout(90_000);

const chat = (content: string, stream = false) =>
  JSON.stringify({ model: 'openai/gpt-4o-mini', stream, messages: [{ role: 'user', content }] });

describe('replicas, disconnects and shutdown', () => {
  let e2e: E2eStack;
  let key: string;
  let second: RunningService;
  let secondUrl: string;

  const call = (base: string, body: string, apiKey = key, signal?: AbortSignal) =>
    fetch(`${base}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body,
      signal,
    });

  beforeAll(async () => {
    e2e = await startE2eStack('lifecycle');
    key = (await e2e.createKey({ name: 'lifecycle' })).key;
    const port = await freePort();
    secondUrl = `http://127.0.0.1:${port}`;
    [second] = await launchAll(
      [{ name: 'gateway-2', script: 'apps/gateway/src/main.js', env: { ...e2e.env, GATEWAY_PORT: String(port) }, readyUrl: `${secondUrl}/health/ready` }],
      { root: join(__dirname, '../..'), logs: { dir: e2e.logDir } },
    );
  });
  afterAll(async () => {
    await second?.stop();
    await e2e?.stop();
  });

  it('revoking a key on one gateway replica locks it out of the other within a second', async () => {
    const { key: doomed, data } = await e2e.createKey({ name: 'doomed' });
    expect((await call(secondUrl, chat('warm the cache'), doomed)).status).toBe(200);
    const revoked = await e2e.admin(`/api/v1/keys/${String(data.id)}`, { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    const started = Date.now();
    await eventually(async () => ((await call(secondUrl, chat('again'), doomed)).status === 401 ? true : undefined), 1000, 20);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a client that disconnects mid-stream aborts the upstream call and is billed for what was produced', async () => {
    const controller = new AbortController();
    const res = await call(e2e.gatewayUrl, chat('long story [sim:chunks=40 interval=100]', true), key, controller.signal);
    const requestId = res.headers.get('x-request-id')!;
    const reader = res.body!.getReader();
    await reader.read();
    await reader.read();
    controller.abort();
    const generation = await eventually(async () => {
      const found = await fetch(`${e2e.gatewayUrl}/api/v1/generation?id=${requestId}`, { headers: { authorization: `Bearer ${key}` } });
      return found.status === 200 ? ((await found.json()) as { data: Record<string, any> }).data : undefined;
    }, 15_000);
    expect(generation.status).toBe('cancelled');
    expect(generation.usage_source).toBe('estimated');
    expect(generation.tokens_completion).toBeGreaterThan(0);
    expect(generation.tokens_completion).toBeLessThan(40);
  });

  it('a gateway told to stop finishes the streams it is serving', async () => {
    const res = await call(secondUrl, chat('finish me [sim:chunks=10 interval=100]', true));
    expect(res.status).toBe(200);
    const body = res.text();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const exitCode = second.stop('SIGTERM');
    const text = await body;
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(text.match(/^data: \{/gm)!.length).toBeGreaterThanOrEqual(11);
    expect(await exitCode).toBe(0);
  });
});
