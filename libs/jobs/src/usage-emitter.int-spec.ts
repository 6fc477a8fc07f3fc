import { JobName, parseJob, QueueName, USAGE_EVENT_VERSION, type UsageEventInput } from '@alltokens/contracts';
import { createRedis, type Redis } from '@alltokens/platform';
import { JobProducer } from './job-producer';
import { UsageEmitter } from './usage-emitter';

const event = (requestId: string): UsageEventInput => ({
  v: USAGE_EVENT_VERSION,
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

function batchOf(data: unknown) {
  const parsed = parseJob(JobName.UsageBatch, data);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.payload;
}

async function eventuallyBatches(read: () => Promise<string[]>, expected: string[]): Promise<void> {
  const deadline = Date.now() + 5000;
  let last: string[] = [];
  while (Date.now() < deadline) {
    last = await read();
    if (JSON.stringify(last) === JSON.stringify(expected)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(last).toEqual(expected);
}

describe('UsageEmitter (real Redis)', () => {
  const prefix = `it-usage-emitter-${process.pid}`;
  let connection: Redis;
  let producer: JobProducer<typeof QueueName.Usage>;

  beforeAll(() => {
    connection = createRedis('redis://127.0.0.1:6379');
    producer = new JobProducer(QueueName.Usage, { connection, prefix });
  });
  afterEach(async () => producer.queue.obliterate({ force: true }));
  afterAll(async () => {
    await producer.close();
    connection.disconnect();
  });

  const batches = async () => (await producer.queue.getJobs(['waiting'])).map((job) => ({ name: job.name, ids: batchOf(job.data).events.map((e) => e.requestId) }));

  it('sends events emitted together as one job, and resolves each emit once its batch is in Redis', async () => {
    const emitter = new UsageEmitter(producer, undefined, { maxEvents: 100, maxDelayMs: 20 });
    await Promise.all(['a', 'b', 'c'].map((id) => emitter.emit(event(id))));
    expect(await batches()).toEqual([{ name: JobName.UsageBatch, ids: ['a', 'b', 'c'] }]);
  });

  it('cuts batches at maxEvents', async () => {
    const emitter = new UsageEmitter(producer, undefined, { maxEvents: 2, maxDelayMs: 1000 });
    const started = Date.now();
    await Promise.all(['a', 'b', 'c', 'd'].map((id) => emitter.emit(event(id))));
    expect(Date.now() - started).toBeLessThan(500);
    expect((await batches()).map((batch) => batch.ids).sort()).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('flushes what is pending on close', async () => {
    const emitter = new UsageEmitter(new JobProducer(QueueName.Usage, { connection, prefix }), undefined, { maxEvents: 100, maxDelayMs: 60_000 });
    void emitter.emit(event('late'));
    await emitter.close();
    expect(await batches()).toEqual([{ name: JobName.UsageBatch, ids: ['late'] }]);
  });

  it('keeps events while Redis refuses them and sends them once it is back', async () => {
    const broken = new JobProducer(QueueName.Usage, { connection, prefix });
    const add = broken.queue.add.bind(broken.queue);
    let failures = 1;
    broken.queue.add = (async (...args: Parameters<typeof add>) => {
      if (failures-- > 0) throw new Error('READONLY You can not write against a read only replica');
      return add(...args);
    }) as typeof add;
    const emitter = new UsageEmitter(broken, undefined, { maxEvents: 100, maxDelayMs: 5 });
    await emitter.emit(event('survivor'));
    expect(await batches()).toEqual([{ name: JobName.UsageBatch, ids: ['survivor'] }]);
    await broken.close();
  });

  it('re-sends what Redis acknowledged just before the connection dropped, in case it came back empty', async () => {
    const own = createRedis('redis://127.0.0.1:6379');
    const ownProducer = new JobProducer(QueueName.Usage, { connection: own, prefix });
    const emitter = new UsageEmitter(ownProducer, undefined, { maxEvents: 100, maxDelayMs: 1 });
    emitter.watch(own);
    await Promise.all(['kept-1', 'kept-2'].map((id) => emitter.emit(event(id))));
    // Redis restarts without persistence: the jobs analytics had not taken are gone.
    await producer.queue.obliterate({ force: true });
    const back = new Promise((resolve) => own.once('ready', resolve));
    own.disconnect(true);
    await back;
    await eventuallyBatches(async () => (await batches()).flatMap((batch) => batch.ids).sort(), ['kept-1', 'kept-2']);
    await emitter.emit(event('after'));
    expect((await batches()).flatMap((batch) => batch.ids).sort()).toEqual(['after', 'kept-1', 'kept-2']);
    await ownProducer.close();
    own.disconnect();
  });

  it('sends each batch with the usage batch job options (retried, kept as a dead letter when it cannot land)', async () => {
    const emitter = new UsageEmitter(producer, undefined, { maxEvents: 100, maxDelayMs: 1 });
    await emitter.emit(event('opts'));
    const [job] = await producer.queue.getJobs(['waiting']);
    expect(job!.opts).toMatchObject({ attempts: 10, backoff: { type: 'exponential', delay: 500 }, removeOnFail: false });
  });
});
