import { Queue } from 'bullmq';
import { QueueName, USAGE_BATCH_JOB, type UsageEventInput } from '@alltokens/contracts';
import { createRedis, type Redis } from '@alltokens/platform';
import { UsageEmitter } from './usage-emitter';

const event = (requestId: string): UsageEventInput => ({
  v: 1,
  requestId,
  trace: {},
  caller: { keyId: 'k', orgId: 'o' },
  kind: 'chat',
  requestedModel: 'm/x',
  model: 'm/x',
  providerId: 'p',
  endpointId: 'p:m/x',
  streamed: false,
  status: 'success',
  finishReason: 'stop',
  usage: { promptTokens: 1, completionTokens: 1, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
  usageSource: 'upstream',
  startedAt: 0,
  finishedAt: 1,
  latencyMs: 1,
  ttftMs: 1,
  attempts: [],
  error: null,
});

describe('UsageEmitter (real Redis)', () => {
  const prefix = `it-usage-emitter-${process.pid}`;
  let connection: Redis;
  let queue: Queue;

  beforeAll(() => {
    connection = createRedis('redis://127.0.0.1:6379');
    queue = new Queue(QueueName.Usage, { connection, prefix });
  });
  afterEach(async () => queue.obliterate({ force: true }));
  afterAll(async () => {
    await queue.close();
    connection.disconnect();
  });

  const batches = async () => (await queue.getJobs(['waiting'])).map((job) => ({ name: job.name, ids: (job.data.events as Array<{ requestId: string }>).map((e) => e.requestId) }));

  it('sends events emitted together as one job, and resolves each emit once its batch is in Redis', async () => {
    const emitter = new UsageEmitter(queue, undefined, { maxEvents: 100, maxDelayMs: 20 });
    await Promise.all(['a', 'b', 'c'].map((id) => emitter.emit(event(id))));
    expect(await batches()).toEqual([{ name: USAGE_BATCH_JOB, ids: ['a', 'b', 'c'] }]);
  });

  it('cuts batches at maxEvents', async () => {
    const emitter = new UsageEmitter(queue, undefined, { maxEvents: 2, maxDelayMs: 1000 });
    const started = Date.now();
    await Promise.all(['a', 'b', 'c', 'd'].map((id) => emitter.emit(event(id))));
    expect(Date.now() - started).toBeLessThan(500);
    expect((await batches()).map((batch) => batch.ids).sort()).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('flushes what is pending on close', async () => {
    const emitter = new UsageEmitter(queue, undefined, { maxEvents: 100, maxDelayMs: 60_000 });
    void emitter.emit(event('late'));
    await emitter.close();
    expect(await batches()).toEqual([{ name: USAGE_BATCH_JOB, ids: ['late'] }]);
  });

  it('keeps events while Redis refuses them and sends them once it is back', async () => {
    const broken = new Queue(QueueName.Usage, { connection, prefix });
    const add = broken.add.bind(broken);
    let failures = 1;
    broken.add = (async (...args: Parameters<typeof add>) => {
      if (failures-- > 0) throw new Error('READONLY You can not write against a read only replica');
      return add(...args);
    }) as typeof broken.add;
    const emitter = new UsageEmitter(broken, undefined, { maxEvents: 100, maxDelayMs: 5 });
    await emitter.emit(event('survivor'));
    expect(await batches()).toEqual([{ name: USAGE_BATCH_JOB, ids: ['survivor'] }]);
    await broken.close();
  });

  it('refuses an invalid event at once', () => {
    const emitter = new UsageEmitter(queue);
    expect(() => emitter.emit({ ...event('x'), requestId: '' })).toThrow();
  });
});
