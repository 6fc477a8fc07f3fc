import { Body, Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiError, embeddingsRequestSchema } from '@alltokens/contracts';
import type { StoredKey } from '../auth/api-key.repository';
import { CurrentKey, InferenceKeyGuard } from '../auth/guards';
import { EmbeddingsService } from './embeddings.service';

@Controller(['api/v1', 'v1'])
@UseGuards(InferenceKeyGuard)
export class EmbeddingsController {
  constructor(private readonly embeddings: EmbeddingsService) {}

  @Post('embeddings')
  @HttpCode(200)
  async create(@Req() req: Request, @Res() res: Response, @CurrentKey() key: StoredKey, @Body() body: unknown) {
    if (body === undefined || body === null || typeof body !== 'object') {
      throw new ApiError(400, 'invalid_request', 'Request body must be a JSON object');
    }
    await this.embeddings.embed(req, res, key, embeddingsRequestSchema.parse(body));
  }
}
