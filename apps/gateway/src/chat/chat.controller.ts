import { Body, Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { StoredKey } from '../auth/api-key.repository';
import { CurrentKey, InferenceKeyGuard } from '../auth/guards';
import { parseChatBody } from './chat-fast-path';
import { ChatService } from './chat.service';

/** Requests with an API key are answered by `chatFastPath` before they reach this controller. */
@Controller(['api/v1', 'v1'])
@UseGuards(InferenceKeyGuard)
export class ChatController {
  constructor(private readonly chat: ChatService) {}

  @Post('chat/completions')
  @HttpCode(200)
  async create(@Req() req: Request, @Res() res: Response, @CurrentKey() key: StoredKey, @Body() body: unknown) {
    await this.chat.complete(req, res, key, parseChatBody(body));
  }
}
