import { Module } from '@nestjs/common';
import { ChatModule } from '../chat/chat.module';
import { ResponsesController } from './responses.controller';

@Module({ imports: [ChatModule], controllers: [ResponsesController] })
export class ResponsesModule {}
