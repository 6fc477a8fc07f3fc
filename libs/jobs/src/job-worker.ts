import { UnrecoverableError, Worker, type Job, type WorkerOptions } from 'bullmq';
import { jobNamesOf, jobs, parseJob, type JobName, type JobNameOf, type JobPayload, type QueueName } from '@alltokens/contracts';
import { queueOptions } from './queue-options';

/** Serves one job name: gets the payload already validated against that job's schema. */
export interface JobHandler<N extends JobName> {
  readonly name: N;
  handle(payload: JobPayload<N>, job: Job): Promise<void>;
}

export type AnyJobHandler = { [N in JobName]: JobHandler<N> }[JobName];
/** A handler for one of the jobs of queue `Q`. */
export type QueueJobHandler<Q extends QueueName> = { [N in JobNameOf<Q>]: JobHandler<N> }[JobNameOf<Q>];

export const onJob = <N extends JobName>(name: N, handle: (payload: JobPayload<N>, job: Job) => Promise<void>): JobHandler<N> => ({ name, handle });

/** Told about a payload that failed validation, before the job fails for good (e.g. to answer the waiting client). */
export type InvalidJobHook = (job: Job, reason: string) => void | Promise<void>;

type Run = (job: Job) => Promise<void>;

/**
 * The boot check: every job name of `queue` has exactly one handler, and no handler serves a job
 * of another queue. A worker that would leave jobs unserved (or serve them twice) does not start.
 */
export function handlerTable(queue: QueueName, handlers: readonly AnyJobHandler[], onInvalid?: InvalidJobHook): ReadonlyMap<string, Run> {
  const problems: string[] = [];
  const table = new Map<string, Run>();
  for (const handler of handlers) {
    if (jobs[handler.name].queue !== queue) problems.push(`job '${handler.name}' belongs to queue '${jobs[handler.name].queue}'`);
    else if (table.has(handler.name)) problems.push(`job '${handler.name}' has two handlers`);
    else table.set(handler.name, runner(handler, onInvalid));
  }
  for (const name of jobNamesOf(queue)) if (!table.has(name)) problems.push(`job '${name}' has no handler`);
  if (problems.length) throw new Error(`The '${queue}' worker cannot start: ${problems.join('; ')}`);
  return table;
}

function runner<N extends JobName>(handler: JobHandler<N>, onInvalid?: InvalidJobHook): Run {
  return async (job) => {
    const parsed = parseJob(handler.name, job.data);
    if (!parsed.ok) {
      await onInvalid?.(job, parsed.reason);
      throw new UnrecoverableError(`invalid '${handler.name}' job: ${parsed.reason}`);
    }
    await handler.handle(parsed.payload, job);
  };
}

/** A BullMQ worker for `queue` that routes each job to its handler; throws at once if the table fails the boot check. */
export function createJobWorker<Q extends QueueName>(
  queue: Q,
  handlers: readonly QueueJobHandler<Q>[],
  /** `prefix` is the deployment's ALLTOKENS_PREFIX (see `queueOptions`). */
  options: WorkerOptions & { prefix: string; onInvalid?: InvalidJobHook },
): Worker {
  const { onInvalid, ...workerOptions } = options;
  const table = handlerTable(queue, handlers, onInvalid);
  return new Worker(
    queue,
    (job: Job) => {
      const run = table.get(job.name);
      if (!run) throw new UnrecoverableError(`no handler for job '${job.name}' on queue '${queue}'`);
      return run(job);
    },
    queueOptions(queue, workerOptions),
  );
}
