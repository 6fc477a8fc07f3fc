import { startE2eStack, type E2eStack } from '../support/e2e-stack';

jest.setTimeout(60_000);

describe('key options, rotation and the audit log', () => {
  let e2e: E2eStack;

  const chat = (key: string, model = 'openai/gpt-4o-mini') =>
    fetch(`${e2e.gatewayUrl}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
    });
  const code = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

  beforeAll(async () => {
    e2e = await startE2eStack('keys');
  });
  afterAll(async () => e2e?.stop());

  it('disables and re-enables a key, and limits it to its allowed models', async () => {
    const { key, data } = await e2e.createKey({ name: 'options', allowed_models: ['openai/gpt-4o-mini'] });
    expect(data).toMatchObject({ allowed_models: ['openai/gpt-4o-mini'] });
    expect((await chat(key)).status).toBe(200);
    const refused = await chat(key, 'acme/solo');
    expect(refused.status).toBe(403);
    expect(await code(refused)).toBe('policy_denied');
    const auto = await fetch(`${e2e.gatewayUrl}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'router', objective: 'best', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(((await auto.json()) as { model: string }).model).toBe('openai/gpt-4o-mini');
    const patch = (body: Record<string, unknown>) => e2e.admin(`/api/v1/keys/${String(data.id)}`, { method: 'PATCH', body: JSON.stringify(body) });
    expect((await patch({ disabled: true, name: 'renamed' })).status).toBe(200);
    const disabled = await chat(key);
    expect(disabled.status).toBe(403);
    expect(await code(disabled)).toBe('api_key_disabled');
    await patch({ disabled: false, allowed_models: [] });
    expect((await chat(key, 'acme/solo')).status).toBe(200);
  });

  it('keeps string metadata on a key, editable, copied on rotation', async () => {
    const { data } = await e2e.createKey({ name: 'labelled', metadata: { owner: 'search-team', cost_centre: 'cc-42' } });
    expect(data.metadata).toEqual({ owner: 'search-team', cost_centre: 'cc-42' });
    const patched = await e2e.admin(`/api/v1/keys/${String(data.id)}`, { method: 'PATCH', body: JSON.stringify({ metadata: { owner: 'ads' } }) });
    expect(((await patched.json()) as { data: { metadata: unknown } }).data.metadata).toEqual({ owner: 'ads' });
    const rotated = await e2e.admin(`/api/v1/keys/${String(data.id)}/rotate`, { method: 'POST', body: JSON.stringify({ grace_seconds: 0 }) });
    expect(((await rotated.json()) as { data: { metadata: unknown } }).data.metadata).toEqual({ owner: 'ads' });
    const bad = await e2e.admin('/api/v1/keys', { method: 'POST', body: JSON.stringify({ name: 'x', metadata: { n: 1 } }) });
    expect(bad.status).toBe(400);
  });

  it('rotates a key: the old secret works through its grace period, then stops', async () => {
    const { key, data } = await e2e.createKey({ name: 'rotating' });
    const graceful = await e2e.admin(`/api/v1/keys/${String(data.id)}/rotate`, { method: 'POST', body: JSON.stringify({ grace_seconds: 3600 }) });
    expect(graceful.status).toBe(201);
    const first = (await graceful.json()) as { key: string; data: { id: string }; replaced: { grace_until: string } };
    expect(first.key).not.toBe(key);
    expect(new Date(first.replaced.grace_until).getTime()).toBeGreaterThan(Date.now());
    expect((await chat(key)).status).toBe(200);
    expect((await chat(first.key)).status).toBe(200);
    const immediate = await e2e.admin(`/api/v1/keys/${first.data.id}/rotate`, { method: 'POST', body: JSON.stringify({ grace_seconds: 0 }) });
    const second = (await immediate.json()) as { key: string };
    const retired = await chat(first.key);
    expect(retired.status).toBe(401);
    expect(await code(retired)).toBe('api_key_rotated');
    expect((await chat(second.key)).status).toBe(200);
  });

  it('audits every admin action with before and after, and never a secret', async () => {
    const { key, data } = await e2e.createKey({ name: 'audited' });
    await e2e.admin(`/api/v1/keys/${String(data.id)}`, { method: 'PATCH', body: JSON.stringify({ limit: 3 }) });
    await e2e.admin(`/api/v1/keys/${String(data.id)}`, { method: 'DELETE' });
    const log = (await (await e2e.admin('/api/v1/audit-logs?limit=500')).json()) as { data: Array<{ actor: string; action: string; target_id?: string; targetId: string; before: any; after: any }> };
    const mine = log.data.filter((entry) => entry.targetId === data.id).map((entry) => entry.action);
    expect(mine).toEqual(['key.revoke', 'key.update', 'key.create']);
    const update = log.data.find((entry) => entry.targetId === data.id && entry.action === 'key.update')!;
    expect(update.actor).toBe('admin');
    expect([update.before.limit, update.after.limit]).toEqual([null, 3]);
    expect(JSON.stringify(log)).not.toContain(key);
    expect(log.data.map((entry) => entry.action)).toEqual(expect.arrayContaining(['key.rotate', 'key.create']));
  });
});
