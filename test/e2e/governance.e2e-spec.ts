import { createServer, type Server } from 'node:http';
import OpenAI from 'openai';
import { Client } from 'pg';
import { SIGNATURE_HEADER, verifySignature } from '@alltokens/alerts';
import { eventually } from '../support/eventually';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';

jest.setTimeout(120_000);

interface Received {
  path: string;
  signature: string | undefined;
  body: string;
}

/** Tags and end users, periodic key limits, guardrails and alerts, through the whole stack with the openai SDK. */
describe('governance: attribution, periodic limits, guardrails, alerts', () => {
  let e2e: E2eStack;
  let db: Client;
  let receiver: Server;
  let hookBase = '';
  const received: Received[] = [];
  const simulator = () => e2e.simulatorUrls[0]!.replace(/\/v1$/, '');
  const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
  const post = (path: string, body: unknown) => e2e.admin(path, { method: 'POST', body: JSON.stringify(body) });
  const lastSimulatorBody = async () => {
    const { requests } = await json<{ requests: Array<{ body: unknown }> }>(await fetch(`${simulator()}/_sim/requests`));
    return JSON.stringify(requests.at(-1)?.body);
  };
  const generation = (key: string, id: string) =>
    eventually(async () => {
      const res = await fetch(`${e2e.gatewayUrl}/api/v1/generation?id=${id}`, { headers: { authorization: `Bearer ${key}` } });
      return res.status === 200 ? (await json<{ data: Record<string, unknown> }>(res)).data : undefined;
    }, 15_000);

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ path: req.url!, signature: req.headers[SIGNATURE_HEADER] as string | undefined, body });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    hookBase = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
    e2e = await startE2eStack('governance');
    db = new Client({ connectionString: e2e.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await e2e?.stop();
    receiver?.close();
  });

  describe('tags and end users', () => {
    it('attributes spend to tags (key defaults, header, metadata) and end users, grouped and filtered in analytics', async () => {
      const { key, data } = await e2e.createKey({ name: 'tagged', org_id: 'org-tags', tags: ['team:search'] });
      expect(data.tags).toEqual(['team:search']);
      const client = new OpenAI({ apiKey: key, baseURL: `${e2e.gatewayUrl}/api/v1`, maxRetries: 0, defaultHeaders: { 'x-alltokens-tags': 'feature:summaries' } });
      const ids: string[] = [];
      for (const user of ['alice', 'alice', 'bob']) {
        const reply = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', user, messages: [{ role: 'user', content: 'hi' }], metadata: { customer: 'acme' } });
        ids.push(reply.id);
      }
      const other = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }, { headers: { 'x-alltokens-tags': 'feature:chat' } });
      const record = await generation(key, ids[0]!);
      expect(record).toMatchObject({ tags: ['customer:acme', 'feature:summaries', 'team:search'], user: 'alice' });
      expect((await generation(key, other.id)).tags).toEqual(['feature:chat', 'team:search']);
      const query = (q: string) => e2e.admin(`/api/v1/analytics/usage?org_id=org-tags&bucket=1h&${q}`);
      const groups = async (q: string) => {
        const rows = (await json<{ data: Array<{ group: string; requests: number }> }>(await query(q))).data;
        const out: Record<string, number> = {};
        for (const row of rows) out[row.group ?? ''] = (out[row.group ?? ''] ?? 0) + row.requests;
        return out;
      };
      await eventually(async () => ((await groups('group_by=tag:feature')).summaries === 3 ? true : undefined), 15_000);
      expect(await groups('group_by=tag:feature')).toEqual({ summaries: 3, chat: 1 });
      expect(await groups('group_by=user')).toEqual({ alice: 2, bob: 1 });
      expect(await groups('group_by=user&tag=feature:summaries')).toEqual({ alice: 2, bob: 1 });
      expect(await groups('group_by=model&user=bob')).toEqual({ 'openai/gpt-4o-mini': 1 });
      const log = await json<{ data: Array<{ id: string; end_user: string | null }> }>(await e2e.admin('/api/v1/analytics/requests?org_id=org-tags&user=alice'));
      expect(log.data.map((row) => row.id).sort()).toEqual(ids.slice(0, 2).sort());
    });

    it('refuses malformed tags and end users with a 400 naming the field', async () => {
      const { key } = await e2e.createKey({ name: 'bad-tags' });
      const client = e2e.client(key);
      const attempt = (headers: Record<string, string>, extra: Record<string, unknown> = {}) =>
        client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], ...extra } as never, { headers }).then(
          () => null,
          (error: InstanceType<typeof OpenAI.APIError>) => error,
        );
      const header = await attempt({ 'x-alltokens-tags': 'feature:a,feature:b' });
      expect(header).toMatchObject({ status: 400, code: 'invalid_tags', param: 'x-alltokens-tags' });
      expect(header!.message).toContain("'feature' is given twice");
      expect(await attempt({ 'x-alltokens-tags': 'bad name:x' })).toMatchObject({ status: 400, param: 'x-alltokens-tags' });
      expect(await attempt({}, { metadata: { n: 3 } })).toMatchObject({ status: 400, param: 'metadata.n' });
      expect(await attempt({}, { user: 'u'.repeat(300) })).toMatchObject({ status: 400, param: 'user' });
    });

    it('enforces a budget on a tag and one on an end user with 402s naming them', async () => {
      const { key } = await e2e.createKey({ name: 'tag-budget', org_id: 'org-tag-budget' });
      expect((await post('/api/v1/budgets', { scope: 'tag', scope_id: 'Feature:expensive', org_id: 'org-tag-budget', amount: 0.000001, period: 'daily' })).status).toBe(201);
      expect((await post('/api/v1/budgets', { scope: 'end_user', scope_id: 'mallory', org_id: 'org-tag-budget', amount: 0.000001, period: 'monthly' })).status).toBe(201);
      const chat = (headers: Record<string, string>, user?: string) =>
        fetch(`${e2e.gatewayUrl}/api/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ model: 'openai/gpt-4o-mini', max_tokens: 20, user, messages: [{ role: 'user', content: 'hi' }] }),
        });
      const byTag = await chat({ 'x-alltokens-tags': 'feature:expensive' });
      expect(byTag.status).toBe(402);
      expect(byTag.headers.get('x-should-retry')).toBe('false');
      expect((await json<{ error: { code: string; message: string } }>(byTag)).error).toMatchObject({ code: 'tag_budget_exceeded', message: expect.stringContaining("tag 'feature:expensive'") });
      const byUser = await chat({}, 'mallory');
      expect((await json<{ error: { code: string } }>(byUser)).error.code).toBe('end_user_budget_exceeded');
      expect((await chat({ 'x-alltokens-tags': 'feature:cheap' }, 'alice')).status).toBe(200);
    });
  });

  describe('periodic key limits (OpenRouter shape)', () => {
    it('creates a key with limit_reset and shows usage per period and limit_remaining in GET /key', async () => {
      const { key, data } = await e2e.createKey({ name: 'daily', limit: 1, limit_reset: 'daily' });
      expect(data).toMatchObject({ limit: 1, limit_reset: 'daily', usage: 0, usage_daily: 0, usage_weekly: 0, usage_monthly: 0, limit_remaining: 1 });
      await e2e.client(key).chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
      const view = await eventually(async () => {
        const body = await json<{ data: Record<string, number> }>(await fetch(`${e2e.gatewayUrl}/api/v1/key`, { headers: { authorization: `Bearer ${key}` } }));
        return body.data.usage_daily > 0 ? body.data : undefined;
      }, 15_000);
      expect(view.usage).toBeCloseTo(view.usage_daily, 12);
      expect(view.usage_weekly).toBeCloseTo(view.usage_daily, 12);
      expect(view.limit_remaining).toBeCloseTo(1 - view.usage_daily, 12);
    });

    it('holds a daily limit under 100 concurrent requests, like the lifetime one (reservations)', async () => {
      const { key, data } = await e2e.createKey({ name: 'daily-burst', limit: 0.0005, limit_reset: 'daily' });
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          fetch(`${e2e.gatewayUrl}/api/v1/chat/completions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: JSON.stringify({ model: 'openai/gpt-4o-mini', max_tokens: 50, messages: [{ role: 'user', content: `burst ${i}` }] }),
          }),
        ),
      );
      await Promise.all(results.map((res) => res.text()));
      const statuses = results.map((res) => res.status);
      expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(3);
      expect(statuses.filter((status) => status === 402).length).toBeGreaterThan(3);
      expect(statuses.every((status) => status === 200 || status === 402)).toBe(true);
      const served = statuses.filter((status) => status === 200).length;
      await eventually(async () => ((await db.query('SELECT count(*)::int AS n FROM generations WHERE key_id = $1', [data.id])).rows[0].n === served ? true : undefined), 20_000);
      const spent = Number((await db.query('SELECT coalesce(sum(amount_usd), 0)::float8 AS s FROM ledger_entries WHERE key_id = $1', [data.id])).rows[0].s);
      expect(spent).toBeLessThanOrEqual(0.0005);
    });

    it('counts only the current UTC period: spend before the boundary no longer holds the key back', async () => {
      const { key, data } = await e2e.createKey({ name: 'boundary', org_id: 'org-boundary', limit: 0.001, limit_reset: 'daily' });
      // Yesterday (23:59:59 UTC) the key spent its whole daily limit and more.
      const day = new Date();
      const yesterday = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()) - 1000);
      await db.query(
        `INSERT INTO generations (id, org_id, key_id, kind, requested_model, streamed, status, prompt_tokens, completion_tokens, cached_tokens, reasoning_tokens,
           usage_source, cost_usd, latency_ms, attempts, started_at, created_at) VALUES ('gen-yesterday', 'org-boundary', $1, 'chat', 'openai/gpt-4o-mini', false,
           'success', 1, 1, 0, 0, 'upstream', 0.005, 10, '[]', $2, $2)`,
        [data.id, yesterday.toISOString().replace('Z', '')],
      );
      await db.query(`INSERT INTO ledger_entries (generation_id, org_id, key_id, amount_usd, created_at) VALUES ('gen-yesterday', 'org-boundary', $1, 0.005, $2)`, [data.id, yesterday.toISOString().replace('Z', '')]);
      await db.query('UPDATE api_keys SET usage_usd = 0.005 WHERE id = $1', [data.id]);
      const client = e2e.client(key);
      await client.chat.completions.create({ model: 'openai/gpt-4o-mini', max_tokens: 20, messages: [{ role: 'user', content: 'today' }] });
      const view = (await json<{ data: Record<string, number> }>(await e2e.admin(`/api/v1/keys/${String(data.id)}`))).data;
      expect(view.usage).toBeGreaterThanOrEqual(0.005);
      expect(view.usage_daily).toBeLessThan(0.001);
      // The same spend against a lifetime limit refuses the key: switching limit_reset off makes yesterday count.
      expect((await e2e.admin(`/api/v1/keys/${String(data.id)}`, { method: 'PATCH', body: JSON.stringify({ limit_reset: null }) })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 5_200)); // the limiter's rule cache
      const refused = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', max_tokens: 20, messages: [{ role: 'user', content: 'again' }] }).catch((error: InstanceType<typeof OpenAI.APIError>) => error);
      expect(refused).toMatchObject({ status: 402, code: 'key_limit_exceeded' });
    });

    it('keeps a lifetime limit’s usage across rotation and enforces it on the new key', async () => {
      const { key, data } = await e2e.createKey({ name: 'rotating', limit: 0.00003 });
      // ~$20e-6 of the $30e-6: 30 completion tokens (a long reply cut at max_tokens) at $0.6/M, plus the prompt.
      await e2e.client(key).chat.completions.create({ model: 'openai/gpt-4o-mini', max_tokens: 30, messages: [{ role: 'user', content: 'hi [sim:chars=400]' }] });
      await eventually(async () => ((await json<{ data: { usage: number } }>(await e2e.admin(`/api/v1/keys/${String(data.id)}`))).data.usage > 0 ? true : undefined), 15_000);
      const rotated = await json<{ key: string; data: { usage: number; limit_remaining: number } }>(await e2e.admin(`/api/v1/keys/${String(data.id)}/rotate`, { method: 'POST', body: '{}' }));
      expect(rotated.data.usage).toBeGreaterThan(0);
      expect(rotated.data.limit_remaining).toBeLessThan(0.00003);
      // Could cost ~$17e-6: a fresh key would take it, the lineage's remaining limit does not.
      const big = await e2e.client(rotated.key).chat.completions.create({ model: 'openai/gpt-4o-mini', max_tokens: 25, messages: [{ role: 'user', content: 'hi' }] }).catch((error: InstanceType<typeof OpenAI.APIError>) => error);
      expect(big).toMatchObject({ status: 402, code: 'key_limit_exceeded' });
    });

    it('refuses an expires_at in the past and unknown fields in admin bodies with 400s naming them', async () => {
      const past = await post('/api/v1/keys', { name: 'old', expires_at: '2020-01-01T00:00:00Z' });
      expect(past.status).toBe(400);
      expect((await json<{ error: { param: string; message: string } }>(past)).error).toMatchObject({ param: 'expires_at', message: expect.stringContaining('in the future') });
      const typo = await post('/api/v1/keys', { name: 'typo', limit: 5, limit_resett: 'daily' });
      expect(typo.status).toBe(400);
      expect((await json<{ error: { code: string; param: string } }>(typo)).error).toMatchObject({ code: 'unknown_field', param: 'limit_resett' });
      const badReset = await post('/api/v1/keys', { name: 'x', limit: 5, limit_reset: 'hourly' });
      expect((await json<{ error: { param: string } }>(badReset)).error.param).toBe('limit_reset');
      for (const [path, body] of [
        ['/api/v1/budgets', { scope: 'organization', scope_id: 'default', amount: 1, period: 'daily', colour: 'red' }],
        ['/api/v1/policies', { name: 'p', scope: 'organization', scope_id: 'default', allow_providers: ['x'] }],
        ['/api/v1/teams', { name: 't', rate_limits: { requests_per_minute: 1, requests_per_day: 5 } }],
        ['/api/v1/guardrails', { name: 'g', scope: 'organization', scope_id: 'default', prompt: [{ detector: 'email', action: 'mask', mode: 'x' }] }],
        ['/api/v1/alerts/destinations', { name: 'd', kind: 'slack', url: 'https://hooks.example.com/x', channel: '#a' }],
      ] as const) {
        const res = await post(path, body);
        expect([path, res.status]).toEqual([path, 400]);
        expect((await json<{ error: { code: string } }>(res)).error.code).toBe('unknown_field');
      }
    });
  });

  describe('guardrails', () => {
    let key = '';
    let guardrailId = '';

    beforeAll(async () => {
      const created = await e2e.createKey({ name: 'guarded', org_id: 'org-guard' });
      key = created.key;
      const res = await post('/api/v1/guardrails', {
        name: 'pii',
        scope: 'key',
        scope_id: created.data.id,
        prompt: [
          { detector: 'email', action: 'mask' },
          { detector: 'phone', action: 'mask' },
          { detector: 'card_number', action: 'block' },
          { detector: 'regex', name: 'ticket', pattern: 'tkt-[0-9]{4}', case_insensitive: true, action: 'mask' },
        ],
        response: [{ name: 'latin', words: ['dolor sit'], action: 'redact' }],
      });
      expect(res.status).toBe(201);
      guardrailId = (await json<{ data: { id: string } }>(res)).data.id;
    });

    it('masks PII before it leaves: the provider sees placeholders, the generation records counts', async () => {
      const reply = await e2e.client(key).chat.completions.create({
        model: 'openai/gpt-4o-mini',
        messages: [
          { role: 'system', content: 'Support agent for ops@corp.example' },
          { role: 'user', content: 'Mail jane.doe@example.com or call +44 20 7946 0958 about TKT-1234' },
        ],
      });
      const seen = await lastSimulatorBody();
      expect(seen).not.toContain('example.com');
      expect(seen).not.toContain('7946');
      expect(seen).toContain('Mail [EMAIL] or call [PHONE] about [TICKET]');
      expect(seen).toContain('Support agent for [EMAIL]');
      const record = await generation(key, reply.id);
      expect(record.guardrails).toEqual(
        expect.arrayContaining([
          { guardrailId, rule: 'email', stage: 'prompt', action: 'mask', count: 2 },
          { guardrailId, rule: 'phone', stage: 'prompt', action: 'mask', count: 1 },
          { guardrailId, rule: 'ticket', stage: 'prompt', action: 'mask', count: 1 },
        ]),
      );
      expect(JSON.stringify(record)).not.toContain('jane.doe');
    });

    it('blocks a card number with a 400 naming the rule, not the number, and nothing reaches a provider', async () => {
      const before = await lastSimulatorBody();
      const response = await fetch(`${e2e.gatewayUrl}/api/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'my card is 4111 1111 1111 1111' }] }),
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('x-should-retry')).toBe('false');
      const { error } = await json<{ error: { code: string; message: string; metadata: { rule: string } } }>(response);
      expect(error).toMatchObject({ code: 'guardrail_blocked', metadata: { rule: 'card_number' } });
      expect(error.message).toContain("rule 'card_number'");
      expect(error.message).not.toContain('4111');
      expect(await lastSimulatorBody()).toBe(before);
      const id = response.headers.get('x-request-id')!;
      expect(await generation(key, id)).toMatchObject({ status: 'error', error: { code: 'guardrail_blocked' }, total_cost: 0, guardrails: [{ rule: 'card_number', action: 'block', count: 1 }] });
      const flagged = await json<{ data: Array<{ id: string }> }>(await e2e.admin('/api/v1/analytics/requests?org_id=org-guard&guardrail_rule=card_number'));
      expect(flagged.data.map((row) => row.id)).toEqual([id]);
    });

    it('applies to the Responses, Messages, legacy completions and embeddings APIs too', async () => {
      const mail = 'write to jane.doe@example.com';
      const client = e2e.client(key);
      await client.responses.create({ model: 'openai/gpt-4o-mini', input: mail });
      expect(await lastSimulatorBody()).toContain('write to [EMAIL]');
      await fetch(`${e2e.gatewayUrl}/api/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': key, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({ model: 'openai/gpt-4o-mini', max_tokens: 20, messages: [{ role: 'user', content: mail }] }),
      });
      expect(await lastSimulatorBody()).toContain('write to [EMAIL]');
      await client.completions.create({ model: 'openai/gpt-4o-mini', prompt: mail });
      expect(await lastSimulatorBody()).toContain('write to [EMAIL]');
      const blocked = await client.embeddings.create({ model: 'openai/text-embedding-3-small', input: 'card 4111 1111 1111 1111' }).catch((error: InstanceType<typeof OpenAI.APIError>) => error);
      expect(blocked).toMatchObject({ status: 400, code: 'guardrail_blocked' });
    });

    it('redacts a response deny-list match, and stops a stream at it with an error event', async () => {
      const client = e2e.client(key);
      const whole = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
      expect(whole.choices[0]!.message.content).toContain('Lorem ipsum [REDACTED] amet');
      const stream = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hi' }] });
      let text = '';
      const failure = await (async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      })().then(
        () => null,
        (error: Error) => error,
      );
      expect(failure).toBeInstanceOf(OpenAI.APIError);
      expect(failure!.message).toContain("rule 'latin'");
      expect(text.startsWith('Lorem ipsum')).toBe(true);
      expect(text).not.toContain('dolor sit');
    });
  });

  /** Every route of the two admin APIs with a management key of one organisation: statuses, bodies and the audit trail. */
  describe('the guardrails and alerts admin API', () => {
    const ORG = 'org-crud';
    let manage: (path: string, init?: RequestInit) => Promise<Response>;
    let managerKeyId = '';
    let foreignKeyId = '';
    const call = async (path: string, method = 'GET', body?: unknown) => {
      const res = await manage(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      return { status: res.status, body: await json<any>(res) };
    };
    const audited = async (targetId: string) => {
      const { data } = await json<{ data: Array<Record<string, unknown>> }>(await e2e.admin(`/api/v1/audit-logs?org_id=${ORG}&limit=500`));
      return data.filter((entry) => entry.targetId === targetId).reverse();
    };
    const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);

    beforeAll(async () => {
      const manager = await e2e.createKey({ name: 'crud manager', kind: 'management', org_id: ORG });
      managerKeyId = manager.data.id as string;
      foreignKeyId = (await e2e.createKey({ name: 'elsewhere', org_id: 'org-crud-other' })).data.id as string;
      manage = (path, init = {}) =>
        fetch(`${e2e.gatewayUrl}${path}`, { ...init, headers: { authorization: `Bearer ${manager.key}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
    });

    it('creates, lists, reads, updates and deletes guardrails in its own organisation only, auditing each change', async () => {
      const prompt = [{ detector: 'email', action: 'mask' }];
      const created = await call('/api/v1/guardrails', 'POST', { name: 'crud', scope: 'organization', scope_id: ORG, prompt });
      expect(created.status).toBe(201);
      const view = created.body.data;
      expect(created.body).toEqual({
        data: { id: expect.any(String), org_id: ORG, name: 'crud', scope: 'organization', scope_id: ORG, prompt: [expect.objectContaining({ detector: 'email', action: 'mask' })], response: [], enabled: true, created_at: ISO, updated_at: ISO },
      });
      expect(await call('/api/v1/guardrails', 'POST', { name: 'grab', scope: 'key', scope_id: foreignKeyId, prompt })).toMatchObject({ status: 404, body: { error: { code: 'scope_not_found', param: 'scope_id' } } });
      expect(await call('/api/v1/guardrails', 'POST', { name: 'empty', scope: 'organization', scope_id: ORG })).toMatchObject({ status: 400 });
      const theirs = await json<{ data: { id: string } }>(await post('/api/v1/guardrails', { name: 'theirs', scope: 'key', scope_id: foreignKeyId, prompt }));

      expect(await call('/api/v1/guardrails')).toEqual({ status: 200, body: { data: [view] } });
      expect((await json<{ data: Array<{ id: string }> }>(await e2e.admin('/api/v1/guardrails'))).data.map((g) => g.id)).toEqual(expect.arrayContaining([view.id, theirs.data.id]));
      expect(await call(`/api/v1/guardrails/${view.id}`)).toEqual({ status: 200, body: { data: view } });
      expect(await call(`/api/v1/guardrails/${theirs.data.id}`)).toMatchObject({ status: 404, body: { error: { code: 'guardrail_not_found', message: `No guardrail '${theirs.data.id}'` } } });

      const updated = await call(`/api/v1/guardrails/${view.id}`, 'PATCH', { name: 'renamed', enabled: false });
      expect(updated).toEqual({ status: 200, body: { data: { ...view, name: 'renamed', enabled: false, updated_at: ISO } } });
      expect(await call(`/api/v1/guardrails/${view.id}`, 'PATCH', { scope: 'team' })).toMatchObject({ status: 400 });
      expect(await call(`/api/v1/guardrails/${theirs.data.id}`, 'PATCH', { enabled: false })).toMatchObject({ status: 404, body: { error: { code: 'guardrail_not_found' } } });
      expect(await call(`/api/v1/guardrails/${theirs.data.id}`, 'DELETE')).toMatchObject({ status: 404 });
      expect(await call(`/api/v1/guardrails/${view.id}`, 'DELETE')).toEqual({ status: 200, body: { deleted: true, id: view.id } });
      expect(await call(`/api/v1/guardrails/${view.id}`, 'DELETE')).toMatchObject({ status: 404, body: { error: { code: 'guardrail_not_found' } } });

      const actor = `key:${managerKeyId}`;
      expect(await audited(view.id)).toEqual([
        expect.objectContaining({ actor, action: 'guardrail.create', targetType: 'guardrail', orgId: ORG, before: null, after: view }),
        expect.objectContaining({ actor, action: 'guardrail.update', targetType: 'guardrail', orgId: ORG, before: view, after: updated.body.data }),
        expect.objectContaining({ actor, action: 'guardrail.delete', targetType: 'guardrail', orgId: ORG, before: updated.body.data, after: null }),
      ]);
    });

    it('creates, lists, updates and deletes alert destinations and rules in its own organisation only, auditing each change', async () => {
      const hook = await call('/api/v1/alerts/destinations', 'POST', { name: 'hook', kind: 'webhook', url: `${hookBase}/crud` });
      expect(hook).toEqual({
        status: 201,
        body: { data: { id: expect.any(String), org_id: ORG, name: 'hook', kind: 'webhook', url: `${hookBase}/crud`, signed: true, created_at: ISO }, secret: expect.stringMatching(/^whsec_/) },
      });
      const slack = await call('/api/v1/alerts/destinations', 'POST', { name: 'chat', kind: 'slack', url: `${hookBase}/services/T0/B0/secret` });
      expect(slack).toEqual({ status: 201, body: { data: { id: expect.any(String), org_id: ORG, name: 'chat', kind: 'slack', url: `${hookBase}/…`, signed: false, created_at: ISO } } });
      expect(await call('/api/v1/alerts/destinations', 'POST', { name: 'x', kind: 'webhook', url: `${hookBase}/x`, org_id: 'org-crud-other' })).toMatchObject({ status: 404, body: { error: { code: 'org_not_found', param: 'org_id' } } });
      const foreign = await json<{ data: { id: string } }>(await post('/api/v1/alerts/destinations', { name: 'b', kind: 'webhook', url: `${hookBase}/b`, org_id: 'org-crud-other' }));
      expect(await call('/api/v1/alerts/destinations')).toEqual({ status: 200, body: { data: [hook.body.data, slack.body.data] } });
      expect(await call('/api/v1/alerts/destinations?org_id=org-crud-other')).toMatchObject({ status: 404, body: { error: { code: 'org_not_found' } } });

      const ruleBody = { name: 'slow', type: 'latency', threshold: 800, destination_ids: [hook.body.data.id, hook.body.data.id, slack.body.data.id] };
      const rule = await call('/api/v1/alerts/rules', 'POST', ruleBody);
      expect(rule).toEqual({
        status: 201,
        body: {
          data: {
            id: expect.any(String), org_id: ORG, name: 'slow', type: 'latency', destination_ids: [hook.body.data.id, slack.body.data.id], endpoint_id: null,
            threshold: 800, percentile: 95, window_seconds: 300, min_requests: 20, enabled: true, created_at: ISO,
          },
        },
      });
      expect(await call('/api/v1/alerts/rules', 'POST', { ...ruleBody, destination_ids: [foreign.data.id] })).toMatchObject({ status: 404, body: { error: { code: 'destination_not_found', param: 'destination_ids' } } });
      const theirs = await json<{ data: { id: string } }>(await post('/api/v1/alerts/rules', { name: 'b', type: 'breaker_open', destination_ids: [foreign.data.id], org_id: 'org-crud-other' }));
      expect(await call('/api/v1/alerts/rules')).toEqual({ status: 200, body: { data: [rule.body.data] } });

      const paused = await call(`/api/v1/alerts/rules/${rule.body.data.id}`, 'PATCH', { enabled: false });
      expect(paused).toEqual({ status: 200, body: { data: { ...rule.body.data, enabled: false } } });
      expect(await call(`/api/v1/alerts/rules/${rule.body.data.id}`, 'PATCH', { name: 'renamed' })).toMatchObject({ status: 400 });
      expect(await call(`/api/v1/alerts/rules/${theirs.data.id}`, 'PATCH', { enabled: false })).toMatchObject({ status: 404, body: { error: { code: 'rule_not_found', message: `No alert rule '${theirs.data.id}'` } } });
      expect(await call(`/api/v1/alerts/destinations/${hook.body.data.id}`, 'DELETE')).toMatchObject({
        status: 409,
        body: { error: { code: 'destination_in_use', message: `Alert destination '${hook.body.data.id}' is used by 1 rule(s); delete or change them first` } },
      });
      expect(await call(`/api/v1/alerts/destinations/${foreign.data.id}`, 'DELETE')).toMatchObject({ status: 404, body: { error: { code: 'destination_not_found' } } });
      expect(await call(`/api/v1/alerts/rules/${theirs.data.id}`, 'DELETE')).toMatchObject({ status: 404 });
      expect(await call(`/api/v1/alerts/rules/${rule.body.data.id}`, 'DELETE')).toEqual({ status: 200, body: { deleted: true, id: rule.body.data.id } });
      expect(await call(`/api/v1/alerts/rules/${rule.body.data.id}`, 'DELETE')).toMatchObject({ status: 404, body: { error: { code: 'rule_not_found' } } });
      expect(await call(`/api/v1/alerts/destinations/${hook.body.data.id}`, 'DELETE')).toEqual({ status: 200, body: { deleted: true, id: hook.body.data.id } });
      expect(await call('/api/v1/alerts/destinations')).toEqual({ status: 200, body: { data: [slack.body.data] } });
      expect(await call('/api/v1/alerts/events?limit=5')).toEqual({ status: 200, body: { data: [] } });
      expect(await call('/api/v1/alerts/events?limit=0')).toMatchObject({ status: 400 });

      const actor = `key:${managerKeyId}`;
      expect(await audited(hook.body.data.id)).toEqual([
        expect.objectContaining({ actor, action: 'alert_destination.create', targetType: 'alert_destination', orgId: ORG, before: null, after: hook.body.data }),
        expect.objectContaining({ actor, action: 'alert_destination.delete', targetType: 'alert_destination', orgId: ORG, before: hook.body.data, after: null }),
      ]);
      expect(await audited(rule.body.data.id)).toEqual([
        expect.objectContaining({ actor, action: 'alert_rule.create', targetType: 'alert_rule', orgId: ORG, before: null, after: rule.body.data }),
        expect.objectContaining({ actor, action: 'alert_rule.update', targetType: 'alert_rule', orgId: ORG, before: rule.body.data, after: paused.body.data }),
        expect.objectContaining({ actor, action: 'alert_rule.delete', targetType: 'alert_rule', orgId: ORG, before: paused.body.data, after: null }),
      ]);
    });
  });

  describe('alerts', () => {
    it('delivers an error-rate spike and the breaker opening signed to a webhook and in Slack format, once per window', async () => {
      const hook = await json<{ data: { id: string }; secret: string }>(await post('/api/v1/alerts/destinations', { name: 'pager', kind: 'webhook', url: `${hookBase}/pager`, org_id: 'org-alerts' }));
      const slack = await json<{ data: { id: string } }>(await post('/api/v1/alerts/destinations', { name: 'ops', kind: 'slack', url: `${hookBase}/slack`, org_id: 'org-alerts' }));
      const rule = await post('/api/v1/alerts/rules', {
        name: 'solo failing', type: 'error_rate', endpoint_id: 'primary:acme/solo', threshold: 0.5, min_requests: 3, window_seconds: 300,
        destination_ids: [hook.data.id, slack.data.id], org_id: 'org-alerts',
      });
      expect(rule.status).toBe(201);
      const breakers = await post('/api/v1/alerts/rules', { name: 'breakers', type: 'breaker_open', endpoint_id: 'primary:acme/solo', destination_ids: [hook.data.id], org_id: 'org-alerts' });
      expect(breakers.status).toBe(201);
      const { key } = await e2e.createKey({ name: 'alerting', org_id: 'org-alerts' });
      await new Promise((r) => setTimeout(r, 5_200)); // analytics' rule cache
      for (let i = 0; i < 4; i += 1) {
        await fetch(`${e2e.gatewayUrl}/api/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'acme/solo', messages: [{ role: 'user', content: `fail ${i} [sim:status=503]` }] }),
        }).then((res) => res.text());
      }
      // Eight failed attempts (each request retries the only provider once): the fifth opens its breaker.
      const pager = (type: string) => received.filter((r) => r.path === '/pager' && (JSON.parse(r.body) as { type: string }).type === type);
      const [delivery] = await eventually(async () => (pager('endpoint.error_rate').length ? pager('endpoint.error_rate') : undefined), 20_000);
      expect(verifySignature(hook.secret, delivery!.body, delivery!.signature)).toBe(true);
      expect(JSON.parse(delivery!.body)).toMatchObject({ type: 'endpoint.error_rate', org_id: 'org-alerts', data: { endpoint_id: 'primary:acme/solo' } });
      const [breaker] = await eventually(async () => (pager('endpoint.breaker_open').length ? pager('endpoint.breaker_open') : undefined), 20_000);
      expect(verifySignature(hook.secret, breaker!.body, breaker!.signature)).toBe(true);
      expect(JSON.parse(breaker!.body)).toMatchObject({ data: { endpoint_id: 'primary:acme/solo', provider_id: 'primary', failures: 5 } });
      const message = JSON.parse((await eventually(async () => received.find((r) => r.path === '/slack'), 20_000)).body) as { text: string; blocks: Array<{ type: string }> };
      expect(message.text).toMatch(/^Error rate spike: primary:acme\/solo/);
      expect(message.blocks[0]).toMatchObject({ type: 'header' });
      await new Promise((r) => setTimeout(r, 2_000));
      expect(pager('endpoint.error_rate')).toHaveLength(1);
      expect(pager('endpoint.breaker_open')).toHaveLength(1);
      const events = await json<{ data: Array<{ type: string }> }>(await e2e.admin('/api/v1/alerts/events?org_id=org-alerts'));
      expect(events.data.map((event) => event.type).sort()).toEqual(['endpoint.breaker_open', 'endpoint.error_rate']);
    });

    it('refuses a rule without a threshold, a foreign destination and a webhook to a metadata address', async () => {
      const bad = await post('/api/v1/alerts/rules', { name: 'x', type: 'latency', destination_ids: ['nope'] });
      expect((await json<{ error: { param: string } }>(bad)).error.param).toBe('threshold');
      const foreign = await post('/api/v1/alerts/rules', { name: 'x', type: 'breaker_open', destination_ids: ['nope'] });
      expect(foreign.status).toBe(404);
      const metadata = await post('/api/v1/alerts/destinations', { name: 'm', kind: 'webhook', url: 'http://169.254.169.254/latest' });
      expect((await json<{ error: { code: string } }>(metadata)).error.code).toBe('webhook_url_not_allowed');
    });
  });
});
