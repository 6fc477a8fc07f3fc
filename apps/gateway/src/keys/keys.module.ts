import { Module } from '@nestjs/common';
import { KeysController } from './keys.controller';
import { KeyUsageRepository } from './key-usage.repository';
import { KeysService } from './keys.service';

@Module({ controllers: [KeysController], providers: [KeysService, KeyUsageRepository], exports: [KeysService] })
export class KeysModule {}
