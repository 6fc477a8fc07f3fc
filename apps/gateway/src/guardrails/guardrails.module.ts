import { Module } from '@nestjs/common';
import { GuardrailsController } from './guardrails.controller';
import { GuardrailsRepository } from './guardrails.repository';
import { GuardrailsService } from './guardrails.service';
import { KeyGuardrails } from './key-guardrails.service';

@Module({ controllers: [GuardrailsController], providers: [GuardrailsService, GuardrailsRepository, KeyGuardrails], exports: [KeyGuardrails] })
export class GuardrailsModule {}
