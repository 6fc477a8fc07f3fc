import type { JobsOptions } from 'bullmq';
import { JobName } from '@alltokens/contracts';

/** How BullMQ keeps and retries each job; one line per job name, so a new job cannot go without. */
export const JOB_OPTIONS: { readonly [N in JobName]: Readonly<JobsOptions> } = Object.freeze({
  // Never retried by BullMQ: the router fails over inside the job, and a replay could bill twice.
  [JobName.Chat]: { attempts: 1, removeOnComplete: true, removeOnFail: { age: 3600, count: 1000 } },
  [JobName.Embeddings]: { attempts: 1, removeOnComplete: true, removeOnFail: { age: 3600, count: 1000 } },
  // Usage must land: retried with backoff, and kept in the failed set (the dead letters) when it cannot.
  [JobName.UsageBatch]: { attempts: 10, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: true, removeOnFail: false },
  [JobName.UsageEvent]: { attempts: 10, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: true, removeOnFail: false },
  // A webhook that is down gets 1 s, 2 s, 4 s ... about four minutes of retries; kept a week when it never answered.
  [JobName.AlertDelivery]: { attempts: 9, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: { age: 86_400, count: 10_000 }, removeOnFail: { age: 7 * 86_400, count: 10_000 } },
  [JobName.BreakerOpened]: { attempts: 3, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: { age: 86_400, count: 1000 } },
});
