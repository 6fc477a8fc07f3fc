import { Global, Module } from '@nestjs/common';
import { GuardrailsModule } from '../guardrails/guardrails.module';
import { RequestGovernanceService } from './request-governance.service';

/** Tags, end users and guardrails of inference requests. */
@Global()
@Module({ imports: [GuardrailsModule], providers: [RequestGovernanceService], exports: [RequestGovernanceService] })
export class GovernanceModule {}
