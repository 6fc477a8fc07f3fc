import type { z } from 'zod';
import { ALERT_JOB_VERSION, alertDeliveryJobSchema, breakerOpenedJobSchema } from './alerts';
import { chatJobSchema, COMPLETION_JOB_VERSION, embeddingsJobSchema } from './completion-job';
import { JobName } from './job-names';
import { QueueName } from './queues';
import { USAGE_BATCH_VERSION, USAGE_EVENT_VERSION, usageBatchSchema, usageEventSchema } from './usage-event';

/** Each job's queue and payload schema, as types: the registry below is checked against it. */
interface JobTypes {
  [JobName.Chat]: { queue: typeof QueueName.Completions; schema: typeof chatJobSchema };
  [JobName.Embeddings]: { queue: typeof QueueName.Completions; schema: typeof embeddingsJobSchema };
  [JobName.UsageBatch]: { queue: typeof QueueName.Usage; schema: typeof usageBatchSchema };
  [JobName.UsageEvent]: { queue: typeof QueueName.Usage; schema: typeof usageEventSchema };
  [JobName.AlertDelivery]: { queue: typeof QueueName.Alerts; schema: typeof alertDeliveryJobSchema };
  [JobName.BreakerOpened]: { queue: typeof QueueName.Alerts; schema: typeof breakerOpenedJobSchema };
}

/** What a producer sends for job `N` (defaults may be left out): checked by the compiler on enqueue. */
export type JobInput<N extends JobName> = z.input<JobTypes[N]['schema']>;
/** What a consumer gets for job `N` once its payload is validated. */
export type JobPayload<N extends JobName> = z.output<JobTypes[N]['schema']>;
/** The job names that travel on queue `Q`. */
export type JobNameOf<Q extends QueueName> = { [N in JobName]: JobTypes[N]['queue'] extends Q ? N : never }[JobName];

export interface JobSpec<N extends JobName> {
  /** The queue the job travels on. */
  readonly queue: JobTypes[N]['queue'];
  /** Validates the payload where it is consumed. */
  readonly schema: z.ZodType<JobPayload<N>, JobInput<N>>;
  /** The payload's `v`: bump it (and keep reading the old one for a release) when the shape changes. */
  readonly version: number;
}

/** Every job there is: its queue, payload schema and payload version. */
export const jobs: { readonly [N in JobName]: JobSpec<N> } = Object.freeze({
  [JobName.Chat]: Object.freeze({ queue: QueueName.Completions, schema: chatJobSchema, version: COMPLETION_JOB_VERSION }),
  [JobName.Embeddings]: Object.freeze({ queue: QueueName.Completions, schema: embeddingsJobSchema, version: COMPLETION_JOB_VERSION }),
  [JobName.UsageBatch]: Object.freeze({ queue: QueueName.Usage, schema: usageBatchSchema, version: USAGE_BATCH_VERSION }),
  [JobName.UsageEvent]: Object.freeze({ queue: QueueName.Usage, schema: usageEventSchema, version: USAGE_EVENT_VERSION }),
  [JobName.AlertDelivery]: Object.freeze({ queue: QueueName.Alerts, schema: alertDeliveryJobSchema, version: ALERT_JOB_VERSION }),
  [JobName.BreakerOpened]: Object.freeze({ queue: QueueName.Alerts, schema: breakerOpenedJobSchema, version: ALERT_JOB_VERSION }),
});

export function jobNamesOf<Q extends QueueName>(queue: Q): JobNameOf<Q>[] {
  return Object.values(JobName).filter((name): name is JobNameOf<Q> => jobs[name].queue === queue);
}

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(jobs, name);
}

export type JobParse<N extends JobName> = { ok: true; payload: JobPayload<N> } | { ok: false; reason: string };

/** Validates a consumed payload against its job's schema; the reason names a version mismatch when there is one. */
export function parseJob<N extends JobName>(name: N, data: unknown): JobParse<N> {
  const { schema, version } = jobs[name];
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, payload: parsed.data };
  const sent = typeof data === 'object' && data !== null && 'v' in data ? data.v : undefined;
  if (sent !== version) return { ok: false, reason: `payload version ${String(sent)}; this service reads version ${version}` };
  const issue = parsed.error.issues[0];
  return { ok: false, reason: issue ? `${issue.path.join('.') || 'payload'}: ${issue.message}` : 'invalid payload' };
}
