import { RedisKeys, type QueueName } from '@alltokens/contracts';
import type { QueueBaseOptions } from 'bullmq';

/**
 * BullMQ options for one queue, given the deployment's `ALLTOKENS_PREFIX` as `prefix`: the queue's
 * keys go under `prefix:{queue}`, one hash slot per queue, which BullMQ's multi-key scripts need on
 * Redis Cluster (and which changes nothing on a single server).
 */
export function queueOptions<T extends QueueBaseOptions>(queue: QueueName, options: T & { prefix: string }): T {
  return { ...options, prefix: new RedisKeys(options.prefix).queuePrefix(queue) };
}
