import { createServer } from 'node:http';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { SIGNATURE_HEADER, verifySignature } from '@alltokens/alerts';
import { RedisKeys } from '@alltokens/contracts';
import { launchAll, stackSpecs } from '@alltokens/stack';
import { eventually } from '../support/eventually';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';

jest.setTimeout(120_000);

const body = (content: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ model: 'openai/gpt-4o-mini', max_tokens: 50, messages: [{ role: 'user', content }], ...extra });

describe('budgets, credits and rate limits hold under concurrency', () => {
  let e2e: E2eStack;
  let db: Client;
  const redis = new Redis('redis://127.0.0.1:6379');

  const chat = (key: string, payload: string) =>
    fetch(`${e2e.gatewayUrl}/api/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: payload });
  const ledgerSum = async (column: 'key_id' | 'org_id', id: string) =>
    Number((await db.query(`SELECT coalesce(sum(amount_usd), 0)::float8 AS s FROM ledger_entries WHERE ${column} = $1`, [id])).rows[0].s);
  const reservedTotal = async () => {
    const keys = (await redis.keys(new RedisKeys(e2e.env.ALLTOKENS_PREFIX).inSlot('budget', '*'))).filter((key) => !key.includes(':resv'));
    let total = 0;
    for (const key of keys) total += Number((await redis.hget(key, 'reserved')) ?? 0);
    return total;
  };

  beforeAll(async () => {
    e2e = await startE2eStack('budgets');
    db = new Client({ connectionString: e2e.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    redis.disconnect();
    await e2e?.stop();
  });

  it('200 concurrent requests never spend past a small key limit, and reservations return to zero', async () => {
    const { key, data } = await e2e.createKey({ name: 'small', limit: 0.002 });
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => chat(key, body(`burst ${i}`))));
    const statuses = results.map((r) => r.status);
    const refused = results.filter((r) => r.status === 402);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(10);
    expect(refused.length).toBeGreaterThan(10);
    expect(statuses.every((s) => s === 200 || s === 402)).toBe(true);
    expect(refused[0]!.headers.get('x-should-retry')).toBe('false');
    expect(((await refused[0]!.json()) as { error: { code: string } }).error.code).toBe('key_limit_exceeded');
    await Promise.all(results.map((r) => r.text().catch(() => '')));
    await eventually(async () => ((await db.query('SELECT count(*)::int AS n FROM generations WHERE key_id = $1', [data.id])).rows[0].n === statuses.filter((s) => s === 200).length ? true : undefined), 20_000);
    expect(await ledgerSum('key_id', String(data.id))).toBeLessThanOrEqual(0.002);
    await eventually(async () => ((await reservedTotal()) === 0 ? true : undefined), 10_000);
  });

  it('a failed request gives its reservation back at once', async () => {
    const { key } = await e2e.createKey({ name: 'failing', limit: 1 });
    const res = await chat(key, body('fail [sim:status=400]'));
    expect(res.status).toBe(400);
    await eventually(async () => ((await reservedTotal()) === 0 ? true : undefined), 5_000);
  });

  it('organisation budgets and prepaid credits answer 402 naming the limit', async () => {
    const { key } = await e2e.createKey({ name: 'org-a', org_id: 'org-budget' });
    const budget = await e2e.admin('/api/v1/budgets', { method: 'POST', body: JSON.stringify({ scope: 'organization', scope_id: 'org-budget', amount: 0.00001, period: 'daily' }) });
    expect(budget.status).toBe(201);
    const refused = await chat(key, body('too much'));
    expect(refused.status).toBe(402);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('org_budget_exceeded');

    const { key: prepaid } = await e2e.createKey({ name: 'prepaid', org_id: 'org-credits' });
    const topUp = await e2e.admin('/api/v1/credits', { method: 'POST', body: JSON.stringify({ org_id: 'org-credits', amount: 0.001 }) });
    expect(((await topUp.json()) as { data: { total_credits: number } }).data.total_credits).toBe(0.001);
    expect((await chat(prepaid, body('paid'))).status).toBe(200);
    const credits = await eventually(async () => {
      const res = await fetch(`${e2e.gatewayUrl}/api/v1/credits`, { headers: { authorization: `Bearer ${prepaid}` } });
      const data = ((await res.json()) as { data: { total_credits: number; total_usage: number } }).data;
      return data.total_usage > 0 ? data : undefined;
    });
    expect(credits.total_credits).toBe(0.001);
    const huge = await chat(prepaid, body('huge', { max_tokens: 100_000 }));
    expect(huge.status).toBe(402);
    expect(((await huge.json()) as { error: { code: string } }).error.code).toBe('insufficient_credits');
  });

  it('fires each soft threshold webhook once per period, signed with the secret returned at creation', async () => {
    const received: Array<{ event: { type: string; data: { threshold: number; budget_id: string } }; signature: string; body: string }> = [];
    const hook = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => {
        received.push({ event: JSON.parse(text), signature: String(req.headers[SIGNATURE_HEADER]), body: text });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(hook.address() as { port: number }).port}/hook`;
    try {
      const { key, data } = await e2e.createKey({ name: 'alerts' });
      const created = await e2e.admin('/api/v1/budgets', { method: 'POST', body: JSON.stringify({ scope: 'key', scope_id: data.id, amount: 0.0002, period: 'monthly', thresholds: [25, 50], webhook_url: url }) });
      expect(created.status).toBe(201);
      const { data: budget, webhook_secret: secret } = (await created.json()) as { data: { id: string; webhook_signed: boolean }; webhook_secret: string };
      expect(budget.webhook_signed).toBe(true);
      expect(secret).toMatch(/^whsec_/);
      for (let i = 0; i < 12; i += 1) {
        await (await chat(key, body(`spend ${i}`, { max_tokens: 20 }))).text();
        await new Promise((r) => setTimeout(r, 150));
      }
      await eventually(async () => (received.length >= 2 ? true : undefined), 10_000);
      await new Promise((r) => setTimeout(r, 1200));
      expect(received.map(({ event }) => event.data.threshold).sort((a, b) => a - b)).toEqual([25, 50]);
      expect(received.every(({ event }) => event.type === 'budget.threshold' && event.data.budget_id === budget.id)).toBe(true);
      expect(received.every(({ body, signature }) => verifySignature(secret, body, signature))).toBe(true);
    } finally {
      hook.close();
    }
  });

  it('rate limits per key: headers on success, 429 with retry-after past the limit', async () => {
    const { key } = await e2e.createKey({ name: 'limited', rate_limits: { requests_per_minute: 3, tokens_per_minute: 100_000 } });
    const ok = await chat(key, body('one'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-ratelimit-limit-requests')).toBe('3');
    expect(ok.headers.get('x-ratelimit-remaining-requests')).toBe('2');
    expect(ok.headers.get('x-ratelimit-limit-tokens')).toBe('100000');
    expect(ok.headers.get('x-ratelimit-reset-requests')).toMatch(/^\d+s$/);
    await chat(key, body('two'));
    await chat(key, body('three'));
    const limited = await chat(key, body('four'));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limit_exceeded');
  });

  it('shares team rate limits and team budgets across the team’s keys', async () => {
    const created = await e2e.admin('/api/v1/teams', { method: 'POST', body: JSON.stringify({ name: 'search', rate_limits: { requests_per_minute: 2 } }) });
    expect(created.status).toBe(201);
    const team = ((await created.json()) as { data: { id: string } }).data;
    const first = await e2e.createKey({ name: 'team-1', team_id: team.id });
    const second = await e2e.createKey({ name: 'team-2', team_id: team.id });
    expect((await chat(first.key, body('a'))).status).toBe(200);
    expect((await chat(second.key, body('b'))).status).toBe(200);
    const limited = await chat(first.key, body('c'));
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: { message: string } }).error.message).toContain('for this team');

    const other = await e2e.admin('/api/v1/teams', { method: 'POST', body: JSON.stringify({ name: 'ads' }) });
    const adsTeam = ((await other.json()) as { data: { id: string } }).data;
    const ads = await e2e.createKey({ name: 'ads-1', team_id: adsTeam.id });
    await e2e.admin('/api/v1/budgets', { method: 'POST', body: JSON.stringify({ scope: 'team', scope_id: adsTeam.id, amount: 0.00001, period: 'weekly' }) });
    const refused = await chat(ads.key, body('too much for the team'));
    expect(refused.status).toBe(402);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('team_budget_exceeded');
    const unknownTeam = await e2e.admin('/api/v1/keys', { method: 'POST', body: JSON.stringify({ name: 'x', team_id: 'nope' }) });
    expect(unknownTeam.status).toBe(404);
  });

  it('loses nothing and duplicates nothing when analytics is killed during a burst and restarted', async () => {
    const { key, data } = await e2e.createKey({ name: 'burst' });
    const analytics = e2e.stack.service('analytics');
    const burst = Promise.all(Array.from({ length: 60 }, (_, i) => chat(key, body(`during ${i}`)).then((r) => r.text().then(() => r.status))));
    await new Promise((r) => setTimeout(r, 50));
    await analytics.stop('SIGKILL');
    const statuses = await burst;
    expect(statuses.every((s) => s === 200)).toBe(true);
    const spec = stackSpecs({ env: e2e.env, ports: { gateway: 0, router: 0, analytics: Number(new URL(analytics.spec.readyUrl).port), simulators: [] } }).find((s) => s.name === 'analytics')!;
    const [restarted] = await launchAll([spec], { root: join(__dirname, '../..'), logs: { dir: e2e.logDir } });
    try {
      await eventually(async () => ((await db.query('SELECT count(*)::int AS n FROM generations WHERE key_id = $1', [data.id])).rows[0].n === 60 ? true : undefined), 60_000);
      const ledger = await db.query('SELECT count(*)::int AS n, count(DISTINCT generation_id)::int AS d FROM ledger_entries WHERE key_id = $1', [data.id]);
      expect(ledger.rows[0]).toEqual({ n: 60, d: 60 });
      const usage = Number((await db.query('SELECT usage_usd::float8 AS u FROM api_keys WHERE id = $1', [data.id])).rows[0].u);
      expect(usage).toBeCloseTo(await ledgerSum('key_id', String(data.id)), 9);
    } finally {
      await restarted!.stop();
    }
  });
});
