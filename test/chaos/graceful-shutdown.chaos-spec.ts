import { Client } from 'pg';
import { eventually } from '../support/eventually';
import { startChaosStack, type ChaosStack } from './support/chaos-stack';
import { report, sleep } from './support/figures';
import { send } from './support/load';

jest.setTimeout(180_000);

const STREAMS = 100;

describe(`SIGTERM with ${STREAMS} open streams: readiness 503 at once, the streams finish, usage is flushed, exit 0`, () => {
  let chaos: ChaosStack;
  let db: Client;

  beforeAll(async () => {
    chaos = await startChaosStack('shutdown', { gateways: 2, routers: 2 });
    db = new Client({ connectionString: chaos.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await chaos?.stop();
  });

  /** Polls readiness from the signal on; returns how long it took to answer 503 (connection refused counts as not yet). */
  async function notReadyAfter(url: string, signalledAt: number): Promise<number> {
    for (;;) {
      const status = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(1000) }).then((r) => r.status, () => 0);
      if (status === 503) return Date.now() - signalledAt;
      if (Date.now() - signalledAt > 5000) throw new Error(`readiness still ${status} 5 s after SIGTERM`);
      await sleep(10);
    }
  }

  for (const target of ['gateway-2', 'router-2'] as const) {
    it(`SIGTERM ${target.replace('-2', '')}`, async () => {
      const { key, id } = await chaos.createKey({ name: target });
      // Through the gateway being stopped, or (for the router) the one that stays.
      const gatewayUrl = target === 'gateway-2' ? chaos.gatewayUrls[1]! : chaos.gatewayUrls[0]!;
      const streams = Array.from({ length: STREAMS }, (_, i) =>
        send(gatewayUrl, { key, body: { model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: `drain ${i} [sim:chunks=30 interval=100]` }] } }),
      );
      await sleep(1000);
      const signalledAt = Date.now();
      const exited = chaos.service(target).stop('SIGTERM');
      const readinessMs = await notReadyAfter(chaos.url(target), signalledAt);
      const outcomes = await Promise.all(streams);
      const exitCode = await exited;
      const exitMs = Date.now() - signalledAt;
      const finished = outcomes.filter((o) => o.status === 200 && o.text.trimEnd().endsWith('data: [DONE]')).length;
      const rows = await eventually(async () => {
        const n = (await db.query('SELECT count(*)::int AS n FROM generations WHERE key_id = $1', [id])).rows[0].n as number;
        return n === STREAMS ? n : undefined;
      }, 30_000).catch(async () => (await db.query('SELECT count(*)::int AS n FROM generations WHERE key_id = $1', [id])).rows[0].n as number);
      report(`sigterm-${target.replace('-2', '')}`, { streams: STREAMS, readiness_503_after_ms: readinessMs, finished, usage_rows: rows, exit_code: String(exitCode), exit_after_ms: exitMs });
      expect(readinessMs).toBeLessThan(500);
      expect(finished).toBe(STREAMS);
      expect(rows).toBe(STREAMS);
      expect(exitCode).toBe(0);
    });
  }
});
