import { Global, Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module';
import { CredentialsController } from './credentials.controller';
import { CredentialStore } from './credential.store';

@Global()
@Module({ imports: [KeysModule], controllers: [CredentialsController], providers: [CredentialStore], exports: [CredentialStore] })
export class CredentialsModule {}
