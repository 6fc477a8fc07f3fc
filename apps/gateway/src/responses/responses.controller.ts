import { Body, Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiError } from '@alltokens/contracts';
import type { StoredKey } from '../auth/api-key.repository';
import { CurrentKey, InferenceKeyGuard } from '../auth/guards';
import { ChatService } from '../chat/chat.service';
import { responsesRequestSchema } from './responses-request';
import { ResponsesPresenter } from './responses-presenter';
import { toChatRequest } from './to-chat-request';

/**
 * OpenAI's Responses API (`POST /v1/responses`), stateless: clients that default to it (the Vercel AI
 * SDK's `openai()` models, the OpenAI Agents SDK) work unchanged against every provider.
 */
@Controller(['api/v1', 'v1'])
@UseGuards(InferenceKeyGuard)
export class ResponsesController {
  constructor(private readonly chat: ChatService) {}

  @Post('responses')
  @HttpCode(200)
  async create(@Req() req: Request, @Res() res: Response, @CurrentKey() key: StoredKey, @Body() body: unknown) {
    if (body === undefined || body === null || typeof body !== 'object') {
      throw new ApiError(400, 'invalid_request', 'Request body must be a JSON object');
    }
    const request = responsesRequestSchema.parse(body);
    await this.chat.complete(req, res, key, toChatRequest(request), new ResponsesPresenter(request));
  }
}
