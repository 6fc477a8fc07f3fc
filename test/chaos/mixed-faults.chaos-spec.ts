import { RedisKeys, reservationExpiryKey } from '@alltokens/contracts';
import Redis from 'ioredis';
import { Client } from 'pg';
import { eventually } from '../support/eventually';
import { startChaosStack, type ChaosStack } from './support/chaos-stack';
import { FULL, report } from './support/figures';
import { pool, send } from './support/load';

const REQUESTS = FULL ? 1000 : 200;
jest.setTimeout(FULL ? 600_000 : 180_000);

/**
 * Request i's fate, fixed by i so every run is the same: 30 % upstream 500s, 20 % client aborts,
 * 10 % upstream timeouts (a stall past the provider's 1.5 s first-byte timeout), the rest served.
 */
function fate(i: number): 'error' | 'abort' | 'timeout' | 'ok' {
  const slot = (i * 7) % 10;
  return slot < 3 ? 'error' : slot < 5 ? 'abort' : slot < 6 ? 'timeout' : 'ok';
}

const DIRECTIVE = { error: '[sim:status=500]', abort: '[sim:chunks=20 interval=40 latency=300]', timeout: '[sim:stall]', ok: '[sim:chunks=5 interval=10]' };

describe(`mixed faults: ${REQUESTS} requests with upstream 500s, client aborts and timeouts`, () => {
  let chaos: ChaosStack;
  let db: Client;
  let redis: Redis;

  beforeAll(async () => {
    chaos = await startChaosStack('mixed');
    db = new Client({ connectionString: chaos.databaseUrl });
    await db.connect();
    redis = new Redis(chaos.redisUrl);
  });
  afterAll(async () => {
    await db?.end();
    redis?.disconnect();
    await chaos?.stop();
  });

  it('leaves every reservation at 0 and the spend counter equal to the ledger', async () => {
    const { key, id } = await chaos.createKey({ name: 'mixed', limit: 1000 });
    const started = Date.now();
    const outcomes = await pool(REQUESTS, 32, async (i) => {
      const kind = fate(i);
      const outcome = await send(chaos.gatewayUrl, {
        key,
        body: { model: 'openai/gpt-4o-mini', stream: i % 2 === 0, max_tokens: 100, messages: [{ role: 'user', content: `mixed ${i} ${DIRECTIVE[kind]}` }] },
        abortAfterMs: kind === 'abort' ? 100 + ((i * 37) % 1000) : undefined,
      });
      return { kind, ...outcome };
    });
    const count = (predicate: (o: (typeof outcomes)[number]) => boolean) => outcomes.filter(predicate).length;
    const unexpected = outcomes.filter((o) => (o.kind === 'ok' && (o.status !== 200 || (o.text.startsWith('data:') && !o.text.includes('[DONE]')))) || (!o.aborted && o.status === 0));
    expect(unexpected.map((o) => `${o.kind} ${o.status} ${o.text.slice(0, 200)}`)).toEqual([]);
    const sum = async () => {
      let reserved = 0;
      let spent = 0;
      for (const budgetKey of await redis.keys(new RedisKeys(chaos.prefix).inSlot('budget', `key-limit:${id}`, '*'))) {
        reserved += Number((await redis.hget(budgetKey, 'reserved')) ?? 0);
        spent += Number((await redis.hget(budgetKey, 'spent')) ?? 0);
      }
      return { reserved, spent };
    };
    const settled = await eventually(async () => {
      const state = await sum();
      return state.reserved === 0 && (await redis.zcard(reservationExpiryKey(chaos.prefix))) === 0 ? state : undefined;
    }, 60_000, 250);
    const ledger = (await db.query('SELECT count(*)::int AS n, coalesce(sum(amount_usd), 0)::text AS s FROM ledger_entries WHERE key_id = $1', [id])).rows[0];
    const generations = (await db.query('SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM generations WHERE key_id = $1', [id])).rows[0];
    const ledgerNano = Math.round(Number(ledger.s) * 1e9);
    report('mixed-faults', {
      requests: REQUESTS,
      served: count((o) => o.status === 200 && !o.aborted),
      upstream_errors: count((o) => o.kind === 'error'),
      error_statuses: [...new Set(outcomes.filter((o) => o.kind !== 'ok' && !o.aborted).map((o) => o.status))].join('/'),
      aborted: count((o) => o.aborted),
      timeouts: count((o) => o.kind === 'timeout'),
      generations: generations.n,
      ledger_rows: ledger.n,
      reserved_after_nano: settled.reserved,
      counter_minus_ledger_nano: settled.spent - ledgerNano,
      s: ((Date.now() - started) / 1000).toFixed(1),
    });
    expect(generations.n).toBe(generations.d);
    expect(settled.reserved).toBe(0);
    expect(settled.spent).toBe(ledgerNano);
    // Every request the client saw served (and every aborted one that reached the upstream) has its row.
    expect(generations.n).toBeGreaterThanOrEqual(count((o) => o.status === 200 && !o.aborted));
  });
});
