import { UnrecoverableError, type Job } from 'bullmq';
import { COMPLETION_JOB_VERSION, JobName, QueueName, USAGE_BATCH_VERSION, USAGE_EVENT_VERSION } from '@alltokens/contracts';
import { handlerTable, onJob } from './job-worker';

const chatJob = {
  v: COMPLETION_JOB_VERSION,
  requestId: 'gen-1',
  replyTo: 'alltokens:reply:gw-1',
  trace: {},
  caller: { keyId: 'k', orgId: 'o' },
  receivedAt: 1,
  deadlineAt: 2,
  kind: JobName.Chat,
  request: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
};

/** Just what a processor reads of a BullMQ job. */
const jobOf = (name: string, data: unknown) => ({ name, data }) as Job;
const idle = async () => undefined;

describe('handler tables', () => {
  it('refuses to start when a job of the queue has no handler', () => {
    expect(() => handlerTable(QueueName.Completions, [onJob(JobName.Chat, idle)])).toThrow("The 'completions' worker cannot start: job 'embeddings' has no handler");
  });

  it('refuses to start when a job has two handlers', () => {
    const handlers = [onJob(JobName.Chat, idle), onJob(JobName.Embeddings, idle), onJob(JobName.Chat, idle)];
    expect(() => handlerTable(QueueName.Completions, handlers)).toThrow("job 'chat' has two handlers");
  });

  it('refuses a handler for a job of another queue, and lists every problem at once', () => {
    expect(() => handlerTable(QueueName.Usage, [onJob(JobName.Chat, idle)])).toThrow(
      "The 'usage' worker cannot start: job 'chat' belongs to queue 'completions'; job 'usage-batch' has no handler",
    );
  });

  it('hands each job its validated payload, defaults applied', async () => {
    const served: Array<[string, unknown]> = [];
    const table = handlerTable(QueueName.Completions, [
      onJob(JobName.Chat, async (job) => void served.push([JobName.Chat, job.policies])),
      onJob(JobName.Embeddings, async (job) => void served.push([JobName.Embeddings, job.request.model])),
    ]);
    await table.get(JobName.Chat)!(jobOf(JobName.Chat, chatJob));
    await table.get(JobName.Embeddings)!(jobOf(JobName.Embeddings, { ...chatJob, kind: JobName.Embeddings, request: { model: 'openai/text-embedding-3-small', input: 'x' } }));
    expect(served).toEqual([
      [JobName.Chat, []],
      [JobName.Embeddings, 'openai/text-embedding-3-small'],
    ]);
  });

  it('fails an invalid payload for good, after telling the hook why', async () => {
    const invalid: string[] = [];
    const handle = jest.fn(idle);
    const table = handlerTable(QueueName.Usage, [onJob(JobName.UsageBatch, handle), onJob(JobName.UsageEvent, idle)], (_job, reason) => void invalid.push(reason));
    const run = table.get(JobName.UsageBatch)!;
    await expect(run(jobOf(JobName.UsageBatch, { v: USAGE_BATCH_VERSION, events: [] }))).rejects.toThrow(UnrecoverableError);
    await expect(run(jobOf(JobName.UsageBatch, { v: 7, events: [{}] }))).rejects.toThrow("invalid 'usage-batch' job: payload version 7; this service reads version 1");
    expect(invalid).toEqual([expect.stringContaining('events:'), 'payload version 7; this service reads version 1']);
    expect(handle).not.toHaveBeenCalled();
  });

  it('passes a handler failure on as it is (BullMQ decides on retries)', async () => {
    const table = handlerTable(QueueName.Usage, [
      onJob(JobName.UsageBatch, async () => {
        throw new Error('postgres away');
      }),
      onJob(JobName.UsageEvent, idle),
    ]);
    const batch = { v: USAGE_BATCH_VERSION, events: [{ v: USAGE_EVENT_VERSION }] };
    await expect(table.get(JobName.UsageBatch)!(jobOf(JobName.UsageBatch, batch))).rejects.toThrow('postgres away');
  });
});
