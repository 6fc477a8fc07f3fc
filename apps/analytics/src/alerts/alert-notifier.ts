import { createHash } from 'node:crypto';
import { JobName, type AlertEvent, type QueueName } from '@alltokens/contracts';
import type { JobProducer } from '@alltokens/jobs';
import type { Logger } from 'pino';
import type { AlertsRepository } from './alerts.repository';

/**
 * Fires an alert: records it once per condition and window (the event id is the primary key, so
 * replicas that see the same condition agree), then queues one durable delivery per destination.
 */
export class AlertNotifier {
  constructor(
    private readonly repository: AlertsRepository,
    private readonly producer: JobProducer<typeof QueueName.Alerts>,
    private readonly logger: Logger,
  ) {}

  async fire(event: AlertEvent, destinationIds: string[]): Promise<boolean> {
    if (!(await this.repository.recordOnce(event))) return false;
    await Promise.all(
      [...new Set(destinationIds)].map((destinationId) => {
        // BullMQ refuses ':' in job ids; the hash also makes a retried fire() queue nothing twice.
        const jobId = createHash('sha256').update(`${event.id}|${destinationId}`).digest('hex').slice(0, 32);
        return this.producer.enqueue(JobName.AlertDelivery, { v: 1, destinationId, event }, { jobId });
      }),
    );
    this.logger.info({ alert: event.id, type: event.type, destinations: destinationIds.length }, 'alert fired');
    return true;
  }
}
