import { startE2eStack, type E2eStack } from '../support/e2e-stack';

jest.setTimeout(60_000);

interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | number | null };
}

describe('errors, auth and key management', () => {
  let e2e: E2eStack;
  let key: string;

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${e2e.gatewayUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body,
    });

  const expectError = async (res: Response, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('x-request-id')).toMatch(/^gen-/);
    const body = (await res.json()) as ErrorBody;
    expect(body.error).toEqual(expect.objectContaining({ code, type: expect.any(String), message: expect.any(String) }));
    expect(body.error).toHaveProperty('param');
    return body;
  };

  beforeAll(async () => {
    e2e = await startE2eStack('errors');
    key = (await e2e.createKey({ name: 'errors' })).key;
  });
  afterAll(async () => e2e?.stop());

  it('400 for a body that breaks the OpenAI schema, naming the field', async () => {
    const body = await expectError(
      await post('/api/v1/chat/completions', JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'robot', content: 'x' }] })),
      400,
      'invalid_request',
    );
    expect(body.error.param).toBe('messages[0].role');
    await expectError(await post('/api/v1/chat/completions', JSON.stringify({ model: 'openai/gpt-4o-mini' })), 400, 'invalid_request');
  });

  it('400 for malformed JSON, 413 for a body over the limit', async () => {
    await expectError(await post('/api/v1/chat/completions', '{"model":'), 400, 'invalid_json');
    const huge = JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x'.repeat(5 * 1024 * 1024) }] });
    await expectError(await post('/api/v1/chat/completions', huge), 413, 'payload_too_large');
  });

  it('401 without a key or with a wrong one; X-API-Key is accepted', async () => {
    const body = JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] });
    await expectError(await post('/api/v1/chat/completions', body, { authorization: '' }), 401, 'missing_api_key');
    await expectError(await post('/api/v1/chat/completions', body, { authorization: 'Bearer sk-at-v1-nope' }), 401, 'invalid_api_key');
    const viaHeader = await post('/api/v1/chat/completions', body, { authorization: '', 'x-api-key': key });
    expect(viaHeader.status).toBe(200);
  });

  it('400, not 500, for values Postgres cannot store (a NUL byte)', async () => {
    const lookup = await fetch(`${e2e.gatewayUrl}/api/v1/generation?id=gen-%00`, { headers: { authorization: `Bearer ${key}` } });
    expect((await expectError(lookup, 400, 'invalid_request')).error.message).toMatch(/cannot be stored/);
    const created = await e2e.admin('/api/v1/keys', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'nul\u0000name' }) });
    await expectError(created, 400, 'invalid_request');
  });

  it('404 for an unknown model and an unknown route', async () => {
    const res = await post('/api/v1/chat/completions', JSON.stringify({ model: 'nobody/nothing', messages: [{ role: 'user', content: 'x' }] }));
    expect((await expectError(res, 404, 'model_not_found')).error.param).toBe('model');
    await expectError(await fetch(`${e2e.gatewayUrl}/api/v1/nope`), 404, 'not_found');
  });

  it('keeps management and inference keys apart', async () => {
    const management = (await e2e.createKey({ name: 'mgmt', kind: 'management' })).key;
    const chat = JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] });
    const refused = await post('/api/v1/chat/completions', chat, { authorization: `Bearer ${management}` });
    await expectError(refused, 403, 'management_key_not_allowed');
    expect(refused.headers.get('x-should-retry')).toBe('false');
    await expectError(await fetch(`${e2e.gatewayUrl}/api/v1/keys`, { headers: { authorization: `Bearer ${key}` } }), 403, 'management_key_required');
    const listed = await fetch(`${e2e.gatewayUrl}/api/v1/keys`, { headers: { authorization: `Bearer ${management}` } });
    expect(listed.status).toBe(200);
  });

  it('creates, lists and revokes keys; a revoked key stops working at once', async () => {
    const created = await e2e.createKey({ name: 'short-lived', limit: 5 });
    expect(created.key).toMatch(/^sk-at-v1-[0-9A-Za-z]{46}$/);
    expect(created.data).toMatchObject({ name: 'short-lived', limit: 5, usage: 0, label: expect.stringMatching(/\.\.\./) });
    expect(JSON.stringify(created.data)).not.toContain(created.key);
    const list = (await (await e2e.admin('/api/v1/keys')).json()) as { data: Array<{ id: string }> };
    expect(list.data.map((k) => k.id)).toContain(created.data.id);
    const chat = JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] });
    expect((await post('/api/v1/chat/completions', chat, { authorization: `Bearer ${created.key}` })).status).toBe(200);
    const deleted = await e2e.admin(`/api/v1/keys/${String(created.data.id)}`, { method: 'DELETE' });
    expect(await deleted.json()).toEqual({ deleted: true, id: created.data.id });
    await expectError(await post('/api/v1/chat/completions', chat, { authorization: `Bearer ${created.key}` }), 401, 'invalid_api_key');
    const self = await fetch(`${e2e.gatewayUrl}/api/v1/key`, { headers: { authorization: `Bearer ${key}` } });
    expect(((await self.json()) as { data: { name: string } }).data.name).toBe('errors');
  });

  it('serves /llms.txt for agents and the OpenAPI document at /docs-json', async () => {
    const llms = await fetch(`${e2e.gatewayUrl}/llms.txt`);
    expect(llms.headers.get('content-type')).toContain('text/plain');
    const text = await llms.text();
    expect(text).toMatch(/^# AllTokens/);
    expect(text).toContain('POST /api/v1/chat/completions');
    expect(text).toContain('- openai/gpt-4o-mini');
    const spec = (await (await fetch(`${e2e.gatewayUrl}/docs-json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/v1/chat/completions', '/api/v1/keys', '/api/v1/budgets']));
    expect((await fetch(`${e2e.gatewayUrl}/docs`)).status).toBe(200);
  });

  it('lists models in OpenRouter shape, filterable by supported parameter', async () => {
    const res = await fetch(`${e2e.gatewayUrl}/api/v1/models?supported_parameters=tools`);
    const body = (await res.json()) as { data: Array<Record<string, any>> };
    const mini = body.data.find((model) => model.id === 'openai/gpt-4o-mini')!;
    expect(mini).toMatchObject({ name: 'OpenAI: GPT-4o-mini', context_length: 128000, pricing: { prompt: '0.00000015', completion: '0.0000006' } });
    expect(mini.supported_parameters).toContain('tools');
    const none = await fetch(`${e2e.gatewayUrl}/api/v1/models?supported_parameters=no_such_param`);
    expect(((await none.json()) as { data: unknown[] }).data).toEqual([]);
  });

  it('lists and retrieves models with the openai SDK', async () => {
    const client = e2e.client((await e2e.createKey({ name: 'models' })).key);
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toContain('openai/gpt-4o-mini');
    await expect(client.models.retrieve('openai/gpt-4o-mini')).resolves.toMatchObject({ id: 'openai/gpt-4o-mini', object: 'model' });
    await expect(client.models.retrieve('nope/none')).rejects.toMatchObject({ status: 404 });
  });
});
