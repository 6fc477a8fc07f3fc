import type { Job } from 'bullmq';
import { Client } from 'pg';
import { Catalog, catalogConfigSchema } from '@alltokens/catalog';
import { JobName, QueueName, reservationKey, USAGE_BATCH_VERSION, USAGE_EVENT_VERSION, type UsageEventInput } from '@alltokens/contracts';
import { JobProducer } from '@alltokens/jobs';
import type { PrismaClient } from '@alltokens/db';
import { createTestPrisma, type TestPrisma } from '@alltokens/db/testing';
import { createRedis } from '@alltokens/platform';
import { clearRedisPrefix, uniquePrefix } from '@alltokens/stack';
import { startAnalyticsRuntime, type AnalyticsRuntime } from './analytics-runtime';
import { analyticsEnvSchema } from './config/analytics-env';

jest.setTimeout(60_000);

const prefix = uniquePrefix('it-analytics');
const catalog = new Catalog(
  catalogConfigSchema.parse({
    providers: [{ id: 'p', base_url: 'http://127.0.0.1:1/v1', models: [{ model: 'openai/gpt-4o-mini', pricing: { prompt: 1, completion: 2 } }] }],
  }),
);
/** 100 prompt + 10 completion tokens at $1/$2 per million. */
const COST = 100e-6 + 20e-6;

function usageEvent(requestId: string, keyId: string, overrides: Partial<UsageEventInput> = {}): UsageEventInput {
  return {
    v: USAGE_EVENT_VERSION,
    requestId,
    trace: {},
    caller: { keyId, orgId: 'org-a' },
    kind: 'chat',
    requestedModel: 'openai/gpt-4o-mini',
    model: 'openai/gpt-4o-mini',
    providerId: 'p',
    endpointId: 'p:openai/gpt-4o-mini',
    streamed: false,
    status: 'success',
    finishReason: 'stop',
    usage: { promptTokens: 100, completionTokens: 10 },
    usageSource: 'upstream',
    startedAt: Date.now(),
    finishedAt: Date.now(),
    latencyMs: 12,
    ttftMs: 5,
    attempts: [{ providerId: 'p', endpointId: 'p:openai/gpt-4o-mini', httpStatus: 200, outcome: 'success', latencyMs: 10 }],
    error: null,
    ...overrides,
  };
}

describe('analytics usage pipeline (real Postgres and Redis)', () => {
  let postgres: TestPrisma;
  let prisma: PrismaClient;
  let runtime: AnalyticsRuntime;
  let usage: JobProducer<typeof QueueName.Usage>;
  const connection = createRedis('redis://127.0.0.1:6379');
  /** Each event as its own batch (as a gateway sends a cache hit), so each has its own job state. */
  const sendEach = (events: UsageEventInput[]) =>
    Promise.all(events.map((event) => usage.enqueue(JobName.UsageBatch, { v: USAGE_BATCH_VERSION, events: [event] }, { jobId: event.requestId })));

  async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
      const value = await check();
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('timed out');
  }

  /** Usage jobs are removed once completed (their JOB_OPTIONS); failed ones stay, as dead letters. */
  const stateOf = async (job: Job) => {
    const state = await job.getState();
    return state === 'unknown' ? 'completed' : state;
  };
  const keyUsage = async (id: string) => (await prisma.apiKey.findUniqueOrThrow({ where: { id } })).usageUsd.toNumber();
  const countFor = (keyId: string) => prisma.generation.count({ where: { keyId } });

  beforeAll(async () => {
    postgres = await createTestPrisma('analytics');
    prisma = postgres.prisma;
    await prisma.organization.create({ data: { id: 'org-a', name: 'A' } });
    for (const id of ['key-1', 'key-2', 'key-3', 'key-4']) {
      await prisma.apiKey.create({ data: { id, orgId: 'org-a', name: id, hash: id.padEnd(64, '0'), prefix: 'sk', lastFour: '0000' } });
    }
    const env = analyticsEnvSchema.parse({ DATABASE_URL: postgres.url, ALLTOKENS_PREFIX: prefix, ANALYTICS_BATCH_MS: '10' });
    runtime = await startAnalyticsRuntime(env, catalog);
    usage = new JobProducer(QueueName.Usage, { connection, prefix });
  });

  afterAll(async () => {
    await runtime?.stop();
    await usage?.queue.obliterate({ force: true });
    await usage?.close();
    connection.disconnect();
    await postgres?.stop();
    await clearRedisPrefix('redis://127.0.0.1:6379', prefix);
  });

  it('mirrors the catalog into its tables', async () => {
    const endpoint = await prisma.endpoint.findUniqueOrThrow({ where: { id: 'p:openai/gpt-4o-mini' } });
    expect(endpoint.promptPrice.toNumber()).toBeCloseTo(1e-6, 12);
  });

  it('writes generations, ledger entries and key spend exactly, and a replay changes nothing', async () => {
    const events = Array.from({ length: 300 }, (_, i) => usageEvent(`gen-a-${i}`, 'key-1'));
    await usage.enqueue(JobName.UsageBatch, { v: USAGE_BATCH_VERSION, events });
    await waitFor(async () => ((await countFor('key-1')) === 300 ? true : undefined));
    expect(await prisma.ledgerEntry.count({ where: { keyId: 'key-1' } })).toBe(300);
    expect(await keyUsage('key-1')).toBeCloseTo(300 * COST, 9);
    const row = await prisma.generation.findUniqueOrThrow({ where: { id: 'gen-a-7' } });
    expect(row).toMatchObject({ orgId: 'org-a', providerId: 'p', promptTokens: 100, completionTokens: 10, status: 'success', latencyMs: 12, ttftMs: 5 });
    expect(row.costUsd.toNumber()).toBeCloseTo(COST, 12);

    const rollup = await prisma.usageRollupHourly.aggregate({ where: { keyId: 'key-1' }, _sum: { requests: true, promptTokens: true, costUsd: true } });
    expect(rollup._sum.requests).toBe(300);
    expect(Number(rollup._sum.promptTokens)).toBe(300 * 100);
    expect(rollup._sum.costUsd!.toNumber()).toBeCloseTo(300 * COST, 9);
    const replay = await usage.enqueue(JobName.UsageBatch, { v: USAGE_BATCH_VERSION, events: [events[7]!] }, { jobId: 'replay-of-gen-a-7' });
    await waitFor(async () => ((await stateOf(replay)) === 'completed' ? true : undefined));
    expect(await countFor('key-1')).toBe(300);
    expect(await prisma.ledgerEntry.count({ where: { keyId: 'key-1' } })).toBe(300);
    expect(await keyUsage('key-1')).toBeCloseTo(300 * COST, 9);
    expect((await prisma.usageRollupHourly.aggregate({ where: { keyId: 'key-1' }, _sum: { requests: true } }))._sum.requests).toBe(300);
  });

  it('settles the budget reservations the gateway said it holds (and those of older gateways), and no other', async () => {
    const held = (id: string) => JSON.stringify({ keys: [`${prefix}:it-budget:${id}`], amount: 1_000 });
    const ids = ['gen-s-reserved', 'gen-s-older', 'gen-s-unreserved'];
    for (const id of ids) await connection.set(reservationKey(prefix, id), held(id));
    const reserved = usageEvent(ids[0]!, 'key-1', { caller: { keyId: 'key-1', orgId: 'org-a', budgetReserved: true } });
    const older = usageEvent(ids[1]!, 'key-1');
    const unreserved = usageEvent(ids[2]!, 'key-1', { caller: { keyId: 'key-1', orgId: 'org-a', budgetReserved: false } });
    await usage.enqueue(JobName.UsageBatch, { v: USAGE_BATCH_VERSION, events: [reserved, older, unreserved] });
    const settledOf = async (id: string) => (JSON.parse((await connection.get(reservationKey(prefix, id)))!) as { settled?: boolean }).settled === true;
    await waitFor(async () => ((await settledOf(ids[0]!)) && (await settledOf(ids[1]!)) ? true : undefined));
    // Spent, once, on the budget the reservation named.
    expect(await connection.hget(`${prefix}:it-budget:${ids[0]}`, 'spent')).toBe(String(Math.round(COST * 1e9)));
    expect(await settledOf(ids[2]!)).toBe(false);
    expect(await connection.exists(`${prefix}:it-budget:${ids[2]}`)).toBe(0);
  });

  it('bills the cost the router priced (the usage.cost its client saw), whatever its own catalog says', async () => {
    await prisma.apiKey.create({ data: { id: 'key-6', orgId: 'org-a', name: 'key-6', hash: 'key-6'.padEnd(64, '0'), prefix: 'sk', lastFour: '0000' } });
    await sendEach([usageEvent('gen-priced', 'key-6', { costUsd: 0.0042 })]);
    const row = await waitFor(() => prisma.generation.findUnique({ where: { id: 'gen-priced' } }).then((r) => r ?? undefined));
    expect(row.costUsd.toNumber()).toBe(0.0042);
    expect((await prisma.ledgerEntry.findUniqueOrThrow({ where: { generationId: 'gen-priced' } })).amountUsd.toNumber()).toBe(0.0042);
    expect(await keyUsage('key-6')).toBe(0.0042);
  });

  it('bills a single-event usage job of an older gateway (a rolling upgrade) exactly once', async () => {
    const legacy = usageEvent('gen-legacy', 'key-2', { costUsd: 0.0031 });
    await usage.enqueue(JobName.UsageEvent, legacy, { jobId: 'gen-legacy' });
    await usage.enqueue(JobName.UsageEvent, legacy, { jobId: 'gen-legacy-again' });
    const row = await waitFor(() => prisma.generation.findUnique({ where: { id: 'gen-legacy' } }).then((r) => r ?? undefined));
    expect(row.costUsd.toNumber()).toBe(0.0031);
    await waitFor(async () => ((await usage.queue.getJob('gen-legacy-again')) ? undefined : true));
    expect(await prisma.ledgerEntry.count({ where: { generationId: 'gen-legacy' } })).toBe(1);
  });

  it('records a request that reached no upstream at zero cost and without a ledger entry', async () => {
    await sendEach([usageEvent('gen-none', 'key-2', { attempts: [], status: 'error', usage: { promptTokens: 0, completionTokens: 0 } })]);
    const row = await waitFor(() => prisma.generation.findUnique({ where: { id: 'gen-none' } }).then((r) => r ?? undefined));
    expect(row.costUsd.toNumber()).toBe(0);
    expect(await prisma.ledgerEntry.count({ where: { generationId: 'gen-none' } })).toBe(0);
  });

  it('fails an invalid event or one naming an unknown key without blocking the others', async () => {
    // A producer that bypassed the compiler: the raw queue takes anything.
    const bad = await usage.queue.add(JobName.UsageBatch, { v: USAGE_BATCH_VERSION, events: [{ v: USAGE_EVENT_VERSION, requestId: 'broken' }] }, { jobId: 'broken' });
    const [orphan, good] = await sendEach([usageEvent('gen-orphan', 'no-such-key'), usageEvent('gen-good', 'key-2')]);
    await waitFor(async () => ((await stateOf(good!)) === 'completed' ? true : undefined));
    await waitFor(async () => ((await bad.getState()) === 'failed' && (await orphan!.getState()) === 'failed' ? true : undefined));
    expect((await usage.queue.getJob('broken'))!.attemptsMade).toBe(1);
    // Dead letters are replayable: once the key exists, the orphan's replay lands exactly once.
    await prisma.apiKey.create({ data: { id: 'no-such-key', orgId: 'org-a', name: 'late', hash: 'late'.padEnd(64, '0'), prefix: 'sk', lastFour: '0000' } });
    await (await usage.queue.getJob('gen-orphan'))!.retry('failed');
    await waitFor(() => prisma.generation.findUnique({ where: { id: 'gen-orphan' } }).then((r) => r ?? undefined));
  });

  it('fails a job it has no handler for, or of a payload version it does not read, at once and with the reason', async () => {
    const unnamed = await usage.queue.add('no-such-job', { v: USAGE_BATCH_VERSION, events: [usageEvent('gen-unnamed', 'key-2')] }, { jobId: 'unnamed', attempts: 5 });
    const future = await usage.queue.add(JobName.UsageBatch, { v: 99, events: [usageEvent('gen-future', 'key-2')] }, { jobId: 'future', attempts: 5 });
    await waitFor(async () => ((await unnamed.getState()) === 'failed' && (await future.getState()) === 'failed' ? true : undefined));
    const [failedUnnamed, failedFuture] = await Promise.all([usage.queue.getJob('unnamed'), usage.queue.getJob('future')]);
    expect(failedUnnamed).toMatchObject({ attemptsMade: 1, failedReason: "no handler for job 'no-such-job' on queue 'usage'" });
    expect(failedFuture!.attemptsMade).toBe(1);
    expect(failedFuture!.failedReason).toContain('payload version 99; this service reads version 1');
    expect(await prisma.generation.count({ where: { id: { in: ['gen-unnamed', 'gen-future'] } } })).toBe(0);
  });

  it('stores text Postgres cannot hold and isolates an event it rejects, without failing its batch', async () => {
    await prisma.apiKey.create({ data: { id: 'key-5', orgId: 'org-a', name: 'key-5', hash: 'key-5'.padEnd(64, '0'), prefix: 'sk', lastFour: '0000' } });
    const good = Array.from({ length: 40 }, (_, i) => usageEvent(`gen-p-${i}`, 'key-5'));
    const nul = usageEvent('gen-p-nul', 'key-5', { status: 'error', finishReason: 'st\u0000op', error: { status: 502, code: 'upstream_error', message: 'bad\u0000byte\ud800' } });
    // More tokens than Postgres' int columns hold: a poisoned event must fail alone.
    const huge = usageEvent('gen-p-huge', 'key-5', { usage: { promptTokens: 3_000_000_000, completionTokens: 1 } });
    const batch = [...good.slice(0, 20), nul, huge, ...good.slice(20)];
    await sendEach(batch);
    await waitFor(async () => ((await countFor('key-5')) === 41 ? true : undefined));
    const stored = await prisma.generation.findUniqueOrThrow({ where: { id: 'gen-p-nul' } });
    // A lone surrogate (JSON.parse makes them from `\ud800`) is stored as U+FFFD.
    expect(stored).toMatchObject({ finishReason: 'stop', errorMessage: 'badbyte\ufffd' });
    const poisoned = await waitFor(async () => ((await usage.queue.getJob('gen-p-huge'))?.failedReason ? usage.queue.getJob('gen-p-huge') : undefined));
    expect(await poisoned!.getState()).toBe('failed');
    expect(poisoned!.attemptsMade).toBe(1);
    expect(await keyUsage('key-5')).toBeCloseTo(41 * COST, 9);
  });

  it('loses nothing and duplicates nothing when Postgres drops its connections mid-burst', async () => {
    const events = Array.from({ length: 400 }, (_, i) => usageEvent(`gen-c-${i}`, 'key-3'));
    const admin = new Client({ connectionString: postgres.url.replace(/\/[^/]+$/, '/postgres') });
    await admin.connect();
    const name = new URL(postgres.url).pathname.slice(1);
    await sendEach(events);
    for (let i = 0; i < 3; i += 1) {
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      await new Promise((r) => setTimeout(r, 30));
    }
    await admin.end();
    await waitFor(async () => ((await countFor('key-3')) === 400 ? true : undefined), 45_000);
    expect(await prisma.ledgerEntry.count({ where: { keyId: 'key-3' } })).toBe(400);
    expect(await keyUsage('key-3')).toBeCloseTo(400 * COST, 9);
  });

  it('sustains a high event rate into Postgres (printed, not asserted)', async () => {
    const events = Array.from({ length: 5000 }, (_, i) => usageEvent(`gen-t-${i}`, 'key-4'));
    const started = performance.now();
    // As routers send them: batches of up to 500 events.
    for (let i = 0; i < events.length; i += 500) await usage.enqueue(JobName.UsageBatch, { v: USAGE_BATCH_VERSION, events: events.slice(i, i + 500) });
    await waitFor(async () => ((await countFor('key-4')) === 5000 ? true : undefined), 60_000);
    const seconds = (performance.now() - started) / 1000;
    console.log(`usage pipeline: 5000 events in ${seconds.toFixed(2)} s = ${Math.round(5000 / seconds)} events/s`);
    expect(await keyUsage('key-4')).toBeCloseTo(5000 * COST, 8);
  });
});
