import { ApiError } from '@alltokens/contracts';
import type { PrismaClient } from '@alltokens/db';
import { createTestPrisma, type TestPrisma } from '@alltokens/db/testing';
import { requestLogQuerySchema, usageQuerySchema } from './analytics.dto';
import { AnalyticsRepository, type LogRow, type UsageRow } from './analytics.repository';

// Creating and migrating the suite's database takes longer than jest's 5 s on a loaded machine.
jest.setTimeout(60_000);

/** One seeded generation; expectations below are computed from these, in JavaScript. */
interface Seed {
  id: string;
  org: string;
  key: string;
  team: string | null;
  requested: string;
  model: string | null;
  provider: string | null;
  status: 'success' | 'error' | 'cancelled' | 'interrupted';
  prompt: number;
  completion: number;
  cached: number;
  reasoning: number;
  cost: number;
  latency: number;
  ttft: number | null;
  cacheHit: boolean;
  at: Date;
}

const DAY0 = Date.UTC(2026, 2, 9); // Monday 9 March 2026, 00:00 UTC
const KEYS = [
  { id: 'k1', org: 'org-a', team: 't1' },
  { id: 'k2', org: 'org-a', team: 't1' },
  { id: 'k3', org: 'org-a', team: null },
  { id: 'kb', org: 'org-b', team: null },
];
const MODELS = ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4', 'google/gemini-2.5-flash'];
const PROVIDERS = ['primary', 'backup'];
const STATUSES = ['success', 'success', 'success', 'error', 'cancelled', 'interrupted'] as const;
const LATENCIES = [12, 50, 51, 99, 100, 180, 390, 760, 1500, 3100, 7000, 30_000];
const BOUNDS = [50, 100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600];

/** Deterministic pseudo-random data over three days: every group, bucket edge and null the queries care about. */
function seeds(): Seed[] {
  let state = 7; // mulberry32
  const next = (n: number) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * n);
  };
  const rows: Seed[] = [];
  for (let i = 0; i < 240; i += 1) {
    const key = KEYS[next(KEYS.length)]!;
    const requested = MODELS[next(MODELS.length)]!;
    const reached = next(8) !== 0; // one in eight never reached an upstream: no model, no provider
    rows.push({
      id: `g${String(i).padStart(3, '0')}`,
      org: key.org,
      key: key.id,
      team: key.team,
      requested,
      model: reached ? requested : null,
      provider: reached ? PROVIDERS[next(2)]! : null,
      status: STATUSES[next(STATUSES.length)]!,
      prompt: 10 + next(900),
      completion: next(400),
      cached: next(3) === 0 ? next(10) : 0,
      reasoning: next(4) === 0 ? next(50) : 0,
      cost: next(10_000) / 1e6,
      latency: LATENCIES[next(LATENCIES.length)]! + next(3),
      ttft: next(4) === 0 ? null : 5 + next(2000),
      cacheHit: next(10) === 0,
      at: new Date(DAY0 + next(3 * 24 * 60) * 60_000 + next(60_000)),
    });
  }
  return rows;
}

const groupOf = {
  none: () => '',
  key: (s: Seed) => s.key,
  team: (s: Seed) => s.team ?? '',
  model: (s: Seed) => s.model ?? s.requested,
  provider: (s: Seed) => s.provider ?? '',
} as const;
type GroupBy = keyof typeof groupOf;

const truncate = (at: Date, unit: '1m' | '1h' | '1d') => {
  const ms = { '1m': 60_000, '1h': 3_600_000, '1d': 86_400_000 }[unit];
  return new Date(Math.floor(at.getTime() / ms) * ms);
};
const sum = (rows: Seed[], pick: (s: Seed) => number) => rows.reduce((total, s) => total + pick(s), 0);

/** Postgres' percentile_cont: linear interpolation between the two nearest ranks. */
function exactPercentiles(values: number[]): number[] | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return [0.5, 0.95, 0.99].map((p) => {
    const position = p * (sorted.length - 1);
    const low = Math.floor(position);
    return sorted[low]! + (sorted[Math.min(low + 1, sorted.length - 1)]! - sorted[low]!) * (position - low);
  });
}

/** What a histogram can say: the upper bound of the bucket holding the value of rank ⌈p·n⌉ (open bucket: 2 × 25,600). */
function bucketPercentiles(values: number[]): number[] | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return [0.5, 0.95, 0.99].map((p) => {
    const value = sorted[Math.ceil(p * sorted.length) - 1]!;
    return BOUNDS.find((bound) => value <= bound) ?? 51_200;
  });
}

function expectedUsage(rows: Seed[], bucket: '1m' | '1h' | '1d', groupBy: GroupBy, percentiles: (values: number[]) => number[] | null) {
  const groups = new Map<string, Seed[]>();
  for (const s of rows) {
    const id = `${truncate(s.at, bucket).toISOString()}|${groupOf[groupBy](s)}`;
    groups.set(id, [...(groups.get(id) ?? []), s]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, members]) => ({
      bucket: new Date(id.split('|')[0]!),
      grp: id.split('|')[1],
      requests: members.length,
      errors: members.filter((s) => s.status !== 'success').length,
      prompt_tokens: sum(members, (s) => s.prompt),
      completion_tokens: sum(members, (s) => s.completion),
      cached_tokens: sum(members, (s) => s.cached),
      reasoning_tokens: sum(members, (s) => s.reasoning),
      cost_usd: expect.closeTo(sum(members, (s) => s.cost), 9),
      cache_hits: members.filter((s) => s.cacheHit).length,
      latency_ms: percentiles(members.map((s) => s.latency)),
      ttft_ms: percentiles(members.flatMap((s) => (s.ttft === null ? [] : [s.ttft]))),
    }));
}

/** The hourly rollup rows analytics maintains for these generations, folded here independently. */
function rollupRows(rows: Seed[]) {
  const bucketOf = (value: number) => {
    const index = BOUNDS.findIndex((bound) => value <= bound);
    return index === -1 ? BOUNDS.length : index;
  };
  const byRow = new Map<string, Seed[]>();
  for (const s of rows) {
    const id = JSON.stringify([s.org, truncate(s.at, '1h').toISOString(), s.key, s.team ?? '', s.model ?? s.requested, s.provider ?? '']);
    byRow.set(id, [...(byRow.get(id) ?? []), s]);
  }
  return [...byRow.entries()].map(([id, members]) => {
    const [orgId, hour, keyId, teamId, model, providerId] = JSON.parse(id) as string[];
    const histogram = (values: number[]) => values.reduce((counts, v) => ((counts[bucketOf(v)] += 1), counts), new Array<number>(BOUNDS.length + 1).fill(0));
    return {
      orgId: orgId!, hour: new Date(hour!), keyId: keyId!, teamId: teamId!, model: model!, providerId: providerId!,
      requests: members.length,
      errors: members.filter((s) => s.status !== 'success').length,
      cacheHits: members.filter((s) => s.cacheHit).length,
      promptTokens: sum(members, (s) => s.prompt),
      completionTokens: sum(members, (s) => s.completion),
      cachedTokens: sum(members, (s) => s.cached),
      reasoningTokens: sum(members, (s) => s.reasoning),
      costUsd: sum(members, (s) => s.cost).toFixed(10),
      latencyHist: histogram(members.map((s) => s.latency)),
      ttftHist: histogram(members.flatMap((s) => (s.ttft === null ? [] : [s.ttft]))),
    };
  });
}

/** Ten generations written by one ledger batch share one `created_at` (the transaction's now()). */
const BATCH_AT = '2026-03-10 12:00:00.123';
const BATCH = Array.from({ length: 10 }, (_, i) => `batch-${i}`);

describe('AnalyticsRepository (real Postgres)', () => {
  let postgres: TestPrisma;
  let prisma: PrismaClient;
  let repository: AnalyticsRepository;
  const all = seeds();
  const orgA = all.filter((s) => s.org === 'org-a');
  const usage = (q: Record<string, unknown>, org = 'org-a') => repository.usage(org, usageQuerySchema.parse(q));
  const log = (q: Record<string, unknown>, org = 'org-a') => repository.requests(org, requestLogQuerySchema.parse(q));
  const threeDays = { from: new Date(DAY0).toISOString(), to: new Date(DAY0 + 3 * 86_400_000).toISOString() };

  beforeAll(async () => {
    postgres = await createTestPrisma('gateway_analytics');
    prisma = postgres.prisma;
    repository = new AnalyticsRepository(prisma);
    await prisma.organization.createMany({ data: [{ id: 'org-a', name: 'a' }, { id: 'org-b', name: 'b' }] });
    await prisma.team.create({ data: { id: 't1', orgId: 'org-a', name: 't1' } });
    await prisma.apiKey.createMany({ data: KEYS.map((k) => ({ id: k.id, orgId: k.org, teamId: k.team, name: k.id, hash: k.id.padEnd(64, 'x'), prefix: 'p', lastFour: '0000' })) });
    await prisma.generation.createMany({
      data: all.map((s) => ({
        id: s.id, orgId: s.org, keyId: s.key, teamId: s.team, kind: 'chat', requestedModel: s.requested, model: s.model, providerId: s.provider,
        streamed: false, status: s.status, promptTokens: s.prompt, completionTokens: s.completion, cachedTokens: s.cached,
        reasoningTokens: s.reasoning, usageSource: 'upstream', costUsd: s.cost, latencyMs: s.latency, ttftMs: s.ttft, cacheHit: s.cacheHit,
        attempts: [], startedAt: s.at, createdAt: s.at,
      })),
    });
    await prisma.usageRollupHourly.createMany({ data: rollupRows(all) });
  });
  afterAll(async () => postgres?.stop());

  describe('usage from generations (minute buckets, exact percentiles)', () => {
    it.each(['none', 'key', 'team', 'model', 'provider'] as const)('groups by %s', async (groupBy) => {
      const rows = await usage({ ...threeDays, bucket: '1m', group_by: groupBy });
      expect(rows).toEqual(expectedUsage(orgA, '1m', groupBy, exactPercentiles));
    });

    it('filters by key and by model, and counts from inclusive, to exclusive', async () => {
      const chronological = [...orgA].sort((a, b) => a.at.getTime() - b.at.getTime());
      const [from, to] = [chronological[40]!.at, chronological[120]!.at];
      const inRange = orgA.filter((s) => s.at >= from && s.at < to);
      expect(inRange.map((s) => s.id)).toContain(chronological[40]!.id);
      expect(inRange.map((s) => s.id)).not.toContain(chronological[120]!.id);
      expect(await usage({ from: from.toISOString(), to: to.toISOString(), bucket: '1m', group_by: 'model' })).toEqual(expectedUsage(inRange, '1m', 'model', exactPercentiles));
      expect(await usage({ ...threeDays, bucket: '1m', key_id: 'k2' })).toEqual(expectedUsage(orgA.filter((s) => s.key === 'k2'), '1m', 'none', exactPercentiles));
      const model = MODELS[1]!;
      expect(await usage({ ...threeDays, bucket: '1m', group_by: 'provider', model })).toEqual(
        expectedUsage(orgA.filter((s) => (s.model ?? s.requested) === model), '1m', 'provider', exactPercentiles),
      );
    });

    it("never shows another organisation's traffic", async () => {
      const orgB = all.filter((s) => s.org === 'org-b');
      expect(orgB.length).toBeGreaterThan(0);
      expect(await usage({ ...threeDays, bucket: '1m' }, 'org-b')).toEqual(expectedUsage(orgB, '1m', 'none', exactPercentiles));
      expect(await usage({ ...threeDays, bucket: '1m' }, 'org-nobody')).toEqual([]);
    });
  });

  describe('usage from the hourly rollups (hour and day buckets, histogram percentiles)', () => {
    it.each([
      ['1h', 'none'],
      ['1h', 'model'],
      ['1d', 'key'],
      ['1d', 'team'],
      ['1d', 'provider'],
    ] as const)('%s buckets grouped by %s', async (bucket, groupBy) => {
      expect(await usage({ ...threeDays, bucket, group_by: groupBy })).toEqual(expectedUsage(orgA, bucket, groupBy, bucketPercentiles));
    });

    it('agrees with the raw generations on every count, token and cost of each hour', async () => {
      const fromRollups = await usage({ ...threeDays, bucket: '1h', group_by: 'key' });
      const fromRaw = await usage({ ...threeDays, bucket: '1m', group_by: 'key' });
      const totals = (rows: UsageRow[]) => {
        const byHour = new Map<string, number[]>();
        for (const row of rows) {
          const id = `${truncate(row.bucket, '1h').toISOString()}|${row.grp}`;
          const values = [row.requests, row.errors, row.prompt_tokens, row.completion_tokens, row.cached_tokens, row.reasoning_tokens, row.cache_hits, Math.round(row.cost_usd * 1e10)];
          byHour.set(id, (byHour.get(id) ?? values.map(() => 0)).map((total, i) => total + values[i]!));
        }
        return Object.fromEntries(byHour);
      };
      expect(fromRollups.length).toBeGreaterThan(50);
      expect(totals(fromRollups)).toEqual(totals(fromRaw));
    });

    it('takes whole hours: the one holding `from` is included, the one starting at `to` is not', async () => {
      const from = new Date(DAY0 + 86_400_000 + 30 * 60_000); // day 2, 00:30
      const to = new Date(DAY0 + 86_400_000 + 5 * 3_600_000); // day 2, 05:00
      const hours = orgA.filter((s) => s.at.getTime() >= DAY0 + 86_400_000 && s.at < to);
      expect(await usage({ from: from.toISOString(), to: to.toISOString(), bucket: '1h' })).toEqual(expectedUsage(hours, '1h', 'none', bucketPercentiles));
    });

    it('filters by key and by model', async () => {
      expect(await usage({ ...threeDays, bucket: '1d', key_id: 'k3', group_by: 'model' })).toEqual(expectedUsage(orgA.filter((s) => s.key === 'k3'), '1d', 'model', bucketPercentiles));
      const model = MODELS[2]!;
      expect(await usage({ ...threeDays, bucket: '1d', model })).toEqual(expectedUsage(orgA.filter((s) => (s.model ?? s.requested) === model), '1d', 'none', bucketPercentiles));
    });

    it('adds token counts past 2^31 in a bucket (a large organisation over a day)', async () => {
      const day = new Date(Date.UTC(2026, 2, 20));
      const hours = [0, 1, 2].map((h) => ({
        orgId: 'org-b', hour: new Date(day.getTime() + h * 3_600_000), keyId: 'kb', teamId: '', model: MODELS[0]!, providerId: 'primary',
        requests: 1_000_000, errors: 0, cacheHits: 0, promptTokens: 1_500_000_000, completionTokens: 900_000_000, cachedTokens: 0, reasoningTokens: 0,
        costUsd: '1000', latencyHist: [1_000_000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], ttftHist: new Array<number>(11).fill(0),
      }));
      await prisma.usageRollupHourly.createMany({ data: hours });
      const [row] = await usage({ from: day.toISOString(), to: new Date(day.getTime() + 86_400_000).toISOString(), bucket: '1d' }, 'org-b');
      expect(row).toMatchObject({ requests: 3_000_000, prompt_tokens: 4_500_000_000, completion_tokens: 2_700_000_000, cost_usd: 3000, latency_ms: [50, 50, 50], ttft_ms: null });
    });
  });

  describe('request log', () => {
    const newestFirst = (rows: Seed[]) => [...rows].sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : -1)).map((s) => s.id);

    async function walk(q: Record<string, unknown>): Promise<{ ids: string[]; pages: number }> {
      const ids: string[] = [];
      let cursor: string | undefined;
      for (let pages = 1; ; pages += 1) {
        const { page, next } = await log({ ...q, ...(cursor ? { cursor } : {}) });
        ids.push(...page.map((row: LogRow) => row.id));
        if (!next) return { ids, pages };
        cursor = next;
      }
    }

    it('returns one row with every logged field', async () => {
      const s = orgA.find((row) => row.ttft !== null && row.model !== null)!;
      const { page } = await log({ from: s.at.toISOString(), to: new Date(s.at.getTime() + 1).toISOString() });
      expect(page).toEqual([
        {
          id: s.id, created_at: s.at, key_id: s.key, model: s.model, provider_id: s.provider, status: s.status, streamed: false,
          prompt_tokens: s.prompt, completion_tokens: s.completion, cost_usd: expect.closeTo(s.cost, 10), latency_ms: s.latency, ttft_ms: s.ttft,
          finish_reason: null, error_code: null, cache_hit: s.cacheHit, tags: [], end_user: null, guardrails: [],
        },
      ]);
    });

    it('pages newest first through every row exactly once', async () => {
      const { ids, pages } = await walk({ limit: 7 });
      expect(ids).toEqual(newestFirst(orgA));
      expect(pages).toBe(Math.ceil(orgA.length / 7));
    });

    it.each([
      ['key_id', { key_id: 'k1' }, (s: Seed) => s.key === 'k1'],
      ['model', { model: MODELS[0] }, (s: Seed) => s.model === MODELS[0]],
      ['provider', { provider: 'backup' }, (s: Seed) => s.provider === 'backup'],
      ['status', { status: 'interrupted' }, (s: Seed) => s.status === 'interrupted'],
      ['from and to', { from: new Date(DAY0 + 86_400_000).toISOString(), to: new Date(DAY0 + 2 * 86_400_000).toISOString() }, (s: Seed) => s.at.getTime() >= DAY0 + 86_400_000 && s.at.getTime() < DAY0 + 2 * 86_400_000],
      ['several at once', { key_id: 'k2', status: 'success', provider: 'primary' }, (s: Seed) => s.key === 'k2' && s.status === 'success' && s.provider === 'primary'],
    ] as const)('filters by %s across pages', async (_name, filter, keep) => {
      const expected = newestFirst(orgA.filter(keep));
      expect(expected.length).toBeGreaterThan(3);
      expect((await walk({ ...filter, limit: 3 })).ids).toEqual(expected);
    });

    it('neither skips nor repeats rows that share one created_at (a ledger batch) across pages', async () => {
      const key = KEYS[2]!;
      await prisma.$executeRawUnsafe(
        `INSERT INTO generations (id, org_id, key_id, kind, requested_model, streamed, status, prompt_tokens, completion_tokens, cached_tokens,
           reasoning_tokens, usage_source, cost_usd, latency_ms, attempts, started_at, created_at)
         SELECT id, 'org-a', $2, 'chat', 'x/y', false, 'success', 1, 1, 0, 0, 'upstream', 0, 10, '[]', '${BATCH_AT}', '${BATCH_AT}' FROM unnest($1::text[]) AS id`,
        BATCH,
        key.id,
      );
      try {
        const { ids } = await walk({ key_id: key.id, limit: 4 });
        const batchAt = new Date(`${BATCH_AT.replace(' ', 'T')}Z`);
        const older = orgA.filter((s) => s.key === key.id && s.at < batchAt);
        const newer = orgA.filter((s) => s.key === key.id && s.at > batchAt);
        expect(ids).toEqual([...newestFirst(newer), ...[...BATCH].reverse(), ...newestFirst(older)]);
      } finally {
        await prisma.generation.deleteMany({ where: { id: { in: BATCH } } });
      }
    });

    it('keeps organisations apart and refuses a cursor it did not issue', async () => {
      expect((await walk({ limit: 50 })).ids).not.toContain(all.find((s) => s.org === 'org-b')!.id);
      expect((await log({ limit: 500 }, 'org-b')).page.map((row) => row.id)).toEqual(newestFirst(all.filter((s) => s.org === 'org-b')));
      for (const cursor of ['not-base64-json', Buffer.from('[1,2]').toString('base64url')]) {
        await expect(log({ cursor })).rejects.toMatchObject({ constructor: ApiError, status: 400, code: 'invalid_cursor' });
      }
    });
  });
});
