import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { alertDeliveryJobSchema, AlertJobName, breakerOpenedJobSchema, QueueName } from '@alltokens/contracts';
import { deliverAlert, DeliveryError } from '@alltokens/alerts';
import type { Redis } from '@alltokens/platform';
import type { Dispatcher } from 'undici';
import type { Logger } from 'pino';
import type { AlertsRepository } from './alerts.repository';
import type { BreakerAlerts } from './breaker-alerts';

/**
 * The `alerts` queue: breaker signals from routers become alerts, and each delivery is one job that
 * BullMQ retries with exponential backoff until the destination answers 2xx (a refusal, 4xx other
 * than 408/429, is final).
 */
export function startAlertsWorker(deps: {
  connection: Redis;
  prefix: string;
  repository: AlertsRepository;
  breakers: BreakerAlerts;
  dispatcher: Dispatcher;
  logger: Logger;
}): Worker {
  const handle = async (job: Job) => {
    if (job.name === AlertJobName.BreakerOpened) {
      const signal = breakerOpenedJobSchema.safeParse(job.data);
      if (!signal.success) throw new UnrecoverableError(`invalid breaker signal: ${signal.error.issues[0]?.message}`);
      await deps.breakers.opened(signal.data);
      return;
    }
    if (job.name !== AlertJobName.Delivery) throw new UnrecoverableError(`no handler for alerts job '${job.name}'`);
    const delivery = alertDeliveryJobSchema.safeParse(job.data);
    if (!delivery.success) throw new UnrecoverableError(`invalid alert delivery: ${delivery.error.issues[0]?.message}`);
    const destination = await deps.repository.destination(delivery.data.destinationId);
    if (!destination) throw new UnrecoverableError(`alert destination ${delivery.data.destinationId} no longer exists`);
    try {
      await deliverAlert(destination, delivery.data.event, deps.dispatcher);
    } catch (error) {
      if (error instanceof DeliveryError && !error.retryable) throw new UnrecoverableError(error.message);
      throw error;
    }
  };
  const worker = new Worker(QueueName.Alerts, handle, { connection: deps.connection, prefix: deps.prefix, concurrency: 16 });
  worker.on('failed', (job, error) => deps.logger.warn({ err: error, job: job?.id, attempts: job?.attemptsMade }, 'alert job failed'));
  worker.on('error', (error) => deps.logger.error({ err: error }, 'alerts worker error'));
  return worker;
}
