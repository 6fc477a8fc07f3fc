import { Module } from '@nestjs/common';
import { ChatModule } from '../chat/chat.module';
import { MessagesController } from './messages.controller';

@Module({ imports: [ChatModule], controllers: [MessagesController] })
export class MessagesModule {}
