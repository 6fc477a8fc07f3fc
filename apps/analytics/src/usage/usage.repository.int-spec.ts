import { usageEventSchema, type UsageEvent } from '@alltokens/contracts';
import type { PrismaClient } from '@alltokens/db';
import { createTestPrisma, type TestPrisma } from '@alltokens/db/testing';
import { UsageRepository, type PricedEvent } from './usage.repository';

const BOUNDS = [50, 100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600];
/** Latencies on and either side of every histogram bound, and past the last one. */
const LATENCIES = [0, 50, 51, 100, 101, 200, 399.6, 400, 800, 1600, 3200, 6400, 12800, 25600, 25601, 90_000];

interface Spec {
  id: string;
  key: 'k-team' | 'k-solo';
  model: string | null;
  provider: string | null;
  status: UsageEvent['status'];
  latency: number;
  ttft: number | null;
  cost: number;
  cacheHit?: boolean;
}

function priced(spec: Spec, index: number): PricedEvent {
  const event = usageEventSchema.parse({
    v: 1,
    requestId: spec.id,
    trace: {},
    caller: { keyId: spec.key, orgId: 'org' },
    kind: 'chat',
    requestedModel: 'openai/gpt-4o-mini',
    model: spec.model,
    providerId: spec.provider,
    endpointId: spec.provider && `${spec.provider}:openai/gpt-4o-mini`,
    streamed: index % 2 === 0,
    status: spec.status,
    finishReason: spec.status === 'success' ? 'stop' : null,
    usage: { promptTokens: 100 + index, completionTokens: 10 + index, cachedTokens: index % 3, reasoningTokens: index % 5 },
    usageSource: 'upstream',
    startedAt: Date.UTC(2026, 2, 9, 10) + index,
    finishedAt: Date.UTC(2026, 2, 9, 10) + index + 1,
    latencyMs: spec.latency,
    ttftMs: spec.ttft,
    attempts: spec.provider ? [{ providerId: spec.provider, endpointId: `${spec.provider}:openai/gpt-4o-mini`, httpStatus: 200, outcome: 'success', latencyMs: spec.latency }] : [],
    error: null,
    cacheHit: spec.cacheHit ?? false,
  });
  return { event, costUsd: spec.cost };
}

/** Three batches over two keys (one in a team), two providers, a request that reached no upstream. */
function batches(): PricedEvent[][] {
  const specs: Spec[] = LATENCIES.map((latency, i) => ({
    id: `e${i}`,
    key: i % 3 === 0 ? 'k-solo' : 'k-team',
    model: i === 5 ? null : 'openai/gpt-4o-mini',
    provider: i === 5 ? null : i % 2 ? 'backup' : 'primary',
    status: i % 4 === 3 ? 'error' : 'success',
    latency,
    ttft: i % 5 === 0 ? null : latency / 2,
    cost: i === 5 ? 0 : (i + 1) / 1e5,
    cacheHit: i === 7,
  }));
  const events = specs.map(priced);
  return [events.slice(0, 6), events.slice(6, 11), [...events.slice(11), events[2]!, events[7]!]];
}

describe('UsageRepository (real Postgres)', () => {
  let postgres: TestPrisma;
  let prisma: PrismaClient;
  let repository: UsageRepository;
  const recorded: string[][] = [];
  const unique = [...new Map(batches().flat().map((p) => [p.event.requestId, p])).values()];

  beforeAll(async () => {
    postgres = await createTestPrisma('usage_repository');
    prisma = postgres.prisma;
    repository = new UsageRepository(prisma);
    await prisma.organization.create({ data: { id: 'org', name: 'org' } });
    await prisma.team.create({ data: { id: 'team', orgId: 'org', name: 'team' } });
    for (const [id, teamId] of [['k-team', 'team'], ['k-solo', null]] as const) {
      await prisma.apiKey.create({ data: { id, orgId: 'org', teamId, name: id, hash: id.padEnd(64, '0'), prefix: 'sk', lastFour: '0000' } });
    }
    for (const batch of batches()) recorded.push((await repository.record(batch)).map((row) => row.id).sort());
  });
  afterAll(async () => postgres?.stop());

  it('inserts each event once and reports only what it inserted', async () => {
    expect(recorded).toEqual([
      ['e0', 'e1', 'e2', 'e3', 'e4', 'e5'],
      ['e10', 'e6', 'e7', 'e8', 'e9'],
      ['e11', 'e12', 'e13', 'e14', 'e15'],
    ]);
    expect(await repository.record([unique[0]!])).toEqual([]);
    const stored = await prisma.generation.findMany({ orderBy: { id: 'asc' } });
    expect(stored.map((g) => [g.id, g.orgId, g.teamId, g.latencyMs, g.ttftMs, g.costUsd.toNumber()])).toEqual(
      unique
        .map(({ event, costUsd }) => [event.requestId, 'org', event.caller.keyId === 'k-team' ? 'team' : null, Math.round(event.latencyMs), event.ttftMs === null ? null : Math.round(event.ttftMs), costUsd])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
  });

  it('writes one ledger entry per generation that cost anything, and adds it to the key', async () => {
    const ledger = await prisma.ledgerEntry.findMany({ orderBy: { generationId: 'asc' } });
    const billed = unique.filter((p) => p.costUsd > 0);
    expect(ledger.map((entry) => [entry.generationId, entry.keyId, entry.amountUsd.toNumber()])).toEqual(
      billed.map((p) => [p.event.requestId, p.event.caller.keyId, p.costUsd]).sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
    for (const key of ['k-team', 'k-solo']) {
      const spent = billed.filter((p) => p.event.caller.keyId === key).reduce((total, p) => total + p.costUsd, 0);
      expect((await prisma.apiKey.findUniqueOrThrow({ where: { id: key } })).usageUsd.toNumber()).toBeCloseTo(spent, 10);
    }
  });

  it('folds the generations into hourly rollups with exact histograms, across batches that hit the same rows', async () => {
    const hourOf = new Map((await prisma.generation.findMany({ select: { id: true, createdAt: true } })).map((g) => [g.id, Math.floor(g.createdAt.getTime() / 3_600_000) * 3_600_000]));
    const bucketOf = (ms: number) => {
      const index = BOUNDS.findIndex((bound) => Math.round(ms) <= bound);
      return index === -1 ? BOUNDS.length : index;
    };
    const expected = new Map<string, { requests: number; errors: number; cacheHits: number; prompt: number; completion: number; cached: number; reasoning: number; cost: number; latency: number[]; ttft: number[] }>();
    for (const { event, costUsd } of unique) {
      const id = [new Date(hourOf.get(event.requestId)!).toISOString(), event.caller.keyId, event.caller.keyId === 'k-team' ? 'team' : '', event.model ?? event.requestedModel, event.providerId ?? ''].join('|');
      const row = expected.get(id) ?? { requests: 0, errors: 0, cacheHits: 0, prompt: 0, completion: 0, cached: 0, reasoning: 0, cost: 0, latency: new Array(11).fill(0), ttft: new Array(11).fill(0) };
      row.requests += 1;
      row.errors += event.status === 'success' ? 0 : 1;
      row.cacheHits += event.cacheHit ? 1 : 0;
      row.prompt += event.usage.promptTokens;
      row.completion += event.usage.completionTokens;
      row.cached += event.usage.cachedTokens;
      row.reasoning += event.usage.reasoningTokens;
      row.cost += costUsd;
      row.latency[bucketOf(event.latencyMs)] += 1;
      if (event.ttftMs !== null) row.ttft[bucketOf(event.ttftMs)] += 1;
      expected.set(id, row);
    }
    const rollups = await prisma.usageRollupHourly.findMany();
    const actual = new Map(
      rollups.map((r) => [
        [r.hour.toISOString(), r.keyId, r.teamId, r.model, r.providerId].join('|'),
        {
          requests: r.requests, errors: r.errors, cacheHits: r.cacheHits, prompt: Number(r.promptTokens), completion: Number(r.completionTokens),
          cached: Number(r.cachedTokens), reasoning: Number(r.reasoningTokens), cost: r.costUsd.toNumber(), latency: r.latencyHist, ttft: r.ttftHist,
        },
      ]),
    );
    for (const row of expected.values()) row.cost = Number(row.cost.toFixed(10));
    expect(rollups.every((r) => r.orgId === 'org')).toBe(true);
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
    // Every latency bucket is hit at least once, so an off-by-one at any bound shows up above.
    const latencyTotals = rollups.reduce((totals, r) => totals.map((total, i) => total + r.latencyHist[i]!), new Array<number>(11).fill(0));
    expect(latencyTotals.every((count) => count > 0)).toBe(true);
  });

  it('keeps daily rollups equal to the hourly ones summed per UTC day', async () => {
    const daily = new Map<string, { requests: number; errors: number; cacheHits: number; tokens: number; cost: number; latency: number[]; ttft: number[] }>();
    for (const r of await prisma.usageRollupHourly.findMany()) {
      const id = [r.hour.toISOString().slice(0, 10), r.keyId, r.teamId, r.model, r.providerId].join('|');
      const row = daily.get(id) ?? { requests: 0, errors: 0, cacheHits: 0, tokens: 0, cost: 0, latency: new Array(11).fill(0), ttft: new Array(11).fill(0) };
      row.requests += r.requests;
      row.errors += r.errors;
      row.cacheHits += r.cacheHits;
      row.tokens += Number(r.promptTokens + r.completionTokens + r.cachedTokens + r.reasoningTokens);
      row.cost = Number((row.cost + r.costUsd.toNumber()).toFixed(10));
      row.latency = row.latency.map((n, i) => n + r.latencyHist[i]!);
      row.ttft = row.ttft.map((n, i) => n + r.ttftHist[i]!);
      daily.set(id, row);
    }
    const rows = await prisma.usageRollupDaily.findMany();
    expect(rows.length).toBeGreaterThan(0);
    expect(
      Object.fromEntries(
        rows.map((r) => [
          [r.day.toISOString().slice(0, 10), r.keyId, r.teamId, r.model, r.providerId].join('|'),
          {
            requests: r.requests, errors: r.errors, cacheHits: r.cacheHits, tokens: Number(r.promptTokens + r.completionTokens + r.cachedTokens + r.reasoningTokens),
            cost: r.costUsd.toNumber(), latency: r.latencyHist, ttft: r.ttftHist,
          },
        ]),
      ),
    ).toEqual(Object.fromEntries(daily));
  });

  it('writes nothing of a batch that fails, and concurrent batches on the same rows add up', async () => {
    const template = unique[1]!;
    const event = (id: string, latencyMs: number): PricedEvent => ({ event: { ...template.event, requestId: id, latencyMs }, costUsd: 0.25 });
    const before = await prisma.apiKey.findUniqueOrThrow({ where: { id: template.event.caller.keyId } });
    await expect(repository.record([event('atomic-ok', 10), event('atomic-bad', 3e9)])).rejects.toThrow(/out of range/);
    expect(await prisma.generation.count({ where: { id: { startsWith: 'atomic-' } } })).toBe(0);
    expect(await prisma.ledgerEntry.count({ where: { generationId: { startsWith: 'atomic-' } } })).toBe(0);
    // No foreign key on generations: joining the key is what keeps a generation of an unknown key out.
    expect(await repository.record([{ event: { ...template.event, requestId: 'atomic-orphan', caller: { ...template.event.caller, keyId: 'no-such-key' } }, costUsd: 1 }])).toEqual([]);
    expect(await prisma.generation.count({ where: { id: 'atomic-orphan' } })).toBe(0);
    const hourly = () => prisma.usageRollupHourly.aggregate({ _sum: { requests: true } });
    const requestsBefore = (await hourly())._sum.requests ?? 0;
    const concurrent = Array.from({ length: 4 }, (_, b) => Array.from({ length: 50 }, (_, i) => event(`together-${b}-${i}`, 10)));
    const inserted = await Promise.all(concurrent.map((batch) => repository.record(batch)));
    expect(inserted.map((rows) => rows.length)).toEqual([50, 50, 50, 50]);
    expect((await hourly())._sum.requests).toBe(requestsBefore + 200);
    const after = await prisma.apiKey.findUniqueOrThrow({ where: { id: template.event.caller.keyId } });
    expect(after.usageUsd.minus(before.usageUsd).toNumber()).toBe(50);
  });
});
