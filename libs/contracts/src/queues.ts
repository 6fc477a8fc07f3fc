/**
 * Queue names. FROZEN VALUES: only ever add a name, never rename or reuse one,
 * or jobs already waiting in Redis under the old name stall forever.
 */
export const QueueName = Object.freeze({
  Completions: 'completions',
  Usage: 'usage',
  Alerts: 'alerts',
} as const);

export type QueueName = (typeof QueueName)[keyof typeof QueueName];

/** Redis key prefix shared by every BullMQ queue of one deployment. */
export const DEFAULT_QUEUE_PREFIX = 'alltokens';
