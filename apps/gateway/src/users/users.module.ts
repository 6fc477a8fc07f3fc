import { Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({ imports: [KeysModule], controllers: [UsersController], providers: [UsersService, UsersRepository] })
export class UsersModule {}
