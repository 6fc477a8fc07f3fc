import type { Queue } from 'bullmq';
import { type UsageEventInput, usageEventSchema } from '@alltokens/contracts';

const JOB_OPTIONS = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: true,
  removeOnFail: false,
} as const;

/** Exactly one usage event per request: the request id is the job id, so BullMQ drops duplicates. */
export class UsageEmitter {
  constructor(private readonly queue: Queue) {}

  async emit(event: UsageEventInput): Promise<void> {
    const valid = usageEventSchema.parse(event);
    await this.queue.add('usage', valid, { ...JOB_OPTIONS, jobId: valid.requestId });
  }
}
