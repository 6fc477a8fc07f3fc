import { Queue, type Job, type QueueOptions } from 'bullmq';
import type { JobInput, JobNameOf, QueueName } from '@alltokens/contracts';
import { JOB_OPTIONS } from './job-options';
import { queueOptions } from './queue-options';

/** Per-enqueue options; the rest comes from the job's line in `JOB_OPTIONS`. */
export interface EnqueueOptions {
  /** An id the producer chose (BullMQ refuses a second job with the same id while the first is kept). */
  jobId?: string;
}

/**
 * The one way to put a job on queue `Q`: `enqueue(name, payload)` accepts only that queue's job names
 * and, for each, only its payload shape, checked by the compiler. Payloads are validated where they
 * are consumed, so enqueueing costs no validation.
 */
export class JobProducer<Q extends QueueName> {
  readonly queue: Queue;

  constructor(
    readonly queueName: Q,
    /** `prefix` is the deployment's ALLTOKENS_PREFIX (see `queueOptions`). */
    options: QueueOptions & { prefix: string },
  ) {
    this.queue = new Queue(queueName, queueOptions(queueName, options));
  }

  enqueue<N extends JobNameOf<Q>>(name: N, payload: JobInput<N>, options?: EnqueueOptions): Promise<Job> {
    const defaults = JOB_OPTIONS[name];
    return this.queue.add(name, payload, options ? { ...defaults, ...options } : defaults);
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
