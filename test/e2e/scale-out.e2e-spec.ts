import { Client } from 'pg';
import { RedisKeys } from '@alltokens/contracts';
import { createRedis, scanKeys, type Redis } from '@alltokens/platform';
import { eventually } from '../support/eventually';
import { startE2eStack, type E2eStack } from '../support/e2e-stack';

jest.setTimeout(180_000);

const body = (content: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ model: 'openai/gpt-4o-mini', max_tokens: 50, messages: [{ role: 'user', content }], ...extra });

interface Outcome {
  gateway: number;
  stream: boolean;
  status: number | 'network';
  id?: string;
  /** Streams: how the stream ended. */
  ending?: 'done' | 'error' | 'cut';
  errorCode?: string;
  endedAfterKillMs?: number;
}

/**
 * Two gateways, two routers and two analytics on a local 3-master Redis Cluster: the limits hold
 * across gateways, revocations spread, and killing one of each loses and duplicates no usage.
 */
describe('scale-out: two replicas of every service on a Redis Cluster', () => {
  let e2e: E2eStack;
  let db: Client;
  let redis: Redis;

  beforeAll(async () => {
    e2e = await startE2eStack('scale-out', { replicas: 2, redis: 'cluster' });
    db = new Client({ connectionString: e2e.databaseUrl });
    await db.connect();
    redis = createRedis(e2e.env.REDIS_URL!);
  });
  afterAll(async () => {
    redis?.disconnect();
    await db?.end();
    await e2e?.stop();
  });

  const gateway = (i: number) => e2e.gatewayUrls[i % e2e.gatewayUrls.length]!;
  const chat = (i: number, key: string, payload: string) =>
    fetch(`${gateway(i)}/api/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: payload });
  const generations = async (keyId: string) => (await db.query<{ id: string }>('SELECT id FROM generations WHERE key_id = $1', [keyId])).rows.map((row) => row.id);

  it('runs every service twice, on a cluster', () => {
    expect(e2e.env.REDIS_URL).toMatch(/^redis-cluster:\/\/(127\.0\.0\.1:\d+,){2}127\.0\.0\.1:\d+$/);
    expect(e2e.stack.services.map((service) => service.spec.name).filter((name) => !name.startsWith('simulator')).sort()).toEqual(['analytics', 'analytics-2', 'gateway', 'gateway-2', 'router', 'router-2']);
  });

  it('never spends past a key limit with requests spread over both gateways, and reservations return to zero', async () => {
    const { key, data } = await e2e.createKey({ name: 'small', limit: 0.002 });
    const results = await Promise.all(Array.from({ length: 160 }, (_, i) => chat(i, key, body(`burst ${i}`))));
    await Promise.all(results.map((r) => r.text()));
    const statuses = results.map((r) => r.status);
    const admitted = statuses.filter((s) => s === 200).length;
    expect(statuses.every((s) => s === 200 || s === 402)).toBe(true);
    expect(admitted).toBeGreaterThan(10);
    expect(statuses.filter((s) => s === 402).length).toBeGreaterThan(10);
    await eventually(async () => ((await generations(String(data.id))).length === admitted ? true : undefined), 30_000);
    const spent = Number((await db.query('SELECT coalesce(sum(amount_usd), 0)::float8 AS s FROM ledger_entries WHERE key_id = $1', [data.id])).rows[0].s);
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(0.002);
    const budgetKeys = (await scanKeys(redis, new RedisKeys(e2e.env.ALLTOKENS_PREFIX!).inSlot('budget', '*'))).filter((k) => !k.includes(':resv'));
    expect(budgetKeys.length).toBeGreaterThan(0);
    await eventually(async () => {
      const reserved = await Promise.all(budgetKeys.map(async (k) => Number((await redis.hget(k, 'reserved')) ?? 0)));
      return reserved.every((value) => value === 0) ? true : undefined;
    }, 10_000);
  });

  it('counts a rate limit across both gateways', async () => {
    // Both halves in one minute window.
    if (new Date().getUTCSeconds() > 50) await new Promise((r) => setTimeout(r, (61 - new Date().getUTCSeconds()) * 1000));
    const { key } = await e2e.createKey({ name: 'limited', rate_limits: { requests_per_minute: 6 } });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => chat(i, key, body(`rl ${i}`))));
    await Promise.all(results.map((r) => r.text()));
    const byGateway = [0, 1].map((g) => results.filter((_, i) => i % 2 === g).map((r) => r.status));
    expect(results.filter((r) => r.status === 200)).toHaveLength(6);
    expect(results.filter((r) => r.status === 429)).toHaveLength(6);
    // Neither gateway alone could have refused: each saw at most 6 requests.
    expect(byGateway.every((statuses) => statuses.length === 6)).toBe(true);
  });

  it('refuses a key revoked on one gateway on the other within a second', async () => {
    const { key, data } = await e2e.createKey({ name: 'revoked' });
    // The second gateway has the key in its cache.
    expect((await chat(1, key, body('before'))).status).toBe(200);
    expect((await chat(1, key, body('cached'))).status).toBe(200);
    const revoked = await fetch(`${gateway(0)}/api/v1/keys/${String(data.id)}`, { method: 'DELETE', headers: { authorization: `Bearer ${adminKey()}` } });
    expect(revoked.status).toBeLessThan(300);
    const start = Date.now();
    let status = 200;
    while (Date.now() - start < 2000) {
      const res = await chat(1, key, body('after'));
      await res.text();
      status = res.status;
      if (status !== 200) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe(401);
    expect(Date.now() - start).toBeLessThan(1000);
  });

  it('SIGKILL of one router, one analytics and one gateway mid-traffic loses no usage row and duplicates none; streams on the dead router end with an error', async () => {
    const { key, data } = await e2e.createKey({ name: 'traffic' });
    const outcomes: Outcome[] = [];
    let running = true;
    // Per gateway two lanes of plain requests; streams (~1 s each) on eight lanes of the surviving gateway, so
    // that some are on the router that dies (all eight on the other one: 1 in 256), and two on the other.
    const worker = async (gatewayIndex: number, stream: boolean, lane: number) => {
      for (let n = 0; running; n += 1) {
        const payload = stream ? body(`s ${lane} ${n} [sim:chunks=10,interval=100]`, { stream: true }) : body(`n ${lane} ${n}`);
        const outcome = await send(gatewayIndex, key, payload, stream);
        outcomes.push(outcome);
        // Its gateway is gone.
        if (outcome.status === 'network') return;
      }
    };
    const plan: Array<[gatewayIndex: number, stream: boolean]> = [[0, false], [0, false], [1, false], [1, false], [1, true], [1, true], ...Array.from({ length: 8 }, (): [number, boolean] => [0, true])];
    const lanes = plan.map(([gatewayIndex, stream], lane) => worker(gatewayIndex, stream, lane));
    await new Promise((r) => setTimeout(r, 3000));
    killedAt = Date.now();
    const killed = ['router-2', 'analytics-2', 'gateway-2'].map((name) => e2e.stack.service(name).stop('SIGKILL'));
    await Promise.all(killed);
    await new Promise((r) => setTimeout(r, 4000));
    running = false;
    await Promise.all(lanes);

    const answered = outcomes.filter((o) => o.status === 200 && o.id && (!o.stream || o.ending === 'done'));
    expect(answered.length).toBeGreaterThan(20);
    expect(answered.filter((o) => o.stream).length).toBeGreaterThan(3);
    const ids = answered.map((o) => o.id!);
    expect(new Set(ids).size).toBe(ids.length);
    // Every answered request is in the ledger once (analytics-2's locked jobs are taken over within ~15 s).
    await eventually(async () => {
      const rows = new Set(await generations(String(data.id)));
      return ids.every((id) => rows.has(id)) ? true : undefined;
    }, 45_000);
    const duplicated = await db.query('SELECT generation_id FROM ledger_entries WHERE key_id = $1 GROUP BY generation_id HAVING count(*) > 1', [data.id]);
    expect(duplicated.rows).toEqual([]);
    // On the surviving gateway every stream ended explicitly: [DONE], or, when its router died, an error event
    // from the router that took the stalled job over (within ~15 s, not at the 600 s request timeout).
    const survivingStreams = outcomes.filter((o) => o.gateway === 0 && o.stream && o.status === 200);
    expect(survivingStreams.every((o) => o.ending === 'done' || o.ending === 'error')).toBe(true);
    const interrupted = survivingStreams.filter((o) => o.ending === 'error');
    expect(interrupted.length).toBeGreaterThan(0);
    expect(interrupted.map((o) => o.errorCode)).toEqual(interrupted.map(() => 'router_interrupted'));
    const slowest = Math.max(...interrupted.map((o) => o.endedAfterKillMs!));
    console.log(`scale-out SIGKILL: ${answered.length} answered, all in the ledger once; ${interrupted.length} streams ended with router_interrupted, the last ${slowest} ms after the kill`);
    expect(slowest).toBeLessThan(30_000);
    // The surviving gateway still answers.
    expect(outcomes.filter((o) => o.gateway === 0 && o.status === 200).length).toBeGreaterThan(answered.length / 4);
  });

  const adminKey = () => e2e.env.ALLTOKENS_ADMIN_KEY!;
  let killedAt: number | undefined;

  async function send(gatewayIndex: number, key: string, payload: string, stream: boolean): Promise<Outcome> {
    const outcome: Outcome = { gateway: gatewayIndex, stream, status: 'network' };
    const ended = () => (outcome.endedAfterKillMs = killedAt ? Date.now() - killedAt : undefined);
    try {
      const res = await chat(gatewayIndex, key, payload);
      outcome.status = res.status;
      const text = await readAll(res);
      ended();
      if (res.status !== 200) return outcome;
      if (!stream) {
        if (text !== null) outcome.id = (JSON.parse(text) as { id: string }).id;
        return outcome;
      }
      const events = (text ?? '').split('\n\n').filter((event) => event.startsWith('data: ')).map((event) => event.slice(6));
      const first = events.find((event) => event.startsWith('{') && event.includes('"id"'));
      if (first) outcome.id = (JSON.parse(first) as { id?: string }).id;
      const last = events[events.length - 1];
      outcome.ending = text === null ? 'cut' : last === '[DONE]' ? 'done' : last && last.includes('"error"') ? 'error' : 'cut';
      if (outcome.ending === 'error') outcome.errorCode = (JSON.parse(last!) as { error: { code: string } }).error.code;
    } catch {
      // The gateway died under this request.
    }
    return outcome;
  }
});

/** The whole body, or null when the connection broke before it ended. */
async function readAll(res: Response): Promise<string | null> {
  try {
    return await res.text();
  } catch {
    return null;
  }
}
