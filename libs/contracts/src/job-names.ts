/**
 * Job names (BullMQ's `job.name`). FROZEN VALUES, like queue names: only ever add one, never rename
 * or reuse one, or jobs already waiting in Redis under the old name find no handler.
 */
export const JobName = Object.freeze({
  Chat: 'chat',
  Embeddings: 'embeddings',
  UsageBatch: 'usage-batch',
  /**
   * One usage event per job, as gateways before the job registry sent cache hits. Nothing sends it any
   * more; analytics still reads it so jobs waiting in Redis during a rolling upgrade are billed.
   */
  UsageEvent: 'usage',
  AlertDelivery: 'alert-delivery',
  BreakerOpened: 'breaker-opened',
} as const);
export type JobName = (typeof JobName)[keyof typeof JobName];
