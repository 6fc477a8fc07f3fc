import { Body, Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiError } from '@alltokens/contracts';
import type { StoredKey } from '../auth/api-key.repository';
import { CurrentKey, InferenceKeyGuard } from '../auth/guards';
import { ChatService } from '../chat/chat.service';
import { legacyCompletionRequestSchema, toChatRequest } from './completion-request';
import { TextCompletionPresenter } from './text-completion-presenter';

/**
 * `POST /completions`: text-completion models get the prompt natively; chat models get it as one user
 * turn. Either way the router answers in chat shape and the reply is shaped back into `text_completion`.
 */
@Controller(['api/v1', 'v1'])
@UseGuards(InferenceKeyGuard)
export class LegacyCompletionsController {
  constructor(private readonly chat: ChatService) {}

  @Post('completions')
  @HttpCode(200)
  async create(@Req() req: Request, @Res() res: Response, @CurrentKey() key: StoredKey, @Body() body: unknown) {
    if (body === undefined || body === null || typeof body !== 'object') {
      throw new ApiError(400, 'invalid_request', 'Request body must be a JSON object');
    }
    const request = legacyCompletionRequestSchema.parse(body);
    const prompt = typeof request.prompt === 'string' ? request.prompt : request.prompt[0]!;
    await this.chat.complete(req, res, key, toChatRequest(request), new TextCompletionPresenter(request.echo ? prompt : null), prompt);
  }
}
