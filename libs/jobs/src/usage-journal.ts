import type { Job } from 'bullmq';
import type { UsageEventInput } from '@alltokens/contracts';
import { isCluster, type Redis } from '@alltokens/platform';

/**
 * A job's usage event, kept beside the job until the job is acknowledged. The router records it just
 * before the reply's last message and acknowledges the job once the event's usage batch is in Redis:
 * a router killed in between leaves the job locked, and the router that takes the stalled job over
 * finds the event here, bills it, and does not serve the request a second time.
 */
export interface UsageJournal {
  /** This run took the job over from a router that stopped while serving it. */
  readonly interrupted: boolean;
  /**
   * Writes the event to the Redis connection at once, without waiting for the reply: whatever the
   * caller publishes afterwards leaves the process after it, so a killed process delivers both or
   * neither. Waiting for Redis's answer instead would add a round trip to every response.
   */
  record(event: UsageEventInput): void;
  /** The event an earlier, interrupted run of this job recorded; null on a job's first run. */
  recorded(): Promise<UsageEventInput | null>;
}

/**
 * The journal in the BullMQ job's own log list (`getJobLogs` reads the same key; BullMQ deletes it with
 * the job). `redis` must write the event before anything the job publishes afterwards: see
 * `journalConnection`.
 */
export function jobUsageJournal(job: Job, redis: Redis): UsageJournal {
  const interrupted = job.stalledCounter > 0 || job.attemptsStarted > 1;
  const key = `${job.queueQualifiedName}:${job.id}:logs`;
  return {
    interrupted,
    record: (event) => {
      // A failure leaves the event to the usage emitter, which retries it.
      redis.rpush(key, JSON.stringify(event)).catch(() => undefined);
    },
    recorded: async () => {
      if (!interrupted) return null;
      const [last] = await redis.lrange(key, -1, -1);
      return last ? (JSON.parse(last) as UsageEventInput) : null;
    },
  };
}

/**
 * Where journals are written so that each leaves the process before the reply published after it: on the
 * reply connection itself when it writes in issue order (one server or a Sentinel master: one socket,
 * corked into the reply's own write under load); on a Cluster, whose reply connection auto-pipelines per
 * node, on `immediate`, a connection that writes every command as it is issued.
 */
export function journalConnection(replies: Redis, immediate: Redis): Redis {
  return isCluster(replies) ? immediate : replies;
}
