import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { ApiError, completionJobSchema, QueueName, ReplyKind } from '@alltokens/contracts';
import type { Redis } from '@alltokens/platform';
import type { Logger } from 'pino';
import type { ReplyPublisher } from '../reply/reply-publisher';
import type { EmbeddingsService } from '../embeddings/embeddings.service';
import type { CompletionService } from './completion.service';

/** BullMQ consumer of the `completions` queue; BullMQ never retries a job (failover happens inside). */
export function createCompletionWorker(options: {
  connection: Redis;
  prefix: string;
  concurrency: number;
  service: CompletionService;
  embeddings: EmbeddingsService;
  publisher: ReplyPublisher;
  logger: Logger;
}): Worker {
  const { service, embeddings, publisher, logger } = options;
  const worker = new Worker(
    QueueName.Completions,
    async (job: Job) => {
      const parsed = completionJobSchema.safeParse(job.data);
      if (!parsed.success) {
        const { requestId, replyTo } = (job.data ?? {}) as { requestId?: unknown; replyTo?: unknown };
        if (typeof requestId === 'string' && typeof replyTo === 'string') {
          const error = new ApiError(400, 'invalid_job', `Invalid completion job: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
          publisher.publish(replyTo, { kind: ReplyKind.Error, requestId, error: { status: 400, body: error.toBody() } });
        }
        throw new UnrecoverableError('invalid completion job');
      }
      if (parsed.data.kind === 'embeddings') await embeddings.handle(parsed.data);
      else await service.handle(parsed.data);
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      removeOnComplete: { count: 0 },
      removeOnFail: { age: 3600, count: 1000 },
    },
  );
  worker.on('error', (error) => logger.error({ err: error }, 'completion worker error'));
  return worker;
}
