import { startE2eStack, type E2eStack } from '../support/e2e-stack';

jest.setTimeout(60_000);

describe('organisation members, roles and per-user keys', () => {
  let e2e: E2eStack;
  const ids: Record<string, string> = {};
  const managementKeys: Record<string, string> = {};

  const call = (path: string, key: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${e2e.gatewayUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const chat = (key: string) =>
    fetch(`${e2e.gatewayUrl}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    });

  beforeAll(async () => {
    e2e = await startE2eStack('users');
    for (const [name, role] of [['alice', 'member'], ['bob', 'viewer'], ['carol', 'admin'], ['olga', 'owner']] as const) {
      const res = await e2e.admin('/api/v1/users', { method: 'POST', body: JSON.stringify({ email: `${name}@acme.test`, role, org_id: 'acme' }) });
      expect(res.status).toBe(201);
      ids[name] = ((await res.json()) as { data: { id: string } }).data.id;
      managementKeys[name] = (await e2e.createKey({ name: `${name}-admin`, kind: 'management', org_id: 'acme', user_id: ids[name] })).key;
    }
  });
  afterAll(async () => e2e?.stop());

  it('lists members with their roles', async () => {
    const res = await call('/api/v1/users', managementKeys.bob!);
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: Array<{ email: string; role: string }> };
    expect(data.map(({ email, role }) => `${email}:${role}`)).toEqual(['alice@acme.test:member', 'bob@acme.test:viewer', 'carol@acme.test:admin', 'olga@acme.test:owner']);
  });

  it('creates a key for a user at the documented path, shown once, that works for inference', async () => {
    const res = await call(`/api/platform/users/${ids.alice}/apikeys`, managementKeys.alice!, { method: 'POST', body: { label: 'laptop' } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { key: string; label: string; data: { user_id: string; name: string; org_id: string } };
    expect(body.key).toMatch(/^sk-at-v1-/);
    expect(body).toMatchObject({ label: 'laptop', data: { user_id: ids.alice, name: 'laptop', org_id: 'acme' } });
    expect((await chat(body.key)).status).toBe(200);
    const listed = await (await call('/api/v1/keys', managementKeys.carol!)).text();
    expect(listed).not.toContain(body.key);
  });

  it('enforces roles: members only for themselves, viewers read only, only owners grant ownership', async () => {
    expect((await call(`/api/platform/users/${ids.bob}/apikeys`, managementKeys.alice!, { method: 'POST', body: { label: 'x' } })).status).toBe(403);
    const viewer = await call(`/api/platform/users/${ids.bob}/apikeys`, managementKeys.bob!, { method: 'POST', body: { label: 'x' } });
    expect(viewer.status).toBe(403);
    expect(((await viewer.json()) as { error: { code: string } }).error.code).toBe('insufficient_role');
    expect((await call('/api/v1/keys', managementKeys.bob!, { method: 'POST', body: { name: 'x' } })).status).toBe(403);
    expect((await call(`/api/v1/users/${ids.bob}`, managementKeys.carol!, { method: 'PATCH', body: { role: 'owner' } })).status).toBe(403);
    expect((await call(`/api/v1/users/${ids.olga}`, managementKeys.olga!, { method: 'PATCH', body: { role: 'admin' } })).status).toBe(409);
  });

  it('applies a role change at once (cached keys are refreshed)', async () => {
    expect((await call(`/api/v1/users/${ids.bob}`, managementKeys.carol!, { method: 'PATCH', body: { role: 'member' } })).status).toBe(200);
    const res = await call(`/api/platform/users/${ids.bob}/apikeys`, managementKeys.bob!, { method: 'POST', body: { label: 'bob-cli' } });
    expect(res.status).toBe(201);
  });

  it('revokes every key of a removed member and records it in the audit log', async () => {
    const { key } = (await (await call(`/api/platform/users/${ids.alice}/apikeys`, managementKeys.carol!, { method: 'POST', body: { label: 'ci' } })).json()) as { key: string };
    expect((await chat(key)).status).toBe(200);
    expect((await call(`/api/v1/users/${ids.alice}`, managementKeys.carol!, { method: 'DELETE' })).status).toBe(200);
    expect((await chat(key)).status).toBe(401);
    expect((await call('/api/v1/users', managementKeys.alice!)).status).toBe(401);
    const audit = (await (await call('/api/v1/audit-logs', managementKeys.carol!)).json()) as { data: Array<{ action: string }> };
    expect(audit.data.map((entry) => entry.action)).toEqual(expect.arrayContaining(['user.add', 'user.role', 'user.remove']));
  });

  it('rejects bad input with clear errors', async () => {
    expect((await call('/api/v1/users', managementKeys.carol!, { method: 'POST', body: { email: 'not-an-email' } })).status).toBe(400);
    expect((await call(`/api/platform/users/${ids.carol}/apikeys`, managementKeys.carol!, { method: 'POST', body: {} })).status).toBe(400);
    expect((await call('/api/platform/users/nobody/apikeys', managementKeys.carol!, { method: 'POST', body: { label: 'x' } })).status).toBe(404);
    expect((await call('/api/v1/users', managementKeys.carol!, { method: 'POST', body: { email: 'carol@acme.test' } })).status).toBe(409);
  });
});
