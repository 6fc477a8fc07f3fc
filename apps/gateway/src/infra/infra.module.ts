import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Catalog, loadCatalogConfig } from '@alltokens/catalog';
import { QueueName } from '@alltokens/contracts';
import { createPrismaClient, type PrismaClient } from '@alltokens/db';
import { JobProducer, UsageEmitter } from '@alltokens/jobs';
import { createAdaptiveRedis, createLogger, createRedis, newInstanceId, type AdaptiveRedis, type Redis } from '@alltokens/platform';
import type { Logger } from 'pino';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env';
import { ChannelSubscriber } from './channel-subscriber.service';
import { COMPLETION_JOBS, COMPLETIONS_CONNECTION, INSTANCE_ID, LOGGER, PRISMA, REDIS, USAGE_EMITTER } from './tokens';

/** Closes shared connections last, after every module's own shutdown hook has run. */
@Injectable()
class InfraLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(COMPLETION_JOBS) private readonly completionJobs: JobProducer<typeof QueueName.Completions>,
    @Inject(COMPLETIONS_CONNECTION) private readonly completionsConnection: AdaptiveRedis,
    @Inject(USAGE_EMITTER) private readonly usage: UsageEmitter,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.completionJobs.close();
    this.completionsConnection.disconnect();
    // Sends the cache hits still waiting for their batch, then closes the queue.
    await this.usage.close();
    await this.prisma.$disconnect();
    this.redis.disconnect();
  }
}

@Global()
@Module({})
export class InfraModule {
  static forRoot(env: GatewayEnv) {
    return {
      module: InfraModule,
      providers: [
        { provide: GATEWAY_ENV, useValue: env },
        { provide: LOGGER, useValue: createLogger('gateway', env.LOG_LEVEL) },
        { provide: INSTANCE_ID, useValue: newInstanceId('gw') },
        { provide: REDIS, useFactory: () => createRedis(env.REDIS_URL) },
        { provide: PRISMA, useFactory: () => createPrismaClient(env.DATABASE_URL, { max: env.GATEWAY_DB_POOL }) },
        { provide: Catalog, useFactory: () => new Catalog(loadCatalogConfig(env.ALLTOKENS_CONFIG)) },
        // Its own connection: a job is written at once while the connection is idle (see AdaptiveRedis).
        { provide: COMPLETIONS_CONNECTION, useFactory: () => createAdaptiveRedis(env.REDIS_URL) },
        {
          provide: COMPLETION_JOBS,
          inject: [COMPLETIONS_CONNECTION],
          useFactory: (connection: AdaptiveRedis) => new JobProducer(QueueName.Completions, { connection, prefix: env.ALLTOKENS_PREFIX }),
        },
        {
          provide: USAGE_EMITTER,
          inject: [REDIS, LOGGER],
          useFactory: (redis: Redis, logger: Logger) => {
            const emitter = new UsageEmitter(new JobProducer(QueueName.Usage, { connection: redis, prefix: env.ALLTOKENS_PREFIX }), logger);
            emitter.watch(redis);
            return emitter;
          },
        },
        ChannelSubscriber,
        InfraLifecycle,
      ],
      exports: [GATEWAY_ENV, LOGGER, INSTANCE_ID, REDIS, PRISMA, Catalog, COMPLETION_JOBS, USAGE_EMITTER, ChannelSubscriber],
    };
  }
}
