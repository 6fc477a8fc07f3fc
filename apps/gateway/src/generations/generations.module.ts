import { Module } from '@nestjs/common';
import { GenerationController } from './generation.controller';
import { GenerationRepository } from './generation.repository';

@Module({ controllers: [GenerationController], providers: [GenerationRepository] })
export class GenerationsModule {}
