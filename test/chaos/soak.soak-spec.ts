import { startChaosStack, type ChaosStack } from './support/chaos-stack';
import { report, sleep } from './support/figures';
import { send } from './support/load';

const MINUTES = Number(process.env.CHAOS_SOAK_MINUTES ?? 30);
const STREAMS = 50;
const SAMPLE_MS = 10_000;
jest.setTimeout((MINUTES + 5) * 60_000);

/** Heap used after the last collection is not observable from outside; the lowest sample of each window is close to it. */
function growthMbPerHour(samples: Array<{ at: number; heap: number }>, windowMs: number): number {
  const windows = new Map<number, { at: number; heap: number }>();
  for (const sample of samples) {
    const slot = Math.floor(sample.at / windowMs);
    const low = windows.get(slot);
    if (!low || sample.heap < low.heap) windows.set(slot, sample);
  }
  const points = [...windows.values()];
  const n = points.length;
  const meanX = points.reduce((s, p) => s + p.at, 0) / n;
  const meanY = points.reduce((s, p) => s + p.heap, 0) / n;
  const slope = points.reduce((s, p) => s + (p.at - meanX) * (p.heap - meanY), 0) / points.reduce((s, p) => s + (p.at - meanX) ** 2, 0);
  return (slope * 3_600_000) / 1e6;
}

async function heapUsed(url: string, prefix: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${prefix}nodejs_heap_size_used_bytes`));
  return Number(line!.split(' ').pop());
}

describe(`soak: ${STREAMS} concurrent streams with 10 % client aborts for ${MINUTES} min`, () => {
  let chaos: ChaosStack;
  beforeAll(async () => {
    chaos = await startChaosStack('soak');
  });
  afterAll(async () => chaos?.stop());

  it('grows the gateway and router heaps by less than 20 MB per hour', async () => {
    const { key } = await chaos.createKey({ name: 'soak', limit: 1_000_000 });
    const end = Date.now() + MINUTES * 60_000;
    const warmUp = Date.now() + Math.min(3, MINUTES / 5) * 60_000;
    const samples: Record<'gateway' | 'router', Array<{ at: number; heap: number }>> = { gateway: [], router: [] };
    let requests = 0;
    let failures = 0;
    const sampler = (async () => {
      while (Date.now() < end) {
        await sleep(SAMPLE_MS);
        if (Date.now() < warmUp) continue;
        samples.gateway.push({ at: Date.now(), heap: await heapUsed(chaos.url('gateway'), 'alltokens_gateway_') });
        samples.router.push({ at: Date.now(), heap: await heapUsed(chaos.url('router'), 'alltokens_router_') });
      }
    })();
    await Promise.all(
      Array.from({ length: STREAMS }, async (_, worker) => {
        for (let i = 0; Date.now() < end; i += 1) {
          const abort = (worker * 7 + i) % 10 === 0;
          const outcome = await send(chaos.gatewayUrl, {
            key,
            body: { model: 'openai/gpt-4o-mini', stream: true, max_tokens: 200, messages: [{ role: 'user', content: `soak ${worker}/${i} [sim:chunks=20 interval=40]` }] },
            abortAfterMs: abort ? 300 : undefined,
          });
          requests += 1;
          if (!outcome.aborted && (outcome.status !== 200 || !outcome.text.includes('[DONE]'))) failures += 1;
        }
      }),
    );
    await sampler;
    const gateway = growthMbPerHour(samples.gateway, 60_000);
    const router = growthMbPerHour(samples.router, 60_000);
    const last = (name: 'gateway' | 'router') => (samples[name].at(-1)!.heap / 1e6).toFixed(1);
    report('soak', { minutes: MINUTES, streams: STREAMS, requests, failures, gateway_mb_per_hour: gateway.toFixed(1), router_mb_per_hour: router.toFixed(1), gateway_heap_mb: last('gateway'), router_heap_mb: last('router') });
    expect(failures).toBe(0);
    expect(gateway).toBeLessThan(20);
    expect(router).toBeLessThan(20);
  });
});
