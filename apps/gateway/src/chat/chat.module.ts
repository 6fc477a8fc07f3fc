import { Module } from '@nestjs/common';
import { ResponseCache } from '../cache/response-cache.service';
import { ChatController } from './chat.controller';
import { ChatService } from './chat.service';
import { CompletionDispatcher } from './completion-dispatcher.service';
import { ReplyHub } from './reply-hub.service';

@Module({ controllers: [ChatController], providers: [ReplyHub, CompletionDispatcher, ChatService, ResponseCache] })
export class ChatModule {}
