import { createServer, type Server } from 'node:http';
import { Queue } from 'bullmq';
import { Catalog, catalogConfigSchema } from '@alltokens/catalog';
import { JobName, QueueName, USAGE_BATCH_VERSION, type AlertEvent, type UsageEventInput } from '@alltokens/contracts';
import { JobProducer, queueOptions } from '@alltokens/jobs';
import { verifySignature, SIGNATURE_HEADER } from '@alltokens/alerts';
import type { PrismaClient } from '@alltokens/db';
import { createTestPrisma, type TestPrisma } from '@alltokens/db/testing';
import { createRedis } from '@alltokens/platform';
import { clearRedisPrefix, uniquePrefix } from '@alltokens/stack';
import { startAnalyticsRuntime, type AnalyticsRuntime } from '../analytics-runtime';
import { analyticsEnvSchema } from '../config/analytics-env';

jest.setTimeout(90_000);

const prefix = uniquePrefix('it-alerts');
const ENDPOINT = 'p:openai/gpt-4o-mini';
const catalog = new Catalog(
  catalogConfigSchema.parse({
    providers: [{ id: 'p', base_url: 'http://127.0.0.1:1/v1', models: [{ model: 'openai/gpt-4o-mini', pricing: { prompt: 1, completion: 2 } }] }],
  }),
);
/** 100 prompt + 10 completion tokens at $1/$2 per million. */
const COST = 120e-6;

function usageEvent(requestId: string, overrides: Partial<UsageEventInput> = {}): UsageEventInput {
  return {
    v: 1,
    requestId,
    trace: {},
    caller: { keyId: 'key-1', orgId: 'org-a', tags: ['feature:search'], endUser: 'alice' },
    kind: 'chat',
    requestedModel: 'openai/gpt-4o-mini',
    model: 'openai/gpt-4o-mini',
    providerId: 'p',
    endpointId: ENDPOINT,
    streamed: false,
    status: 'success',
    finishReason: 'stop',
    usage: { promptTokens: 100, completionTokens: 10 },
    usageSource: 'upstream',
    startedAt: Date.now(),
    finishedAt: Date.now(),
    latencyMs: 30,
    ttftMs: 5,
    attempts: [{ providerId: 'p', endpointId: ENDPOINT, httpStatus: 200, outcome: 'success', latencyMs: 10 }],
    error: null,
    ...overrides,
  };
}

interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe('alerts (real Postgres and Redis, a local receiver)', () => {
  let postgres: TestPrisma;
  let prisma: PrismaClient;
  let runtime: AnalyticsRuntime;
  let usage: JobProducer<typeof QueueName.Usage>;
  let alerts: Queue;
  let receiver: Server;
  let base = '';
  const received: Received[] = [];
  /** Statuses the receiver answers, per path, before it answers 200. */
  const failFirst = new Map<string, number[]>();
  const connection = createRedis('redis://127.0.0.1:6379');
  let sent = 0;

  async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
      const value = await check();
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('timed out');
  }
  const send = async (events: UsageEventInput[]) => {
    await usage.enqueue(JobName.UsageBatch, { v: USAGE_BATCH_VERSION, events });
    sent += events.length;
    await waitFor(async () => ((await prisma.generation.count()) === sent ? true : undefined));
  };
  const at = (path: string) => received.filter((r) => r.path === path);

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ path: req.url!, headers: req.headers, body });
        res.statusCode = failFirst.get(req.url!)?.shift() ?? 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
    postgres = await createTestPrisma('alerts');
    prisma = postgres.prisma;
    await prisma.organization.createMany({ data: [{ id: 'org-a', name: 'A' }, { id: 'org-b', name: 'B' }] });
    await prisma.apiKey.create({ data: { id: 'key-1', orgId: 'org-a', name: 'k', hash: 'k'.repeat(64), prefix: 'sk', lastFour: '0000' } });
    await prisma.alertDestination.createMany({
      data: [
        { id: 'hook', orgId: 'org-a', name: 'hook', kind: 'webhook', url: `${base}/hook`, secret: 'whsec_test' },
        { id: 'slack', orgId: 'org-a', name: 'slack', kind: 'slack', url: `${base}/slack` },
        { id: 'other-org', orgId: 'org-b', name: 'b', kind: 'webhook', url: `${base}/org-b`, secret: 'whsec_b' },
      ],
    });
    const env = analyticsEnvSchema.parse({ DATABASE_URL: postgres.url, ALLTOKENS_PREFIX: prefix, ANALYTICS_BATCH_MS: '10', ALLTOKENS_WEBHOOK_ALLOW_PRIVATE: 'true', LOG_LEVEL: 'silent' });
    runtime = await startAnalyticsRuntime(env, catalog);
    usage = new JobProducer(QueueName.Usage, { connection, prefix });
    alerts = new Queue(QueueName.Alerts, queueOptions(QueueName.Alerts, { connection, prefix }));
  });

  afterAll(async () => {
    await runtime?.stop();
    for (const queue of [usage?.queue, alerts]) {
      await queue?.obliterate({ force: true });
      await queue?.close();
    }
    connection.disconnect();
    await postgres?.stop();
    await clearRedisPrefix('redis://127.0.0.1:6379', prefix);
    receiver?.close();
  });

  it('fires a tag budget threshold once per period: signed to the budget webhook, in Slack format to the rule', async () => {
    await prisma.budget.create({
      data: { id: 'b-tag', orgId: 'org-a', scope: 'tag', scopeId: 'feature:search', amountUsd: 10 * COST, period: 'monthly', thresholds: [50], webhookUrl: `${base}/budget`, webhookSecret: 'whsec_budget' },
    });
    await prisma.alertRule.create({ data: { id: 'r-budget', orgId: 'org-a', name: 'budgets', type: 'budget_threshold', destinationIds: ['slack'] } });
    failFirst.set('/budget', [503]); // the first delivery fails: BullMQ retries it with backoff
    await send(Array.from({ length: 6 }, (_, i) => usageEvent(`t-${i}`)));
    const [delivery] = await waitFor(() => (at('/budget').length >= 2 ? at('/budget').slice(1) : undefined));
    expect(verifySignature('whsec_budget', delivery!.body, delivery!.headers[SIGNATURE_HEADER] as string)).toBe(true);
    const event = JSON.parse(delivery!.body) as AlertEvent;
    expect(event).toMatchObject({ type: 'budget.threshold', org_id: 'org-a', data: { budget_id: 'b-tag', scope: 'tag', scope_id: 'feature:search', threshold: 50, period: 'monthly' } });
    const [slack] = await waitFor(() => (at('/slack').length ? at('/slack') : undefined));
    const message = JSON.parse(slack!.body) as { text: string; blocks: Array<{ type: string }> };
    expect(message.text).toMatch(/^Budget threshold reached: monthly tag budget 'feature:search' reached 50%/);
    expect(message.blocks.map((block) => block.type)).toEqual(['header', 'section', 'section', 'context']);
    expect(slack!.headers[SIGNATURE_HEADER]).toBeUndefined();
    await send(Array.from({ length: 3 }, (_, i) => usageEvent(`t-more-${i}`)));
    await new Promise((r) => setTimeout(r, 1500));
    expect(at('/budget')).toHaveLength(2); // one failure, one success: never a second alert this period
    expect(await prisma.alertEventRecord.count({ where: { type: 'budget.threshold' } })).toBe(1);
  });

  it('alerts on an error-rate spike per endpoint once per window, and not below min_requests', async () => {
    await prisma.alertRule.create({
      data: { id: 'r-errors', orgId: 'org-a', name: 'errors', type: 'error_rate', destinationIds: ['hook'], threshold: 0.5, minRequests: 10, windowSeconds: 300 },
    });
    await new Promise((r) => setTimeout(r, 5_100)); // the rule cache
    const failed = (id: string) =>
      usageEvent(id, { status: 'error', attempts: [{ providerId: 'p', endpointId: ENDPOINT, httpStatus: 503, outcome: 'error', latencyMs: 5 }], usage: { promptTokens: 0, completionTokens: 0 } });
    await send(Array.from({ length: 4 }, (_, i) => failed(`e-few-${i}`)));
    await new Promise((r) => setTimeout(r, 1200));
    expect(at('/hook')).toHaveLength(0);
    await send(Array.from({ length: 12 }, (_, i) => failed(`e-${i}`)));
    const [delivery] = await waitFor(() => (at('/hook').length ? at('/hook') : undefined));
    const event = JSON.parse(delivery!.body) as AlertEvent;
    expect(event).toMatchObject({ type: 'endpoint.error_rate', rule_id: 'r-errors', data: { endpoint_id: ENDPOINT, threshold: 0.5 } });
    expect(event.data.error_rate as number).toBeGreaterThanOrEqual(0.5);
    expect(verifySignature('whsec_test', delivery!.body, delivery!.headers[SIGNATURE_HEADER] as string)).toBe(true);
    await new Promise((r) => setTimeout(r, 1100));
    await send(Array.from({ length: 12 }, (_, i) => failed(`e-again-${i}`)));
    await new Promise((r) => setTimeout(r, 1500));
    expect(at('/hook')).toHaveLength(1);
  });

  it('alerts on a latency spike at the rule percentile', async () => {
    await prisma.alertRule.create({
      data: { id: 'r-latency', orgId: 'org-a', name: 'slow', type: 'latency', destinationIds: ['slack'], threshold: 1000, percentile: 95, minRequests: 5, windowSeconds: 60 },
    });
    await new Promise((r) => setTimeout(r, 5_100));
    const before = at('/slack').length;
    await send(Array.from({ length: 8 }, (_, i) => usageEvent(`slow-${i}`, { latencyMs: 2500 })));
    const slack = await waitFor(() => at('/slack').slice(before).find((r) => r.body.includes('Latency spike')));
    expect(JSON.parse(slack.body).text).toContain(`${ENDPOINT}: p95 latency reached 3200 ms`);
  });

  it("turns a router's breaker signal into one alert per window for every organisation with a rule", async () => {
    await prisma.alertRule.createMany({
      data: [
        { id: 'r-breaker-a', orgId: 'org-a', name: 'breakers', type: 'breaker_open', destinationIds: ['hook'], windowSeconds: 600 },
        { id: 'r-breaker-b', orgId: 'org-b', name: 'breakers', type: 'breaker_open', destinationIds: ['other-org'], endpointId: ENDPOINT, windowSeconds: 600 },
        { id: 'r-breaker-x', orgId: 'org-b', name: 'other endpoint', type: 'breaker_open', destinationIds: ['other-org'], endpointId: 'q:x/y', windowSeconds: 600 },
      ],
    });
    await new Promise((r) => setTimeout(r, 5_100));
    const before = at('/hook').length;
    const signal = { v: 1, endpointId: ENDPOINT, providerId: 'p', modelId: 'openai/gpt-4o-mini', failures: 5, openUntil: Date.now() + 30_000, at: Date.now() };
    await alerts.add(JobName.BreakerOpened, signal);
    await alerts.add(JobName.BreakerOpened, { ...signal, at: signal.at + 10 }); // a second router saw it too
    const [b] = await waitFor(() => (at('/org-b').length ? at('/org-b') : undefined));
    expect(JSON.parse(b!.body)).toMatchObject({ type: 'endpoint.breaker_open', org_id: 'org-b', data: { endpoint_id: ENDPOINT, failures: 5 } });
    await waitFor(() => (at('/hook').length > before ? true : undefined));
    await new Promise((r) => setTimeout(r, 1000));
    expect(at('/hook').length - before).toBe(1);
    expect(at('/org-b')).toHaveLength(1);
  });

  it('keeps per-tag and per-user rollups beside the hourly ones', async () => {
    const rows = await prisma.usageRollupDimensionHourly.groupBy({ by: ['dimension', 'value'], _sum: { requests: true } });
    expect(rows.map((row) => [row.dimension, row.value, row._sum.requests]).sort()).toEqual([
      ['tag:feature', 'search', sent],
      ['user', 'alice', sent],
    ]);
  });
});
