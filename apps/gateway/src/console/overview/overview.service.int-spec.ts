import { createPrismaClient, type PrismaClient } from '@alltokens/db';
import { createTestDatabase, type TestDatabase } from '@alltokens/db/testing';
import { createRedis, type Redis } from '@alltokens/platform';
import { clearRedisPrefix } from '@alltokens/stack';
import type { GatewayEnv } from '../../config/gateway-env';
import { ClosedDayCache } from './closed-day-cache';
import { OverviewRepository } from './overview.repository';
import { OverviewService } from './overview.service';

const HOUR = 3_600_000;
const NOW = new Date(Date.UTC(2026, 2, 20, 15, 30));
const hist = (bucket: number, n: number) => Array.from({ length: 11 }, (_, i) => (i === bucket ? n : 0));

describe('console overview over the hourly rollups (real Postgres and Redis)', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let redis: Redis;
  let service: OverviewService;
  const prefix = `it-console-overview-${process.pid}`;

  const sums = (column: string) => `ARRAY[${Array.from({ length: 11 }, (_, i) => `sum(${column}[${i + 1}])`).join(', ')}]::int[]`;
  /** An hourly rollup row, and the daily rollups rebuilt from the hourly ones (as analytics keeps them). */
  const rollup = async (hoursAgo: number, model: string, requests: number, cost: number, latencyBucket = 2) => {
    await prisma.usageRollupHourly.create({
      data: {
        orgId: 'acme', hour: new Date(Math.floor((NOW.getTime() - hoursAgo * HOUR) / HOUR) * HOUR), keyId: 'k1', teamId: '', model, providerId: 'p1',
        requests, errors: Math.floor(requests / 10), cacheHits: 0, promptTokens: requests * 10, completionTokens: requests * 5, cachedTokens: 0, reasoningTokens: 0,
        costUsd: cost, latencyHist: hist(latencyBucket, requests), ttftHist: hist(1, requests),
      },
    });
    await prisma.$executeRawUnsafe('DELETE FROM usage_rollups_daily');
    await prisma.$executeRawUnsafe(`INSERT INTO usage_rollups_daily SELECT org_id, hour::date, key_id, team_id, model, provider_id, sum(requests), sum(errors),
      sum(cache_hits), sum(prompt_tokens), sum(completion_tokens), sum(cached_tokens), sum(reasoning_tokens), sum(cost_usd), ${sums('latency_hist')}, ${sums('ttft_hist')}
      FROM usage_rollups_hourly GROUP BY 1, 2, 3, 4, 5, 6`);
  };

  beforeAll(async () => {
    database = await createTestDatabase('console-overview');
    prisma = createPrismaClient(database.url);
    redis = createRedis('redis://127.0.0.1:6379');
    const env = { ALLTOKENS_PREFIX: prefix } as GatewayEnv;
    service = new OverviewService(new OverviewRepository(prisma), new ClosedDayCache(redis, env));
    await rollup(1, 'a/one', 10, 1);
    await rollup(20, 'a/one', 20, 2);
    await rollup(50, 'b/two', 30, 3, 4);
    await rollup(24 * 10, 'b/two', 40, 4);
    await rollup(24 * 40, 'a/one', 1000, 100); // outside every range
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await clearRedisPrefix('redis://127.0.0.1:6379', prefix);
    redis?.disconnect();
    await database?.drop();
  });

  it('sums each range, splits by the chosen dimension and takes percentiles from the histograms', async () => {
    const day = await service.overview('acme', '24h', 'model', NOW);
    expect(day.totals).toMatchObject({ requests: 30, errors: 3, tokens: 450, cost: 3 });
    expect(day.groups).toEqual(['a/one']);
    expect(day.totals.latency_ms).toEqual({ p50: 200, p95: 200, p99: 200 });
    expect(day.totals.ttft_ms).toEqual({ p50: 100, p95: 100, p99: 100 });
    const month = await service.overview('acme', '30d', 'model', NOW);
    expect(month.totals).toMatchObject({ requests: 100, cost: 10 });
    expect(month.groups).toEqual(['b/two', 'a/one']);
    expect(month.buckets).toHaveLength(4);
    expect(month.totals.latency_ms).toEqual({ p50: 200, p95: 800, p99: 800 });
    expect(month.series.find((point) => point.group === 'b/two' && point.requests === 40)).toBeDefined();
  });

  it('serves closed days from the cache and today from Postgres', async () => {
    const before = await service.overview('acme', '30d', 'none', NOW);
    // A row in a closed day after it was cached stays unseen (closed days never change in practice)...
    await rollup(24 * 5, 'c/three', 500, 50);
    // ...while today's new traffic shows at once.
    await rollup(0, 'a/one', 7, 0.7);
    const after = await service.overview('acme', '30d', 'none', NOW);
    expect(after.totals.requests).toBe(before.totals.requests + 7);
    const uncached = await new OverviewService(new OverviewRepository(prisma), new ClosedDayCache(redis, { ALLTOKENS_PREFIX: `${prefix}-fresh` } as GatewayEnv)).overview('acme', '30d', 'none', NOW);
    expect(uncached.totals.requests).toBe(before.totals.requests + 7 + 500);
    await clearRedisPrefix('redis://127.0.0.1:6379', `${prefix}-fresh`);
  });

  it('keeps hour buckets of a 7-day range inside the range', async () => {
    const week = await service.overview('acme', '7d', 'none', NOW);
    const earliest = Math.min(...week.buckets.map((bucket) => new Date(bucket.bucket).getTime()));
    expect(earliest).toBeGreaterThanOrEqual(NOW.getTime() - 7 * 24 * HOUR - HOUR);
    expect(week.totals.requests).toBe(10 + 20 + 30 + 7 + 500);
  });
});
