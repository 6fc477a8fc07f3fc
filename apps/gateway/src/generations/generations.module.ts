import { Module } from '@nestjs/common';
import { GenerationsController } from './generations.controller';
import { GenerationsRepository } from './generations.repository';
import { GenerationsService } from './generations.service';

@Module({ controllers: [GenerationsController], providers: [GenerationsService, GenerationsRepository] })
export class GenerationsModule {}
