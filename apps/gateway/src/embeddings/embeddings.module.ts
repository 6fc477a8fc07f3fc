import { Module } from '@nestjs/common';
import { ChatModule } from '../chat/chat.module';
import { EmbeddingsController } from './embeddings.controller';
import { EmbeddingsService } from './embeddings.service';

@Module({ imports: [ChatModule], controllers: [EmbeddingsController], providers: [EmbeddingsService] })
export class EmbeddingsModule {}
