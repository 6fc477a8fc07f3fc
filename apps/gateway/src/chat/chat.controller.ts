import { Body, Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiError, chatCompletionRequestSchema } from '@alltokens/contracts';
import type { StoredKey } from '../auth/api-key.repository';
import { CurrentKey, InferenceKeyGuard } from '../auth/guards';
import { ChatService } from './chat.service';

@Controller(['api/v1', 'v1'])
@UseGuards(InferenceKeyGuard)
export class ChatController {
  constructor(private readonly chat: ChatService) {}

  @Post('chat/completions')
  @HttpCode(200)
  async create(@Req() req: Request, @Res() res: Response, @CurrentKey() key: StoredKey, @Body() body: unknown) {
    if (body === undefined || body === null || typeof body !== 'object') {
      throw new ApiError(400, 'invalid_request', 'Request body must be a JSON object');
    }
    await this.chat.complete(req, res, key, chatCompletionRequestSchema.parse(body));
  }
}
