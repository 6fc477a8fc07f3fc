import { usageEventSchema, requestLogChannel } from '@alltokens/contracts';
import { createRedis, duplicateRedis, subscribeWhenReady, type Redis } from '@alltokens/platform';
import { openRedisTarget, REDIS_TARGETS, uniquePrefix } from '@alltokens/stack';
import type { InsertedGeneration, PricedEvent } from '../usage/usage.repository';
import { RequestLogPublisher } from './request-log-publisher';

jest.setTimeout(60_000);

const item = (requestId: string): PricedEvent => ({
  event: usageEventSchema.parse({
    v: 1,
    requestId,
    trace: {},
    caller: { keyId: 'key', orgId: 'org' },
    kind: 'chat',
    requestedModel: 'openai/gpt-4o-mini',
    model: 'openai/gpt-4o-mini',
    providerId: 'primary',
    endpointId: 'primary:openai/gpt-4o-mini',
    streamed: false,
    status: 'success',
    finishReason: 'stop',
    usage: { promptTokens: 10, completionTokens: 5, cachedTokens: 0, reasoningTokens: 0 },
    usageSource: 'upstream',
    startedAt: Date.now() - 20,
    finishedAt: Date.now(),
    latencyMs: 20,
    ttftMs: null,
    attempts: [],
    error: null,
  }),
  costUsd: 0.001,
});
const inserted = (id: string): InsertedGeneration => ({ id, key_id: 'key', org_id: 'org', cost_usd: 0.001, tags: [], end_user: null });

describe.each(REDIS_TARGETS)('RequestLogPublisher: rows go out only while a gateway listens (%s)', (target) => {
  let server: Awaited<ReturnType<typeof openRedisTarget>>;
  let redis: Redis;
  let subscriber: Redis;
  const prefix = uniquePrefix('tail');

  beforeAll(async () => {
    server = await openRedisTarget(target);
    redis = createRedis(server.url);
    subscriber = duplicateRedis(redis, { enableAutoPipelining: false });
  });
  afterAll(async () => {
    subscriber?.disconnect();
    redis?.disconnect();
    await server?.stop();
  });

  it('sends nothing without a subscriber, and the committed rows once one subscribes', async () => {
    const publisher = new RequestLogPublisher(redis, prefix);
    const publish = jest.spyOn(redis, 'publish');
    await publisher.publish([inserted('r1')], [item('r1')]);
    expect(publish).not.toHaveBeenCalled();

    const received = new Promise<string>((resolve) => subscriber.on('message', (_channel: string, message: string) => resolve(message)));
    await subscribeWhenReady(subscriber, requestLogChannel(prefix));
    await publisher.publish([inserted('r2')], [item('r1'), item('r2')]);
    expect(publish).toHaveBeenCalledTimes(1);
    const message = JSON.parse(await received) as { v: number; rows: Array<{ id: string; org_id: string; model: string }> };
    expect(message.v).toBe(1);
    expect(message.rows.map((row) => [row.id, row.org_id, row.model])).toEqual([['r2', 'org', 'openai/gpt-4o-mini']]);
  });
});
