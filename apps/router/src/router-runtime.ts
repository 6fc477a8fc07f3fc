import type { Worker } from 'bullmq';
import { Catalog, loadCatalogConfig } from '@alltokens/catalog';
import { cancelChannel, QueueName } from '@alltokens/contracts';
import { JobProducer, journalConnection, UsageEmitter } from '@alltokens/jobs';
import { createAdapterRegistry } from '@alltokens/providers';
import { CatalogOverrides, FidelityStore, HealthStore, RouteRecordStore } from '@alltokens/routing';
import { createAdaptiveRedis, createLogger, createRedis, secretBoxFromEnv, subscribeWhenReady, ssrfOptionsFromEnv, type Redis } from '@alltokens/platform';
import { CancellationRegistry } from './pipeline/cancellation-registry';
import { CandidateResolver } from './pipeline/candidate-resolver';
import { CompletionService } from './pipeline/completion.service';
import { createCompletionWorker } from './pipeline/completion.worker';
import { EmbeddingsService } from './embeddings/embeddings.service';
import { OwnCredentials } from './upstream/own-credentials';
import { fidelityPolicyOf, type RouterEnv } from './config/router-env';
import { ReplyPublisher } from './reply/reply-publisher';
import { HealthSnapshot } from './routing/health-snapshot';
import { RouteReporter } from './routing/route-reporter';
import { RouterMetrics } from './health/router-metrics';
import { FidelityProbes } from './fidelity/fidelity-probes';

/** Everything the router runs, wired by hand (no Nest needed off the health port) so tests can start it in-process. */
export interface RouterRuntime {
  redis: Redis;
  metrics: RouterMetrics;
  worker: Worker;
  stop(): Promise<void>;
}

export async function startRouterRuntime(env: RouterEnv, catalog = new Catalog(loadCatalogConfig(env.ALLTOKENS_CONFIG))): Promise<RouterRuntime> {
  const logger = createLogger('router', env.LOG_LEVEL);
  const redis = createRedis(env.REDIS_URL);
  // Many jobs end in one turn (their usage batch lands): corked, their moveToFinished calls are one write.
  const workerConnection = createAdaptiveRedis(env.REDIS_URL, 'immediate');
  const subscriber = createRedis(env.REDIS_URL, { enableAutoPipelining: false });
  const usageJobs = new JobProducer(QueueName.Usage, { connection: redis, prefix: env.ALLTOKENS_PREFIX });
  const replyConnection = createAdaptiveRedis(env.REDIS_URL);
  const publisher = new ReplyPublisher(replyConnection);
  const cancellations = new CancellationRegistry();
  // Successes are summed for 200 ms before they are written: one script call per endpoint, not per request.
  const healthStore = new HealthStore(redis, env.ALLTOKENS_PREFIX, 200);
  // Fidelity counters likewise: summed per endpoint, written every 200 ms.
  const fidelityStore = new FidelityStore(redis, env.ALLTOKENS_PREFIX, 200);
  const health = new HealthSnapshot(healthStore, catalog, fidelityStore);
  const metrics = new RouterMetrics();
  await health.start();
  const resolver = new CandidateResolver(catalog, createAdapterRegistry(), health, env.ROUTER_LOAD_BALANCING, fidelityPolicyOf(env));
  const usage = new UsageEmitter(usageJobs, logger);
  usage.watch(redis);
  const routeRecords = new RouteRecordStore(redis, env.ALLTOKENS_PREFIX, 50);
  const alertJobs = new JobProducer(QueueName.Alerts, { connection: redis, prefix: env.ALLTOKENS_PREFIX });
  const reporter = new RouteReporter(healthStore, routeRecords, logger, { catalog, jobs: alertJobs }, fidelityStore);
  const ownCredentials = new OwnCredentials(secretBoxFromEnv(env), ssrfOptionsFromEnv(env));
  const service = new CompletionService(resolver, publisher, usage, cancellations, reporter, ownCredentials, metrics);
  const embeddings = new EmbeddingsService(resolver, publisher, usage, cancellations, reporter, ownCredentials);
  const probes = new FidelityProbes(
    { catalog, resolver, health, fidelity: fidelityStore, redis, prefix: env.ALLTOKENS_PREFIX, policy: fidelityPolicyOf(env), metrics, logger },
    env.ROUTER_FIDELITY_PROBES_PER_HOUR,
  );
  probes.start();
  const overrides = new CatalogOverrides(redis, env.ALLTOKENS_PREFIX);
  await overrides.apply(catalog);
  const cancels = cancelChannel(env.ALLTOKENS_PREFIX);
  subscriber.on('message', (channel: string, message: string) => {
    if (channel === cancels) cancellations.cancel(message);
    else void overrides.apply(catalog).catch((error) => logger.warn({ err: error }, 'catalog overrides reload failed'));
  });
  await subscribeWhenReady(subscriber, cancels, overrides.channel);
  const worker = createCompletionWorker({
    connection: workerConnection,
    journal: journalConnection(replyConnection, workerConnection),
    prefix: env.ALLTOKENS_PREFIX,
    concurrency: env.ROUTER_CONCURRENCY,
    service,
    embeddings,
    publisher,
    logger,
  });
  await worker.waitUntilReady();
  return {
    redis,
    metrics,
    worker,
    async stop() {
      // close() lets active jobs (and their streams) finish before returning.
      await worker.close();
      health.stop();
      probes.stop();
      await healthStore.flush().catch(() => undefined);
      await fidelityStore.flush().catch(() => undefined);
      await routeRecords.flush().catch(() => undefined);
      await usage.close();
      await alertJobs.close();
      subscriber.disconnect();
      workerConnection.disconnect();
      await replyConnection.quit().catch(() => undefined);
      await redis.quit().catch(() => undefined);
    },
  };
}
