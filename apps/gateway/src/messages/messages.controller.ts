import { Body, Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Catalog } from '@alltokens/catalog';
import { ApiError } from '@alltokens/contracts';
import { estimatePromptTokens } from '@alltokens/routing';
import type { StoredKey } from '../auth/api-key.repository';
import { CurrentKey, InferenceKeyGuard } from '../auth/guards';
import { ChatService } from '../chat/chat.service';
import { countTokensRequestSchema, messagesRequestSchema } from './messages-request';
import { MessagesPresenter } from './messages-presenter';
import { toChatRequest } from './to-chat-request';

/**
 * Anthropic's Messages API (`POST /v1/messages`), so Anthropic-SDK clients use AllTokens unchanged. The
 * request becomes a chat request, is routed to whichever provider serves the model, and the reply
 * is shaped back into Anthropic's message or event stream. Errors use Anthropic's shape on this path.
 */
@Controller(['api/v1', 'v1'])
@UseGuards(InferenceKeyGuard)
export class MessagesController {
  constructor(
    private readonly chat: ChatService,
    private readonly catalog: Catalog,
  ) {}

  @Post('messages')
  @HttpCode(200)
  async create(@Req() req: Request, @Res() res: Response, @CurrentKey() key: StoredKey, @Body() body: unknown) {
    if (body === undefined || body === null || typeof body !== 'object') {
      throw new ApiError(400, 'invalid_request', 'Request body must be a JSON object');
    }
    const request = messagesRequestSchema.parse(body);
    await this.chat.complete(req, res, key, toChatRequest(request, this.modelId(request.model)), new MessagesPresenter(request.model));
  }

  /**
   * Anthropic's token counting (`POST /v1/messages/count_tokens`), used by Claude Code and the SDK's
   * `messages.countTokens`. The estimate rate limits and budgets count (OpenAI's o200k encoding): no provider
   * is called and nothing is billed.
   */
  @Post('messages/count_tokens')
  @HttpCode(200)
  countTokens(@Body() body: unknown) {
    if (body === undefined || body === null || typeof body !== 'object') {
      throw new ApiError(400, 'invalid_request', 'Request body must be a JSON object');
    }
    const request = countTokensRequestSchema.parse(body);
    return { input_tokens: estimatePromptTokens(toChatRequest({ ...request, max_tokens: 1, stream: false }, this.modelId(request.model))) };
  }

  /** Anthropic SDK users write bare model ids (`claude-sonnet-4`); the catalog knows them as `anthropic/…`. */
  private modelId(model: string): string {
    if (model.includes('/') || this.catalog.model(model)) return model;
    return this.catalog.model(`anthropic/${model}`) ? `anthropic/${model}` : model;
  }
}
