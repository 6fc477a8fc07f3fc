import { Module } from '@nestjs/common';
import { ResponseCache } from '../cache/response-cache.service';
import { ChatController } from './chat.controller';
import { ChatService } from './chat.service';
import { CompletionDispatcher } from './completion-dispatcher.service';
import { ReplyHub } from './reply-hub.service';

/** Chat completions and what they rest on; the other inference APIs (messages, responses, completions, embeddings) import it. */
@Module({ controllers: [ChatController], providers: [ReplyHub, CompletionDispatcher, ChatService, ResponseCache], exports: [ChatService, CompletionDispatcher] })
export class ChatModule {}
