import { Module } from '@nestjs/common';
import { LlmsTxtController } from './llms-txt.controller';

/** What agents and people read about the API (`/llms.txt`; the OpenAPI document is mounted in main). */
@Module({ controllers: [LlmsTxtController] })
export class DocsModule {}
