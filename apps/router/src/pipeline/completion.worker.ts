import type { Job, Worker } from 'bullmq';
import { ApiError, JobName, QueueName, replyAddressSchema, ReplyKind } from '@alltokens/contracts';
import { createJobWorker, jobUsageJournal, onJob } from '@alltokens/jobs';
import type { Redis } from '@alltokens/platform';
import type { Logger } from 'pino';
import type { ReplySink } from '../reply/reply-publisher';
import type { EmbeddingsService } from '../embeddings/embeddings.service';
import type { CompletionService } from './completion.service';

/** BullMQ consumer of the `completions` queue; BullMQ never retries a job (failover happens inside). */
export function createCompletionWorker(options: {
  connection: Redis;
  /** Where usage journals go (`journalConnection`). */
  journal: Redis;
  prefix: string;
  concurrency: number;
  service: CompletionService;
  embeddings: EmbeddingsService;
  publisher: ReplySink;
  logger: Logger;
}): Worker {
  const { service, embeddings, publisher, logger } = options;
  const journal = (job: Job) => jobUsageJournal(job, options.journal);
  const handlers = [onJob(JobName.Chat, (payload, job) => service.handle(payload, journal(job))), onJob(JobName.Embeddings, (payload, job) => embeddings.handle(payload, journal(job)))];
  const worker = createJobWorker(QueueName.Completions, handlers, {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    // A killed router's jobs come back within ~15 s (BullMQ's default: 30-60 s): billed from their
    // journal if they had answered, ended with an error if they were streams, served again otherwise.
    lockDuration: 10_000,
    stalledInterval: 5_000,
    removeOnComplete: { count: 0 },
    removeOnFail: { age: 3600, count: 1000 },
    // The waiting client hears why, instead of timing out.
    onInvalid: (job, reason) => {
      const address = replyAddressSchema.safeParse(job.data);
      if (!address.success) return;
      const error = new ApiError(400, 'invalid_job', `Invalid completion job: ${reason}`);
      publisher.publish(address.data.replyTo, { kind: ReplyKind.Error, requestId: address.data.requestId, error: { status: 400, body: error.toBody() } });
    },
  });
  worker.on('error', (error) => logger.error({ err: error }, 'completion worker error'));
  return worker;
}
