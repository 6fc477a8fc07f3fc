import { RedisKeys } from '@alltokens/contracts';
import Redis from 'ioredis';
import { Client } from 'pg';
import { eventually } from '../support/eventually';
import { SIM_KEY, startChaosStack, type ChaosStack } from './support/chaos-stack';
import { report } from './support/figures';

jest.setTimeout(240_000);

/** $100 / $400 per million tokens: a request capped at 100 output tokens may cost $0.04, so ≈ 25 fit in $1. */
const pricey = ([primary]: number[]) => `providers:
  - id: primary
    base_url: http://127.0.0.1:${primary}/v1
    api_key: ${SIM_KEY}
    models:
      - model: acme/pricey
        pricing: { prompt: 100, completion: 400 }
models:
  - { id: acme/pricey, name: "Acme: Pricey", context_length: 128000 }
`;

const body = (content: string, maxTokens = 100) => JSON.stringify({ model: 'acme/pricey', max_tokens: maxTokens, messages: [{ role: 'user', content }] });

describe('budget race: concurrent requests never spend past a limit, on one gateway or three', () => {
  let chaos: ChaosStack;
  let db: Client;
  let redis: Redis;

  beforeAll(async () => {
    chaos = await startChaosStack('budget', { gateways: 3, catalog: pricey });
    db = new Client({ connectionString: chaos.databaseUrl });
    await db.connect();
    redis = new Redis(chaos.redisUrl);
  });
  afterAll(async () => {
    await db?.end();
    redis?.disconnect();
    await chaos?.stop();
  });

  const chat = (gateway: string, key: string, payload: string) =>
    fetch(`${gateway}/api/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: payload });
  const reserved = async () => {
    let total = 0;
    // The slot also holds reservation records (strings) and their expiry index (a sorted set).
    for (const key of await redis.keys(new RedisKeys(chaos.prefix).inSlot('budget', '*'))) {
      if ((await redis.type(key)) === 'hash') total += Number((await redis.hget(key, 'reserved')) ?? 0);
    }
    return total;
  };

  for (const gateways of [1, 3]) {
    it(`200 concurrent requests against a $1 key limit through ${gateways} gateway(s)`, async () => {
      const { key, id } = await chaos.createKey({ name: `race-${gateways}`, limit: 1 });
      const urls = chaos.gatewayUrls.slice(0, gateways);
      const started = Date.now();
      const results = await Promise.all(
        Array.from({ length: 200 }, async (_, i) => {
          const res = await chat(urls[i % urls.length]!, key, body(`race ${i} [sim:chars=400]`));
          return { status: res.status, text: await res.text() };
        }),
      );
      const served = results.filter((r) => r.status === 200).length;
      const refused = results.filter((r) => r.status === 402);
      expect(results.every((r) => r.status === 200 || r.status === 402)).toBe(true);
      expect(served).toBeGreaterThan(5);
      expect(JSON.parse(refused[0]!.text).error.code).toBe('key_limit_exceeded');
      await eventually(async () => ((await db.query('SELECT count(*)::int AS n FROM generations WHERE key_id = $1', [id])).rows[0].n === served ? true : undefined), 30_000);
      const spent = Number((await db.query('SELECT coalesce(sum(amount_usd), 0)::float8 AS s FROM ledger_entries WHERE key_id = $1', [id])).rows[0].s);
      await eventually(async () => ((await reserved()) === 0 ? true : undefined), 15_000);
      report(`budget-race-${gateways}gw`, { requests: 200, served, refused: refused.length, spent_usd: spent.toFixed(4), limit_usd: 1, overshoot_usd: Math.max(0, spent - 1).toFixed(4), reserved_after: 0, ms: Date.now() - started });
      // Every request holds its maximum cost before dispatch, so even in-flight requests cannot push spend past the limit.
      expect(spent).toBeLessThanOrEqual(1);
      expect(spent).toBeGreaterThan(0.5);
    });
  }

  it('a key whose limit is smaller than one request\'s maximum cost gets a 402 that explains the reservation', async () => {
    const { key } = await chaos.createKey({ name: 'tiny', limit: 0.01 });
    const res = await chat(chaos.gatewayUrl, key, body('one', 1000));
    expect(res.status).toBe(402);
    expect(res.headers.get('x-should-retry')).toBe('false');
    const { error } = (await res.json()) as { error: { code: string; message: string; metadata?: Record<string, unknown> } };
    report('budget-too-small', { status: 402, code: error.code, message: JSON.stringify(error.message) });
    expect(error.code).toBe('key_limit_exceeded');
    expect(error.message).toMatch(/up to \$0\.4\d*/);
    expect(error.message).toMatch(/max_tokens/);
    expect(error.message).toMatch(/limit of \$0\.01/);
  });
});
