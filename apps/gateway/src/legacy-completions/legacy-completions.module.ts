import { Module } from '@nestjs/common';
import { ChatModule } from '../chat/chat.module';
import { LegacyCompletionsController } from './legacy-completions.controller';

@Module({ imports: [ChatModule], controllers: [LegacyCompletionsController] })
export class LegacyCompletionsModule {}
