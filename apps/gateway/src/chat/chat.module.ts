import { Module } from '@nestjs/common';
import { ChatController } from './chat.controller';
import { CompletionDispatcher } from './completion-dispatcher.service';
import { ReplyHub } from './reply-hub.service';

@Module({ controllers: [ChatController], providers: [ReplyHub, CompletionDispatcher] })
export class ChatModule {}
