import { Global, Module } from '@nestjs/common';
import { PoliciesController } from './policies.controller';
import { PolicyRepository } from './policy.repository';

@Global()
@Module({ controllers: [PoliciesController], providers: [PolicyRepository], exports: [PolicyRepository] })
export class PoliciesModule {}
