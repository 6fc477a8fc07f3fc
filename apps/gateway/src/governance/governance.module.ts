import { Global, Module } from '@nestjs/common';
import { GuardrailsController } from '../guardrails/guardrails.controller';
import { GuardrailsRepository } from '../guardrails/guardrails.repository';
import { RequestGovernanceService } from './request-governance.service';

/** Tags, end users and guardrails of inference requests, and the guardrails admin API. */
@Global()
@Module({ controllers: [GuardrailsController], providers: [GuardrailsRepository, RequestGovernanceService], exports: [RequestGovernanceService] })
export class GovernanceModule {}
