import type { PrismaClient } from '@alltokens/db';
import { createTestPrisma, type TestPrisma } from '@alltokens/db/testing';
import { requestLogQuerySchema, usageQuerySchema } from './analytics.dto';
import { AnalyticsRepository, type UsageRow } from './analytics.repository';

jest.setTimeout(60_000);

const DAY0 = Date.UTC(2026, 2, 9);
const FEATURES = ['search', 'summaries', 'chat'];
const USERS = ['alice', 'bob', null];

interface Seed {
  id: string;
  tags: string[];
  user: string | null;
  cost: number;
  latency: number;
  at: Date;
  guardrails: unknown[] | null;
}

/** 300 generations over two days: each with a feature tag (or none), a team tag on some, an end user on most. */
function seeds(): Seed[] {
  return Array.from({ length: 300 }, (_, i) => {
    const feature = i % 7 === 0 ? null : FEATURES[i % 3]!;
    return {
      id: `a${String(i).padStart(3, '0')}`,
      tags: [...(feature ? [`feature:${feature}`] : []), ...(i % 2 ? ['team:search'] : []), ...(i % 11 === 0 ? ['beta'] : [])],
      user: USERS[i % 3]!,
      cost: ((i % 13) + 1) / 1e5,
      latency: 40 + (i % 9) * 120,
      at: new Date(DAY0 + i * 9 * 60_000),
      guardrails: i % 5 === 0 ? [{ guardrailId: 'g', rule: 'email', stage: 'prompt', action: 'mask', count: 1 }] : null,
    };
  });
}

const valuesOf = (s: Seed, groupBy: string): string[] => {
  if (groupBy === 'user') return s.user ? [s.user] : [];
  const name = groupBy.slice('tag:'.length);
  return s.tags.filter((t) => t.split(':')[0] === name).map((t) => t.slice(name.length + 1));
};

/** What the per-dimension rollups hold for these seeds (analytics maintains them; folded here independently). */
function dimensionRows(rows: Seed[]) {
  const out = new Map<string, { orgId: string; dimension: string; hour: Date; value: string; requests: number; cost: number }>();
  for (const s of rows) {
    const hour = new Date(Math.floor(s.at.getTime() / 3_600_000) * 3_600_000);
    const dims = [...s.tags.map((t) => ({ dimension: `tag:${t.split(':')[0]}`, value: t.includes(':') ? t.slice(t.indexOf(':') + 1) : '' })), ...(s.user ? [{ dimension: 'user', value: s.user }] : [])];
    for (const { dimension, value } of dims) {
      const id = `${dimension}|${hour.toISOString()}|${value}`;
      const row = out.get(id) ?? { orgId: 'org', dimension, hour, value, requests: 0, cost: 0 };
      row.requests += 1;
      row.cost += s.cost;
      out.set(id, row);
    }
  }
  return [...out.values()].map((row) => ({
    orgId: row.orgId, dimension: row.dimension, hour: row.hour, value: row.value, requests: row.requests, errors: 0, cacheHits: 0,
    promptTokens: row.requests * 10, completionTokens: row.requests * 5, cachedTokens: 0, reasoningTokens: 0, costUsd: row.cost.toFixed(10),
    latencyHist: new Array<number>(11).fill(0), ttftHist: new Array<number>(11).fill(0),
  }));
}

describe('analytics by tag and end user (real Postgres)', () => {
  let postgres: TestPrisma;
  let prisma: PrismaClient;
  let repository: AnalyticsRepository;
  const all = seeds();
  const twoDays = { from: new Date(DAY0).toISOString(), to: new Date(DAY0 + 2 * 86_400_000).toISOString() };
  const usage = (q: Record<string, unknown>) => repository.usage('org', usageQuerySchema.parse({ ...twoDays, ...q }));
  /** Totals per group over the whole range, whatever the bucket. */
  const totals = (rows: UsageRow[]) => {
    const out: Record<string, { requests: number; cost: number }> = {};
    for (const row of rows) {
      const total = (out[row.grp] ??= { requests: 0, cost: 0 });
      total.requests += row.requests;
      total.cost = Math.round((total.cost + row.cost_usd) * 1e10) / 1e10;
    }
    return out;
  };
  const expected = (groupBy: string, keep: (s: Seed) => boolean = () => true) => {
    const out: Record<string, { requests: number; cost: number }> = {};
    for (const s of all.filter(keep)) {
      for (const value of valuesOf(s, groupBy)) {
        const total = (out[value] ??= { requests: 0, cost: 0 });
        total.requests += 1;
        total.cost = Math.round((total.cost + s.cost) * 1e10) / 1e10;
      }
    }
    return out;
  };

  beforeAll(async () => {
    postgres = await createTestPrisma('gateway_attribution');
    prisma = postgres.prisma;
    repository = new AnalyticsRepository(prisma);
    await prisma.organization.create({ data: { id: 'org', name: 'org' } });
    await prisma.apiKey.create({ data: { id: 'k', orgId: 'org', name: 'k', hash: 'k'.repeat(64), prefix: 'p', lastFour: '0000' } });
    await prisma.generation.createMany({
      data: all.map((s) => ({
        id: s.id, orgId: 'org', keyId: 'k', kind: 'chat', requestedModel: 'm/x', model: 'm/x', providerId: 'p', streamed: false, status: 'success',
        promptTokens: 10, completionTokens: 5, cachedTokens: 0, reasoningTokens: 0, usageSource: 'upstream', costUsd: s.cost, latencyMs: s.latency,
        attempts: [], startedAt: s.at, createdAt: s.at, tags: s.tags, endUser: s.user, ...(s.guardrails ? { guardrails: s.guardrails as object } : {}),
      })),
    });
    await prisma.usageRollupDimensionHourly.createMany({ data: dimensionRows(all) });
  });
  afterAll(async () => postgres?.stop());

  it.each(['tag:feature', 'tag:team', 'tag:beta', 'user'])('groups by %s from the rollups (hours, days) and from the generations (minutes) alike', async (groupBy) => {
    const want = expected(groupBy);
    expect(Object.keys(want).length).toBeGreaterThan(0);
    expect(totals(await usage({ bucket: '1h', group_by: groupBy }))).toEqual(want);
    expect(totals(await usage({ bucket: '1d', group_by: groupBy }))).toEqual(want);
    expect(totals(await usage({ bucket: '1m', group_by: groupBy }))).toEqual(want);
  });

  it('filters by tag and by end user, alone or with another grouping', async () => {
    const search = (s: Seed) => s.tags.includes('feature:search');
    expect(totals(await usage({ bucket: '1h', group_by: 'user', tag: 'feature:search' }))).toEqual(expected('user', search));
    expect(totals(await usage({ bucket: '1d', group_by: 'tag:feature', tag: 'Feature:search' }))).toEqual(expected('tag:feature', search));
    expect(totals(await usage({ bucket: '1d', group_by: 'tag:team', user: 'bob' }))).toEqual(expected('tag:team', (s) => s.user === 'bob'));
    const bob = all.filter((s) => s.user === 'bob');
    expect(totals(await usage({ bucket: '1d', user: 'bob' }))).toEqual({ '': { requests: bob.length, cost: Math.round(bob.reduce((a, s) => a + s.cost, 0) * 1e10) / 1e10 } });
  });

  it('refuses a group_by it does not know with a 400 naming it', () => {
    expect(usageQuerySchema.safeParse({ group_by: 'tag:' }).success).toBe(false);
    expect(usageQuerySchema.safeParse({ group_by: 'colour' }).success).toBe(false);
  });

  it('filters the request log by tag, end user and guardrail rule, and shows them', async () => {
    const log = async (q: Record<string, unknown>) => (await repository.requests('org', requestLogQuerySchema.parse({ limit: 500, ...q }))).page;
    const ids = (rows: Array<{ id: string }>) => rows.map((row) => row.id).sort();
    expect(ids(await log({ tag: 'team:search' }))).toEqual(all.filter((s) => s.tags.includes('team:search')).map((s) => s.id).sort());
    expect(ids(await log({ user: 'alice', tag: 'feature:chat' }))).toEqual(all.filter((s) => s.user === 'alice' && s.tags.includes('feature:chat')).map((s) => s.id).sort());
    const flagged = await log({ guardrail_rule: 'email' });
    expect(ids(flagged)).toEqual(all.filter((s) => s.guardrails).map((s) => s.id).sort());
    expect(flagged[0]).toMatchObject({ guardrails: [{ rule: 'email', action: 'mask', count: 1 }] });
    expect((await log({ user: 'alice' }))[0]).toMatchObject({ end_user: 'alice' });
  });
});
