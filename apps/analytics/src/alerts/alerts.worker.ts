import { UnrecoverableError, type Worker } from 'bullmq';
import { JobName, QueueName } from '@alltokens/contracts';
import { deliverAlert, DeliveryError } from '@alltokens/alerts';
import { createJobWorker, onJob } from '@alltokens/jobs';
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
  const worker = createJobWorker(
    QueueName.Alerts,
    [
      onJob(JobName.BreakerOpened, async (signal) => void (await deps.breakers.opened(signal))),
      onJob(JobName.AlertDelivery, async ({ destinationId, event }) => {
        const destination = await deps.repository.destination(destinationId);
        if (!destination) throw new UnrecoverableError(`alert destination ${destinationId} no longer exists`);
        try {
          await deliverAlert(destination, event, deps.dispatcher);
        } catch (error) {
          if (error instanceof DeliveryError && !error.retryable) throw new UnrecoverableError(error.message);
          throw error;
        }
      }),
    ],
    { connection: deps.connection, prefix: deps.prefix, concurrency: 16 },
  );
  worker.on('failed', (job, error) => deps.logger.warn({ err: error, job: job?.id, attempts: job?.attemptsMade }, 'alert job failed'));
  worker.on('error', (error) => deps.logger.error({ err: error }, 'alerts worker error'));
  return worker;
}
