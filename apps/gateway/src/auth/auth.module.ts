import { Global, Module } from '@nestjs/common';
import { ApiKeyRepository } from './api-key.repository';
import { AuthService } from './auth.service';
import { AnyKeyGuard, InferenceKeyGuard, ManagementKeyGuard } from './guards';
import { KeyCache } from './key-cache.service';

@Global()
@Module({
  providers: [ApiKeyRepository, KeyCache, AuthService, InferenceKeyGuard, ManagementKeyGuard, AnyKeyGuard],
  exports: [ApiKeyRepository, KeyCache, AuthService, InferenceKeyGuard, ManagementKeyGuard, AnyKeyGuard],
})
export class AuthModule {}
