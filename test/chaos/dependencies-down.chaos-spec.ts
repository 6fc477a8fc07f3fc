import { RedisKeys } from '@alltokens/contracts';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { eventually } from '../support/eventually';
import { startChaosStack, type ChaosStack } from './support/chaos-stack';
import { FULL, report, sleep } from './support/figures';
import { send } from './support/load';

const ANALYTICS_DOWN_MS = FULL ? 30_000 : 3_000;
const POSTGRES_DOWN_MS = FULL ? 60_000 : 5_000;
jest.setTimeout(FULL ? 600_000 : 240_000);

interface Burst {
  ids: string[];
  statuses: number[];
}

describe('dependencies down: analytics killed, Postgres stopped, Redis restarted; no usage row lost or duplicated', () => {
  let chaos: ChaosStack;
  /** A pool, so the assertions' own connections come back after Postgres restarts. */
  let db: Pool;

  beforeAll(async () => {
    chaos = await startChaosStack('deps');
    db = new Pool({ connectionString: chaos.databaseUrl, max: 2 });
    db.on('error', () => undefined);
  });
  afterAll(async () => {
    await db?.end().catch(() => undefined);
    await chaos?.stop();
  });

  /** Eight clients sending short chat requests until `fault` has run its course. */
  async function burst(key: string, label: string, fault: () => Promise<void>): Promise<Burst> {
    const result: Burst = { ids: [], statuses: [] };
    let running = true;
    const clients = Array.from({ length: 8 }, async (_, worker) => {
      for (let i = 0; running; i += 1) {
        const outcome = await send(chaos.gatewayUrl, { key, body: { model: 'openai/gpt-4o-mini', max_tokens: 20, messages: [{ role: 'user', content: `${label} ${worker}/${i} [sim:latency=20]` }] } });
        result.statuses.push(outcome.status);
        if (outcome.status === 200) result.ids.push((JSON.parse(outcome.text) as { id: string }).id);
        else await sleep(50);
      }
    });
    await sleep(500);
    await fault();
    await sleep(500);
    running = false;
    await Promise.all(clients);
    return result;
  }

  /** Waits for every served request's usage row and checks nothing was billed twice (Redis counter = ledger). */
  async function accounted(keyId: string, served: Burst) {
    const missing = () => db.query('SELECT count(*)::int AS n FROM unnest($1::text[]) AS id WHERE id NOT IN (SELECT id FROM generations)', [served.ids]).then((r) => r.rows[0].n as number);
    const lost = await eventually(async () => ((await missing()) === 0 ? 0 : undefined), 90_000, 500).catch(missing);
    const rows = (await db.query('SELECT count(*)::int AS n FROM generations WHERE key_id = $1', [keyId])).rows[0].n as number;
    const ledger = (await db.query('SELECT count(*)::int AS n, count(DISTINCT generation_id)::int AS d, coalesce(sum(amount_usd), 0)::text AS s FROM ledger_entries WHERE key_id = $1', [keyId])).rows[0];
    return { lost, rows, ledgerRows: ledger.n as number, duplicated: (ledger.n as number) - (ledger.d as number), ledgerNano: Math.round(Number(ledger.s) * 1e9) };
  }

  async function spentCounter(keyId: string): Promise<number> {
    const redis = new Redis(chaos.redisUrl);
    try {
      let spent = 0;
      for (const budgetKey of await redis.keys(new RedisKeys(chaos.prefix).inSlot('budget', `key-limit:${keyId}`, '*'))) spent += Number((await redis.hget(budgetKey, 'spent')) ?? 0);
      return spent;
    } finally {
      redis.disconnect();
    }
  }

  it(`SIGKILL analytics mid-burst, restart it after ${ANALYTICS_DOWN_MS / 1000} s`, async () => {
    const { key, id } = await chaos.createKey({ name: 'analytics-kill', limit: 1000 });
    const served = await burst(key, 'analytics', async () => {
      await chaos.service('analytics').stop('SIGKILL');
      await sleep(ANALYTICS_DOWN_MS);
      await chaos.restart('analytics');
    });
    const books = await accounted(id, served);
    const counter = await eventually(async () => {
      const spent = await spentCounter(id);
      return spent === books.ledgerNano ? spent : undefined;
    }, 30_000, 250).catch(() => spentCounter(id));
    report('analytics-sigkill', { down_s: ANALYTICS_DOWN_MS / 1000, requests: served.statuses.length, served: served.ids.length, '5xx': served.statuses.filter((s) => s >= 500).length, usage_rows: books.rows, lost: books.lost, duplicated: books.duplicated, counter_minus_ledger_nano: counter - books.ledgerNano });
    expect(served.statuses.filter((s) => s !== 200)).toEqual([]);
    expect(books.lost).toBe(0);
    expect(books.duplicated).toBe(0);
    expect(books.rows).toBe(served.ids.length);
    expect(counter).toBe(books.ledgerNano);
  });

  it(`Postgres down for ${POSTGRES_DOWN_MS / 1000} s mid-burst`, async () => {
    const { key, id } = await chaos.createKey({ name: 'postgres-down', limit: 1000 });
    // The key is known to the gateway (and its limit loaded) before the database goes.
    expect((await send(chaos.gatewayUrl, { key, body: { model: 'openai/gpt-4o-mini', max_tokens: 5, messages: [{ role: 'user', content: 'warm' }] } })).status).toBe(200);
    const served = await burst(key, 'postgres', async () => {
      await chaos.postgres.stop('fast');
      await sleep(POSTGRES_DOWN_MS);
      await chaos.postgres.start();
    });
    const books = await accounted(id, served);
    report('postgres-down', { down_s: POSTGRES_DOWN_MS / 1000, requests: served.statuses.length, served: served.ids.length, '5xx': served.statuses.filter((s) => s >= 500).length, statuses: [...new Set(served.statuses)].join('/'), usage_rows: books.rows - 1, lost: books.lost, duplicated: books.duplicated });
    expect(served.statuses.filter((s) => s >= 500)).toEqual([]);
    expect(books.lost).toBe(0);
    expect(books.duplicated).toBe(0);
  });

  it('Redis restarted empty mid-burst', async () => {
    const { key, id } = await chaos.createKey({ name: 'redis-restart', limit: 1000 });
    const served = await burst(key, 'redis', async () => {
      await chaos.redis.stop('fast');
      await sleep(1000);
      await chaos.redis.start();
      await sleep(3000);
    });
    const books = await accounted(id, served);
    const after = await send(chaos.gatewayUrl, { key, body: { model: 'openai/gpt-4o-mini', max_tokens: 5, messages: [{ role: 'user', content: 'after' }] } });
    report('redis-restart', { requests: served.statuses.length, served: served.ids.length, refused: served.statuses.filter((s) => s !== 200).length, statuses: [...new Set(served.statuses)].join('/'), usage_rows: books.rows, lost: books.lost, duplicated: books.duplicated, after_restart: after.status });
    expect(after.status).toBe(200);
    // Requests in flight when the reply channel dropped end at once with a 503 (never a hang, never a 500).
    expect(served.statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    expect(books.lost).toBe(0);
    expect(books.duplicated).toBe(0);
  });
});
