import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AnalyticsModule } from './analytics/analytics.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BudgetsModule } from './budgets/budgets.module';
import { ChatModule } from './chat/chat.module';
import type { GatewayEnv } from './config/gateway-env';
import { CredentialsModule } from './credentials/credentials.module';
import { DocsModule } from './docs/docs.module';
import { EmbeddingsModule } from './embeddings/embeddings.module';
import { GenerationsModule } from './generations/generations.module';
import { HealthModule } from './health/health.module';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { InfraModule } from './infra/infra.module';
import { KeysModule } from './keys/keys.module';
import { LegacyCompletionsModule } from './legacy-completions/legacy-completions.module';
import { LimitsModule } from './limits/limits.module';
import { MessagesModule } from './messages/messages.module';
import { MetricsModule } from './metrics/metrics.module';
import { ModelsModule } from './models/models.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { PoliciesModule } from './policies/policies.module';
import { ResponsesModule } from './responses/responses.module';
import { RoutingModule } from './routing/routing.module';
import { TeamsModule } from './teams/teams.module';
import { UsersModule } from './users/users.module';
import { AlertsModule } from './alerts/alerts.module';
import { GovernanceModule } from './governance/governance.module';
import { GuardrailsModule } from './guardrails/guardrails.module';
import { ConsoleModule } from './console/console.module';

@Module({})
export class AppModule {
  static forRoot(env: GatewayEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfraModule.forRoot(env),
        OrganizationsModule,
        AuthModule,
        AuditModule,
        MetricsModule,
        RoutingModule,
        LimitsModule,
        PoliciesModule,
        CredentialsModule,
        BudgetsModule,
        ChatModule,
        MessagesModule,
        ResponsesModule,
        LegacyCompletionsModule,
        EmbeddingsModule,
        KeysModule,
        UsersModule,
        TeamsModule,
        GenerationsModule,
        AnalyticsModule,
        ModelsModule,
        HealthModule,
        DocsModule,
        AlertsModule,
        GuardrailsModule,
        GovernanceModule,
        ConsoleModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ApiExceptionFilter }],
    };
  }
}
