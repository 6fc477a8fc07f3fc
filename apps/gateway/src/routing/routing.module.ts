import { Global, Module } from '@nestjs/common';
import { CatalogOverrides, HealthStore, RouteRecordStore } from '@alltokens/routing';
import type { Redis } from '@alltokens/platform';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env';
import { REDIS } from '../infra/tokens';
import { EndpointAdminController } from './endpoint-admin.controller';
import { ModelEndpointsController } from './model-endpoints.controller';
import { RouteExplainController } from './route-explain.controller';

/** Read side of routing: live endpoint health and recorded route decisions (written by the routers). */
@Global()
@Module({
  controllers: [ModelEndpointsController, RouteExplainController, EndpointAdminController],
  providers: [
    { provide: HealthStore, inject: [REDIS, GATEWAY_ENV], useFactory: (redis: Redis, env: GatewayEnv) => new HealthStore(redis, env.ALLTOKENS_PREFIX) },
    { provide: CatalogOverrides, inject: [REDIS, GATEWAY_ENV], useFactory: (redis: Redis, env: GatewayEnv) => new CatalogOverrides(redis, env.ALLTOKENS_PREFIX) },
    { provide: RouteRecordStore, inject: [REDIS, GATEWAY_ENV], useFactory: (redis: Redis, env: GatewayEnv) => new RouteRecordStore(redis, env.ALLTOKENS_PREFIX) },
  ],
})
export class RoutingModule {}
