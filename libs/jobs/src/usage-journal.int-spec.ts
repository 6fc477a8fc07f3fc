import { Worker, type Job } from 'bullmq';
import { JobName, QueueName, USAGE_EVENT_VERSION, type UsageEventInput } from '@alltokens/contracts';
import { createRedis, type Redis } from '@alltokens/platform';
import { JobProducer } from './job-producer';
import { queueOptions } from './queue-options';
import { jobUsageJournal } from './usage-journal';

const event = {
  v: USAGE_EVENT_VERSION,
  requestId: 'gen-journaled',
  caller: { keyId: 'k', orgId: 'o' },
} as unknown as UsageEventInput;

describe('jobUsageJournal (real Redis, real BullMQ stall)', () => {
  const prefix = `it-usage-journal-${process.pid}`;
  let connection: Redis;
  let producer: JobProducer<typeof QueueName.Completions>;
  const workers: Worker[] = [];
  const connections: Redis[] = [];

  beforeAll(() => {
    connection = createRedis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    producer = new JobProducer(QueueName.Completions, { connection, prefix });
  });
  afterAll(async () => {
    for (const worker of workers) await worker.close(true).catch(() => undefined);
    for (const own of connections) own.disconnect();
    await producer.queue.obliterate({ force: true });
    await producer.close();
    connection.disconnect();
  });

  const worker = (process: (job: Job) => Promise<void>, options: { lockDuration: number; stalledInterval: number }) => {
    const own = createRedis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
    connections.push(own);
    const created = new Worker(QueueName.Completions, process, queueOptions(QueueName.Completions, { connection: own, prefix, ...options }));
    workers.push(created);
    return created;
  };

  it('hands the event a killed run recorded to the run that takes the stalled job over', async () => {
    const firstRun = { interrupted: true, recorded: undefined as unknown };
    const secondRun = new Promise<{ interrupted: boolean; recorded: UsageEventInput | null }>((resolve) => {
      const dying = worker(
        async (job) => {
          const journal = jobUsageJournal(job, connection);
          firstRun.interrupted = journal.interrupted;
          firstRun.recorded = await journal.recorded();
          journal.record(event);
          // The process dies here: its lock is no longer renewed, the job is never acknowledged.
          void dying.close(true);
          return new Promise<void>(() => undefined);
        },
        { lockDuration: 1000, stalledInterval: 500 },
      );
      dying.on('closed', () => {
        worker(
          async (job) => {
            const journal = jobUsageJournal(job, connection);
            resolve({ interrupted: journal.interrupted, recorded: await journal.recorded() });
          },
          { lockDuration: 1000, stalledInterval: 500 },
        );
      });
    });
    await producer.queue.add(JobName.Chat, { requestId: 'gen-journaled' });
    const taken = await secondRun;
    expect(firstRun).toEqual({ interrupted: false, recorded: null });
    expect(taken).toEqual({ interrupted: true, recorded: event });
  }, 20_000);
});
