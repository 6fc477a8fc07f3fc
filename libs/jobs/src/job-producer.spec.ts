import { COMPLETION_JOB_VERSION, JobName, QueueName, USAGE_BATCH_VERSION, type JobInput } from '@alltokens/contracts';
import { JOB_OPTIONS } from './job-options';
import type { JobProducer } from './job-producer';
import { onJob, type QueueJobHandler } from './job-worker';

const chatJob: JobInput<typeof JobName.Chat> = {
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

/**
 * What the compiler refuses: type-checked by `npm run typecheck`, never run (the `@ts-expect-error`
 * lines fail the type check the day they compile).
 */
export function compileTimeChecks(completions: JobProducer<typeof QueueName.Completions>, usage: JobProducer<typeof QueueName.Usage>): void {
  void completions.enqueue(JobName.Chat, chatJob, { jobId: chatJob.requestId });
  // @ts-expect-error a usage batch does not travel on the completions queue
  void completions.enqueue(JobName.UsageBatch, { v: USAGE_BATCH_VERSION, events: [] });
  // @ts-expect-error a job name is one of JobName, never a bare string
  void completions.enqueue('chat-v2', chatJob);
  // @ts-expect-error an embeddings job needs an embeddings request
  void completions.enqueue(JobName.Embeddings, { ...chatJob, kind: JobName.Embeddings });
  // @ts-expect-error the payload version is the contract's, not any number
  void completions.enqueue(JobName.Chat, { ...chatJob, v: 2 });
  // @ts-expect-error a usage event has its own shape
  void usage.enqueue(JobName.UsageBatch, { v: USAGE_BATCH_VERSION, events: [{ requestId: 'gen-1' }] });
  // @ts-expect-error the usage worker's table takes only usage handlers
  const handlers: QueueJobHandler<typeof QueueName.Usage>[] = [onJob(JobName.Chat, async () => undefined)];
  void handlers;
}

describe('job options', () => {
  it('are set for every job: completions are never retried by BullMQ, usage batches are, and kept when they cannot land', () => {
    expect(Object.keys(JOB_OPTIONS).sort()).toEqual(Object.values(JobName).sort());
    expect(JOB_OPTIONS[JobName.Chat]).toMatchObject({ attempts: 1, removeOnComplete: true });
    expect(JOB_OPTIONS[JobName.Embeddings]).toEqual(JOB_OPTIONS[JobName.Chat]);
    expect(JOB_OPTIONS[JobName.UsageBatch]).toMatchObject({ attempts: 10, removeOnFail: false });
  });
});
