import { Queue, type Worker } from 'bullmq';
import { Catalog, loadCatalogConfig } from '@alltokens/catalog';
import { createPrismaClient, type PrismaClient } from '@alltokens/db';
import { QueueName } from '@alltokens/contracts';
import { createGuardedDispatcher, createLogger, createRedis, subscribeWhenReady, webhookSsrfOptionsFromEnv, type Redis } from '@alltokens/platform';
import { CatalogOverrides } from '@alltokens/routing';
import { AlertNotifier } from './alerts/alert-notifier';
import { AlertsRepository } from './alerts/alerts.repository';
import { startAlertsWorker } from './alerts/alerts.worker';
import { BreakerAlerts } from './alerts/breaker-alerts';
import { EndpointAlerts } from './alerts/endpoint-alerts';
import { JobProducer, queueOptions } from '@alltokens/jobs';
import { syncCatalog } from './catalog-sync/catalog-sync';
import type { AnalyticsEnv } from './config/analytics-env';
import { UsageMetrics } from './http/usage-metrics';
import { BudgetSettlement } from './settlement/budget-settlement';
import { ThresholdAlerts } from './settlement/threshold-alerts';
import { RequestLogPublisher } from './live-tail/request-log-publisher';
import { UsageRecorder } from './usage/usage-recorder.service';
import { UsageRepository } from './usage/usage.repository';

export interface AnalyticsRuntime {
  prisma: PrismaClient;
  redis: Redis;
  metrics: UsageMetrics;
  usageQueue: Queue;
  alertsQueue: Queue;
  recorder: UsageRecorder;
  worker: Worker;
  stop(): Promise<void>;
}

/** The usage pipeline, wired by hand so tests can run it in-process against real Postgres and Redis. */
export async function startAnalyticsRuntime(env: AnalyticsEnv, catalog = new Catalog(loadCatalogConfig(env.ALLTOKENS_CONFIG))): Promise<AnalyticsRuntime> {
  const logger = createLogger('analytics', env.LOG_LEVEL);
  const prisma = createPrismaClient(env.DATABASE_URL, { max: env.ANALYTICS_DB_POOL });
  await syncCatalog(prisma, catalog);
  const redis = createRedis(env.REDIS_URL, { enableAutoPipelining: false });
  const metrics = new UsageMetrics();
  const recorder = new UsageRecorder(new UsageRepository(prisma), catalog, metrics, logger, env);
  const commands = createRedis(env.REDIS_URL);
  // Prices edited through the management API bill from the moment they change.
  const overrides = new CatalogOverrides(commands, env.ALLTOKENS_PREFIX);
  await overrides.apply(catalog);
  const subscriber = createRedis(env.REDIS_URL, { enableAutoPipelining: false });
  subscriber.on('message', () => void overrides.apply(catalog).catch((error) => logger.warn({ err: error }, 'catalog overrides reload failed')));
  await subscribeWhenReady(subscriber, overrides.channel);
  const usageQueue = new Queue(QueueName.Usage, queueOptions(QueueName.Usage, { connection: commands, prefix: env.ALLTOKENS_PREFIX }));
  const settlement = new BudgetSettlement(commands, env.ALLTOKENS_PREFIX, logger);
  const alerts = new JobProducer(QueueName.Alerts, { connection: commands, prefix: env.ALLTOKENS_PREFIX });
  const alertRules = new AlertsRepository(prisma);
  const notifier = new AlertNotifier(alertRules, alerts, logger);
  const thresholds = new ThresholdAlerts(prisma, logger, notifier, alertRules);
  const endpointAlerts = new EndpointAlerts(commands, env.ALLTOKENS_PREFIX, alertRules, notifier, logger);
  recorder.onCommit((inserted, batch) => settlement.settle(inserted, batch));
  // Alerts are advisory: checked after the commit without holding up the batch's acknowledgement.
  recorder.onCommit((inserted) => void thresholds.check(inserted).catch((error) => logger.warn({ err: error }, 'threshold alerts failed')));
  recorder.onCommit((inserted, batch) => {
    const fresh = new Set(inserted.map((row) => row.id));
    void endpointAlerts.observe(batch.filter((item) => fresh.has(item.event.requestId))).catch((error) => logger.warn({ err: error }, 'endpoint alerts failed'));
  });
  const alertsConnection = createRedis(env.REDIS_URL, { enableAutoPipelining: false });
  const dispatcher = createGuardedDispatcher(webhookSsrfOptionsFromEnv(env), { connections: 16 });
  const alertsWorker = startAlertsWorker({ connection: alertsConnection, prefix: env.ALLTOKENS_PREFIX, repository: alertRules, breakers: new BreakerAlerts(alertRules, notifier), dispatcher, logger });
  // The consoles' live tail: committed rows, pushed; a failed publish never holds up the batch.
  const tail = new RequestLogPublisher(commands, env.ALLTOKENS_PREFIX);
  recorder.onCommit((inserted, batch) => void tail.publish(inserted, batch).catch((error) => logger.warn({ err: error }, 'request log publish failed')));
  const worker = recorder.start(redis);
  await Promise.all([worker.waitUntilReady(), alertsWorker.waitUntilReady()]);
  return {
    prisma,
    redis,
    metrics,
    usageQueue,
    alertsQueue: alerts.queue,
    recorder,
    worker,
    async stop() {
      // Stop taking jobs, commit what is batched, then let go of the connections.
      await recorder.stop();
      await alertsWorker.close();
      await usageQueue.close();
      await alerts.close();
      await dispatcher.close();
      alertsConnection.disconnect();
      await prisma.$disconnect();
      redis.disconnect();
      commands.disconnect();
      subscriber.disconnect();
    },
  };
}
