import { Module } from '@nestjs/common';
import { FidelityStore, HealthStore, RouteRecordStore } from '@alltokens/routing';
import type { Redis } from '@alltokens/platform';
import { ChatModule } from '../chat/chat.module';
import { GATEWAY_ENV, type GatewayEnv } from '../config/gateway-env';
import { REDIS } from '../infra/tokens';
import { KeysModule } from '../keys/keys.module';
import { SessionsModule } from '../sessions/sessions.module';
import { BudgetStatusController } from './budgets/budget-status.controller';
import { BudgetStatusRepository } from './budgets/budget-status.repository';
import { BudgetStatusService } from './budgets/budget-status.service';
import { ClosedDayCache } from './overview/closed-day-cache';
import { ConsoleModelsController } from './models/console-models.controller';
import { OverviewController } from './overview/overview.controller';
import { OverviewRepository } from './overview/overview.repository';
import { OverviewService } from './overview/overview.service';
import { PlaygroundController } from './playground/playground.controller';
import { RequestDetailController } from './requests/request-detail.controller';
import { RequestDetailRepository } from './requests/request-detail.repository';
import { RequestDetailService } from './requests/request-detail.service';
import { TailController } from './tail/tail.controller';
import { TailHub } from './tail/tail-hub.service';

/** The web console's server side: its live tail and the read models its pages need. */
@Module({
  imports: [SessionsModule, ChatModule, KeysModule],
  controllers: [TailController, BudgetStatusController, OverviewController, RequestDetailController, ConsoleModelsController, PlaygroundController],
  providers: [
    TailHub,
    OverviewRepository,
    OverviewService,
    ClosedDayCache,
    BudgetStatusService,
    BudgetStatusRepository,
    RequestDetailService,
    RequestDetailRepository,
    { provide: HealthStore, inject: [REDIS, GATEWAY_ENV], useFactory: (redis: Redis, env: GatewayEnv) => new HealthStore(redis, env.ALLTOKENS_PREFIX) },
    { provide: FidelityStore, inject: [REDIS, GATEWAY_ENV], useFactory: (redis: Redis, env: GatewayEnv) => new FidelityStore(redis, env.ALLTOKENS_PREFIX) },
    { provide: RouteRecordStore, inject: [REDIS, GATEWAY_ENV], useFactory: (redis: Redis, env: GatewayEnv) => new RouteRecordStore(redis, env.ALLTOKENS_PREFIX) },
  ],
})
export class ConsoleModule {}
