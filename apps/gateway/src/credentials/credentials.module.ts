import { Global, Module } from '@nestjs/common';
import { CredentialCache } from './credential-cache.service';
import { CredentialsController } from './credentials.controller';
import { CredentialsRepository } from './credentials.repository';
import { CredentialsService } from './credentials.service';

@Global()
@Module({ controllers: [CredentialsController], providers: [CredentialsService, CredentialsRepository, CredentialCache], exports: [CredentialCache] })
export class CredentialsModule {}
