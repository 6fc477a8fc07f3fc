import { Body, Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ApiError, chatCompletionRequestSchema } from '@alltokens/contracts';
import type { Principal } from '../../auth/auth.service';
import { CurrentPrincipal, ManagementKeyGuard, MembersAllowed } from '../../auth/guards';
import { ChatService } from '../../chat/chat.service';
import { KeysService } from '../../keys/keys.service';

const playgroundSchema = z.object({ key_id: z.string().min(1, 'key_id is required') }).passthrough();

/**
 * The console's playground: a chat completion sent as one of the organisation's API keys (chosen by
 * id: the console never holds a secret), through the same checks, limits, routing and billing as any.
 */
@ApiTags('console')
@Controller('api/console')
@UseGuards(ManagementKeyGuard)
export class PlaygroundController {
  constructor(
    private readonly keys: KeysService,
    private readonly chat: ChatService,
  ) {}

  @Post('playground/chat')
  @HttpCode(200)
  @MembersAllowed()
  @ApiOperation({ summary: 'Send a chat completion (streamed or not) as an API key of the organisation; a member may use only their own keys' })
  async send(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response, @Body() body: unknown) {
    const { key_id, ...request } = playgroundSchema.parse(body ?? {});
    const key = await this.keys.findVisible(principal, key_id);
    if (key.kind !== 'inference') throw new ApiError(400, 'inference_key_required', 'Choose an API key: management keys cannot call models', 'key_id');
    if (principal.kind === 'management' && principal.key.role === 'member' && key.userId !== principal.key.userId) {
      throw new ApiError(403, 'insufficient_role', 'Members may use only their own keys in the playground', 'key_id');
    }
    if (key.disabled) throw new ApiError(403, 'api_key_disabled', 'API key is disabled', 'key_id');
    await this.chat.complete(req, res, key, chatCompletionRequestSchema.parse(request));
  }
}
