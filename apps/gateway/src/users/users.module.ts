import { Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({ imports: [KeysModule], controllers: [UsersController], providers: [UsersService] })
export class UsersModule {}
