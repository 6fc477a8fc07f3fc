import { startE2eStack, type E2eStack } from '../support/e2e-stack';

jest.setTimeout(60_000);

const catalog = ([a, b]: number[]) => `
providers:
  - id: alpha
    base_url: http://127.0.0.1:${a}/v1
    api_key: sim-key
    region: us
    trains_on_data: true
    models:
      - { model: openai/gpt-4o-mini, pricing: { prompt: 0.15, completion: 0.6 } }
      - { model: openai/gpt-4o, pricing: { prompt: 2.5, completion: 10 } }
  - id: beta
    base_url: http://127.0.0.1:${b}/v1
    api_key: sim-key
    region: eu
    zero_data_retention: true
    models:
      - { model: openai/gpt-4o-mini, pricing: { prompt: 0.2, completion: 0.8 } }
`;

describe('policies: organisation, team and key policies combine, strictest wins', () => {
  let e2e: E2eStack;

  const chat = (key: string, model: string) =>
    fetch(`${e2e.gatewayUrl}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
    });
  const policy = async (body: Record<string, unknown>) => {
    const res = await e2e.admin('/api/v1/policies', { method: 'POST', body: JSON.stringify(body) });
    expect(res.status).toBe(201);
    return ((await res.json()) as { data: { id: string } }).data.id;
  };

  beforeAll(async () => {
    e2e = await startE2eStack('policies', { catalog });
  });
  afterAll(async () => e2e?.stop());

  it('keeps an organisation in its region and answers 403 naming the policy when nothing qualifies', async () => {
    const { key } = await e2e.createKey({ name: 'eu', org_id: 'org-eu' });
    await policy({ name: 'eu-only', scope: 'organization', scope_id: 'org-eu', allowed_regions: ['eu'] });
    const routed = await chat(key, 'openai/gpt-4o-mini');
    expect(routed.status).toBe(200);
    expect(routed.headers.get('x-alltokens-chosen-provider')).toBe('beta');
    const refused = await chat(key, 'openai/gpt-4o');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('x-should-retry')).toBe('false');
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('policy_denied');
    expect(body.error.message).toContain('policy "eu-only" (organization): region us is not allowed');
  });

  it('combines an organisation allowlist with a key denylist and a no-training rule', async () => {
    const { key, data } = await e2e.createKey({ name: 'combo', org_id: 'org-combo' });
    await policy({ name: 'approved-providers', scope: 'organization', scope_id: 'org-combo', allowed_providers: ['alpha', 'beta'] });
    expect((await chat(key, 'openai/gpt-4o-mini')).headers.get('x-alltokens-chosen-provider')).toBe('alpha');
    const deny = await policy({ name: 'no-alpha', scope: 'key', scope_id: data.id, denied_providers: ['alpha'] });
    expect((await chat(key, 'openai/gpt-4o-mini')).headers.get('x-alltokens-chosen-provider')).toBe('beta');
    await e2e.admin(`/api/v1/policies/${deny}`, { method: 'DELETE' });
    await policy({ name: 'no-training', scope: 'key', scope_id: data.id, deny_data_training: true, max_price_per_mtok: 1 });
    expect((await chat(key, 'openai/gpt-4o-mini')).headers.get('x-alltokens-chosen-provider')).toBe('beta');
    const refused = await chat(key, 'openai/gpt-4o');
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('policy "no-training" (key): the provider trains on prompts');
  });
});
