import { Global, Module } from '@nestjs/common';
import { Catalog } from '@alltokens/catalog';
import { CatalogOverrides, FidelityStore, HealthStore, RouteQuoter, RouteRecordStore } from '@alltokens/routing';
import type { Redis } from '@alltokens/platform';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env';
import { REDIS } from '../infra/tokens';
import { CatalogEdits } from './catalog-edits.service';
import { EndpointAdminController } from './endpoint-admin.controller';
import { ModelEndpointsController } from './model-endpoints.controller';
import { ModelEndpointsService } from './model-endpoints.service';
import { RouteExplainController } from './route-explain.controller';
import { RouteExplainService } from './route-explain.service';

/**
 * Routing as the gateway sees it: the route quote every inference request gets before it is admitted
 * (the planner's own rules, so gateway and routers decide alike), live endpoint health and the recorded
 * route decisions (written by the routers), and catalog edits.
 */
@Global()
@Module({
  controllers: [ModelEndpointsController, RouteExplainController, EndpointAdminController],
  providers: [
    CatalogEdits,
    ModelEndpointsService,
    RouteExplainService,
    { provide: HealthStore, inject: [REDIS, GATEWAY_ENV], useFactory: (redis: Redis, env: GatewayEnv) => new HealthStore(redis, env.ALLTOKENS_PREFIX) },
    { provide: FidelityStore, inject: [REDIS, GATEWAY_ENV], useFactory: (redis: Redis, env: GatewayEnv) => new FidelityStore(redis, env.ALLTOKENS_PREFIX) },
    { provide: CatalogOverrides, inject: [REDIS, GATEWAY_ENV], useFactory: (redis: Redis, env: GatewayEnv) => new CatalogOverrides(redis, env.ALLTOKENS_PREFIX) },
    { provide: RouteQuoter, inject: [Catalog], useFactory: (catalog: Catalog) => new RouteQuoter(catalog) },
    { provide: RouteRecordStore, inject: [REDIS, GATEWAY_ENV], useFactory: (redis: Redis, env: GatewayEnv) => new RouteRecordStore(redis, env.ALLTOKENS_PREFIX) },
  ],
  exports: [RouteQuoter],
})
export class RoutingModule {}
