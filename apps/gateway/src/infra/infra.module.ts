import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Catalog, loadCatalogConfig } from '@alltokens/catalog';
import { QueueName } from '@alltokens/contracts';
import { createPrismaClient, type PrismaClient } from '@alltokens/db';
import { createAdaptiveRedis, createLogger, createRedis, newInstanceId, type AdaptiveRedis, type Redis } from '@alltokens/platform';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env';
import { ChannelSubscriber } from './channel-subscriber.service';
import { COMPLETIONS_CONNECTION, COMPLETIONS_QUEUE, INSTANCE_ID, LOGGER, PRISMA, REDIS, USAGE_QUEUE } from './tokens';


/** Closes shared connections last, after every module's own shutdown hook has run. */
@Injectable()
class InfraLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(COMPLETIONS_QUEUE) private readonly queue: Queue,
    @Inject(COMPLETIONS_CONNECTION) private readonly completionsConnection: AdaptiveRedis,
    @Inject(USAGE_QUEUE) private readonly usageQueue: Queue,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
    this.completionsConnection.disconnect();
    await this.usageQueue.close();
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
          provide: COMPLETIONS_QUEUE,
          inject: [COMPLETIONS_CONNECTION],
          useFactory: (connection: AdaptiveRedis) => new Queue(QueueName.Completions, { connection, prefix: env.ALLTOKENS_PREFIX }),
        },
        {
          provide: USAGE_QUEUE,
          inject: [REDIS],
          useFactory: (redis: Redis) => new Queue(QueueName.Usage, { connection: redis, prefix: env.ALLTOKENS_PREFIX }),
        },
        ChannelSubscriber,
        InfraLifecycle,
      ],
      exports: [GATEWAY_ENV, LOGGER, INSTANCE_ID, REDIS, PRISMA, Catalog, COMPLETIONS_QUEUE, USAGE_QUEUE, ChannelSubscriber],
    };
  }
}
