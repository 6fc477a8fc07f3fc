import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuthModule } from './auth/auth.module';
import { ChatModule } from './chat/chat.module';
import { EmbeddingsModule } from './embeddings/embeddings.module';
import { UsersModule } from './users/users.module';
import { CredentialsModule } from './credentials/credentials.module';
import type { GatewayEnv } from './config/gateway-env';
import { GenerationsModule } from './generations/generations.module';
import { HealthController } from './health/health.controller';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { InfraModule } from './infra/infra.module';
import { KeysModule } from './keys/keys.module';
import { ModelsController } from './models/models.controller';
import { RoutingModule } from './routing/routing.module';
import { LimitsModule } from './limits/limits.module';
import { BudgetsModule } from './budgets/budgets.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { MetricsModule } from './metrics/gateway-metrics';
import { LlmsTxtController } from './docs/llms-txt.controller';
import { PoliciesModule } from './policies/policies.module';
import { TeamsController } from './teams/teams.controller';
import { AuditModule } from './audit/audit.module';

@Module({})
export class AppModule {
  static forRoot(env: GatewayEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [InfraModule.forRoot(env), AuthModule, ChatModule, EmbeddingsModule, KeysModule, GenerationsModule, RoutingModule, LimitsModule, BudgetsModule, AnalyticsModule, MetricsModule, PoliciesModule, AuditModule, UsersModule, CredentialsModule],
      controllers: [HealthController, ModelsController, LlmsTxtController, TeamsController],
      providers: [{ provide: APP_FILTER, useClass: ApiExceptionFilter }],
    };
  }
}
