import { Catalog, catalogConfigSchema } from '@alltokens/catalog';
import {
  cancelChannel,
  COMPLETION_JOB_VERSION,
  decodeReply,
  JobName,
  parseJob,
  QueueName,
  replyChannel,
  ReplyKind,
  usageEventSchema,
  type ChatCompletionRequest,
  type ReplyMessage,
  type UsageEvent,
} from '@alltokens/contracts';
import { JobProducer } from '@alltokens/jobs';
import { createRedis, subscribeWhenReady, type Redis } from '@alltokens/platform';
import { RouteRecordStore, type RouteRecord } from '@alltokens/routing';
import { clearRedisPrefix, openRedisTarget, REDIS_TARGETS, startSimulatorProcess, uniquePrefix, type SimulatorProcess } from '@alltokens/stack';
import { routerEnvSchema } from './config/router-env';
import { startRouterRuntime, type RouterRuntime } from './router-runtime';

jest.setTimeout(30_000);

const prefix = uniquePrefix('it-router');

describe.each(REDIS_TARGETS)('router runtime (%s, simulated providers)', (target) => {
  let redis: Awaited<ReturnType<typeof openRedisTarget>>;
  let primary: SimulatorProcess;
  let backup: SimulatorProcess;
  let runtime: RouterRuntime;
  let completions: JobProducer<typeof QueueName.Completions>;
  let usage: JobProducer<typeof QueueName.Usage>;
  let subscriber: Redis;
  let publisher: Redis;
  const channel = replyChannel(prefix, 'test-gateway');
  const replies = new Map<string, ReplyMessage[]>();
  let sequence = 0;

  beforeAll(async () => {
    [primary, backup, redis] = await Promise.all([startSimulatorProcess('primary'), startSimulatorProcess('backup'), openRedisTarget(target)]);
    subscriber = createRedis(redis.url, { enableAutoPipelining: false });
    publisher = createRedis(redis.url);
    const catalog = new Catalog(
      catalogConfigSchema.parse({
        providers: [
          { id: 'primary', base_url: primary.baseUrl, first_byte_timeout_ms: 500, models: [{ model: 'openai/gpt-4o-mini', pricing: { prompt: 1, completion: 2 } }, { model: 'acme/dead', pricing: { prompt: 1, completion: 2 } }] },
          { id: 'backup', base_url: backup.baseUrl, models: [{ model: 'openai/gpt-4o-mini', pricing: { prompt: 1, completion: 2 } }] },
          { id: 'closed', base_url: 'http://127.0.0.1:9/v1', models: [{ model: 'acme/dead' }] },
        ],
      }),
    );
    const env = routerEnvSchema.parse({ REDIS_URL: redis.url, ALLTOKENS_PREFIX: prefix, ROUTER_CONCURRENCY: '16', ROUTER_LOAD_BALANCING: 'cheapest-first' });
    runtime = await startRouterRuntime(env, catalog);
    completions = new JobProducer(QueueName.Completions, { connection: publisher, prefix });
    usage = new JobProducer(QueueName.Usage, { connection: publisher, prefix });
    subscriber.on('message', (_channel: string, raw: string) => {
      const message = decodeReply(raw);
      replies.set(message.requestId, [...(replies.get(message.requestId) ?? []), message]);
    });
    await subscribeWhenReady(subscriber, channel);
  });

  afterAll(async () => {
    await runtime?.stop();
    await completions?.queue.obliterate({ force: true });
    await usage?.queue.obliterate({ force: true });
    await completions?.close();
    await usage?.close();
    subscriber?.disconnect();
    publisher?.disconnect();
    await primary?.stop();
    await backup?.stop();
    if (redis) await clearRedisPrefix(redis.url, prefix);
    await redis?.stop();
  });

  beforeEach(async () => {
    await Promise.all([primary.reset(), backup.reset()]);
  });

  async function run(request: Partial<ChatCompletionRequest>): Promise<{ id: string; messages: ReplyMessage[] }> {
    const id = `gen-it-${++sequence}`;
    await completions.enqueue(JobName.Chat, {
      v: COMPLETION_JOB_VERSION,
      requestId: id,
      replyTo: channel,
      trace: {},
      caller: { keyId: 'k1', orgId: 'o1' },
      receivedAt: Date.now(),
      deadlineAt: Date.now() + 20_000,
      kind: JobName.Chat,
      request: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }], ...request },
    }, { jobId: id });
    const done = (messages: ReplyMessage[] = []) => messages.some((m) => m.kind === ReplyKind.Response || m.kind === ReplyKind.End || m.kind === ReplyKind.Error);
    for (let waited = 0; !done(replies.get(id)) && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    return { id, messages: replies.get(id) ?? [] };
  }

  async function routeRecord(id: string): Promise<RouteRecord> {
    const records = new RouteRecordStore(publisher, prefix);
    for (let waited = 0; waited < 5000; waited += 20) {
      const record = await records.load(id);
      if (record) return record;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no route record for ${id}`);
  }

  async function usageEvent(id: string): Promise<UsageEvent> {
    for (let waited = 0; waited < 5000; waited += 20) {
      // Routers send usage in batches: find the batch holding this request's event.
      for (const job of await usage.queue.getJobs(['waiting', 'prioritized'])) {
        const batch = parseJob(JobName.UsageBatch, job.data);
        const event = batch.ok ? batch.payload.events.find((candidate) => candidate.requestId === id) : undefined;
        if (event) return usageEventSchema.parse(event);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no usage event for ${id}`);
  }

  it('answers a non-streamed request with our id, the canonical model and the cost', async () => {
    const { id, messages } = await run({});
    expect(messages).toHaveLength(1);
    const reply = messages[0]!;
    if (reply.kind !== ReplyKind.Response) throw new Error(`unexpected ${reply.kind}`);
    const body = JSON.parse(reply.body);
    expect(body).toMatchObject({ id, model: 'openai/gpt-4o-mini', provider: 'primary', object: 'chat.completion' });
    expect(body.usage.cost).toBeCloseTo(body.usage.prompt_tokens * 1e-6 + body.usage.completion_tokens * 2e-6, 12);
    expect(reply.meta).toMatchObject({ provider: 'primary', failoverCount: 0, decisionReason: 'fixed_model', candidates: 2 });
    const event = await usageEvent(id);
    expect(event).toMatchObject({ status: 'success', usageSource: 'upstream', providerId: 'primary', endpointId: 'primary:openai/gpt-4o-mini' });
    expect(event.usage.promptTokens).toBe(body.usage.prompt_tokens);
    // Priced once: the ledger bills exactly the cost the client was shown, routed as its headers say.
    expect(event.costUsd).toBe(body.usage.cost);
    expect(event.route).toEqual({ mode: 'provider', decisionReason: 'fixed_model' });
    expect(body.alltokens_route.decision_reason).toBe('fixed_model');
  });

  it('relays a stream in order: start, chunks, end; usage only when asked', async () => {
    const { id, messages } = await run({ stream: true, stream_options: { include_usage: true } });
    expect(messages[0]!.kind).toBe(ReplyKind.Start);
    expect(messages[messages.length - 1]!.kind).toBe(ReplyKind.End);
    const chunks = messages.filter((m) => m.kind === ReplyKind.Chunk).map((m) => JSON.parse((m as { data: string }).data));
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    expect(chunks.every((chunk) => chunk.id === id && chunk.model === 'openai/gpt-4o-mini')).toBe(true);
    expect(chunks[chunks.length - 1].usage.cost).toBeGreaterThan(0);
    expect((await usageEvent(id)).costUsd).toBe(chunks[chunks.length - 1].usage.cost);
    const plain = await run({ stream: true });
    const plainChunks = plain.messages.filter((m) => m.kind === ReplyKind.Chunk).map((m) => JSON.parse((m as { data: string }).data));
    expect(plainChunks.some((chunk) => 'usage' in chunk)).toBe(false);
    expect((await usageEvent(plain.id)).usageSource).toBe('upstream');
  });

  it('fails over on 503 before the first byte and records both attempts', async () => {
    await primary.addFaults([{ type: 'status', status: 503 }]);
    const { id, messages } = await run({});
    const reply = messages[0]!;
    if (reply.kind !== ReplyKind.Response) throw new Error(`unexpected ${reply.kind}`);
    expect(reply.meta).toMatchObject({ provider: 'backup', failoverCount: 1, decisionReason: 'provider_fallback' });
    const body = JSON.parse(reply.body);
    expect(body.alltokens_route.decision_reason).toBe('provider_fallback');
    const event = await usageEvent(id);
    expect(event.attempts.map((a) => [a.providerId, a.httpStatus, a.outcome])).toEqual([
      ['primary', 503, 'error'],
      ['backup', 200, 'success'],
    ]);
    expect(event.route).toEqual({ mode: 'provider', decisionReason: 'provider_fallback' });
    const record = await routeRecord(id);
    expect(record.decisionReason).toBe('provider_fallback');
    expect(record.attempts.map((a) => a.costUsd)).toEqual([0, body.usage.cost]);
  });

  it('fails over when the first provider stalls past its first-byte timeout', async () => {
    await primary.addFaults([{ type: 'stall' }]);
    const { id, messages } = await run({});
    expect(messages[0]!.kind).toBe(ReplyKind.Response);
    expect((await usageEvent(id)).attempts[0]!.outcome).toBe('timeout');
  });

  it('passes a 400 through without failing over', async () => {
    // Pinned: the earlier tests' failures may already have ranked primary behind backup (health is reread every second).
    const { id, messages } = await run({ messages: [{ role: 'user', content: 'bad [sim:status=400]' }], provider: { order: ['primary'] } } as Partial<ChatCompletionRequest>);
    const reply = messages[0]!;
    if (reply.kind !== ReplyKind.Error) throw new Error(`unexpected ${reply.kind}`);
    expect(reply.error.status).toBe(400);
    expect((await backup.stats()).total).toBe(0);
    expect((await usageEvent(id)).attempts).toHaveLength(1);
  });

  it('retries the last candidate once, then reports 502 with every attempt', async () => {
    await primary.addFaults([{ type: 'reset', count: 2 }]);
    const { id, messages } = await run({ model: 'acme/dead' });
    const reply = messages[0]!;
    if (reply.kind !== ReplyKind.Error) throw new Error(`unexpected ${reply.kind}`);
    expect(reply.error.status).toBe(502);
    expect((reply.error.body.error.metadata as { attempts: unknown[] }).attempts).toHaveLength(3);
    const attempts = (await usageEvent(id)).attempts;
    expect(attempts.map((a) => [a.providerId, a.outcome])).toEqual([
      ['closed', 'connect_error'],
      ['primary', 'connect_error'],
      ['primary', 'connect_error'],
    ]);
  });

  it('turns a mid-stream cut into an error after the chunks, billed on estimated usage', async () => {
    const { id, messages } = await run({ stream: true, messages: [{ role: 'user', content: 'cut [sim:cut_after=4]' }] });
    expect(messages[0]!.kind).toBe(ReplyKind.Start);
    expect(messages.filter((m) => m.kind === ReplyKind.Chunk).length).toBeGreaterThan(0);
    expect(messages[messages.length - 1]!.kind).toBe(ReplyKind.Error);
    const event = await usageEvent(id);
    expect(event).toMatchObject({ status: 'interrupted', usageSource: 'estimated' });
    expect(event.usage.completionTokens).toBeGreaterThan(0);
    expect(event.costUsd).toBeCloseTo(event.usage.promptTokens * 1e-6 + event.usage.completionTokens * 2e-6, 12);
  });

  it('aborts the upstream call when the gateway broadcasts a cancel', async () => {
    const pending = run({ stream: true, messages: [{ role: 'user', content: 'slow [sim:chunks=50 interval=50]' }] });
    await new Promise((r) => setTimeout(r, 300));
    const id = `gen-it-${sequence}`;
    await publisher.publish(cancelChannel(prefix), id);
    await pending;
    const event = await usageEvent(id);
    expect(event.status).toBe('cancelled');
    expect(event.usage.completionTokens).toBeLessThan(50);
  });
});
