import { createHash } from 'node:crypto';
import type { Queue } from 'bullmq';
import { AlertJobName, type AlertDeliveryJob, type AlertEvent } from '@alltokens/contracts';
import { ALERT_DELIVERY_JOB_OPTIONS } from '@alltokens/alerts';
import type { Logger } from 'pino';
import type { AlertsRepository } from './alerts.repository';

/**
 * Fires an alert: records it once per condition and window (the event id is the primary key, so
 * replicas that see the same condition agree), then queues one durable delivery per destination.
 */
export class AlertNotifier {
  constructor(
    private readonly repository: AlertsRepository,
    private readonly queue: Queue,
    private readonly logger: Logger,
  ) {}

  async fire(event: AlertEvent, destinationIds: string[]): Promise<boolean> {
    if (!(await this.repository.recordOnce(event))) return false;
    await Promise.all(
      [...new Set(destinationIds)].map((destinationId) => {
        const job: AlertDeliveryJob = { v: 1, destinationId, event };
        // BullMQ refuses ':' in job ids; the hash also makes a retried fire() queue nothing twice.
        const jobId = createHash('sha256').update(`${event.id}|${destinationId}`).digest('hex').slice(0, 32);
        return this.queue.add(AlertJobName.Delivery, job, { ...ALERT_DELIVERY_JOB_OPTIONS, jobId });
      }),
    );
    this.logger.info({ alert: event.id, type: event.type, destinations: destinationIds.length }, 'alert fired');
    return true;
  }
}
