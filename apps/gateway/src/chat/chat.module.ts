import { Module } from '@nestjs/common';
import { ResponseCache } from '../cache/response-cache.service';
import { LegacyCompletionsController } from '../legacy-completions/legacy-completions.controller';
import { MessagesController } from '../messages/messages.controller';
import { ResponsesController } from '../responses/responses.controller';
import { ChatController } from './chat.controller';
import { ChatService } from './chat.service';
import { CompletionDispatcher } from './completion-dispatcher.service';
import { ReplyHub } from './reply-hub.service';

@Module({ controllers: [ChatController, LegacyCompletionsController, MessagesController, ResponsesController], providers: [ReplyHub, CompletionDispatcher, ChatService, ResponseCache], exports: [CompletionDispatcher] })
export class ChatModule {}
