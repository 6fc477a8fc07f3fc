import { Global, Module } from '@nestjs/common';
import { KeyPolicies } from './key-policies.service';
import { PoliciesController } from './policies.controller';
import { PoliciesRepository } from './policies.repository';
import { PoliciesService } from './policies.service';

@Global()
@Module({ controllers: [PoliciesController], providers: [PoliciesService, PoliciesRepository, KeyPolicies], exports: [KeyPolicies] })
export class PoliciesModule {}
