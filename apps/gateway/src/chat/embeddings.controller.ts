import { Body, Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiError, embeddingsRequestSchema, JobName, type ChatCompletionRequest, type EmbeddingsApiRequest } from '@alltokens/contracts';
import type { StoredKey } from '../auth/api-key.repository';
import { CurrentKey, InferenceKeyGuard } from '../auth/guards';
import { RequestAdmission } from '../limits/request-admission.service';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { PolicyRepository } from '../policies/policy.repository';
import { CompletionDispatcher } from './completion-dispatcher.service';

/** Limits and budgets count embeddings input like a prompt with one output token. */
function admissionView(request: EmbeddingsApiRequest): ChatCompletionRequest {
  const { input } = request;
  const text = typeof input === 'string' ? input : input.map((item) => (typeof item === 'string' ? item : 'x '.repeat(Array.isArray(item) ? item.length : 1))).join('\n');
  return { model: request.model, messages: [{ role: 'user', content: text }], max_tokens: 1 };
}

@Controller(['api/v1', 'v1'])
@UseGuards(InferenceKeyGuard)
export class EmbeddingsController {
  constructor(
    private readonly dispatcher: CompletionDispatcher,
    private readonly admission: RequestAdmission,
    private readonly policies: PolicyRepository,
    private readonly metrics: GatewayMetrics,
  ) {}

  @Post('embeddings')
  @HttpCode(200)
  async create(@Req() req: Request, @Res() res: Response, @CurrentKey() key: StoredKey, @Body() body: unknown) {
    if (body === undefined || body === null || typeof body !== 'object') {
      throw new ApiError(400, 'invalid_request', 'Request body must be a JSON object');
    }
    const request = embeddingsRequestSchema.parse(body);
    const started = performance.now();
    const policies = await this.policies.forKey(key);
    const admitted = await this.admission.admit(req.requestId, key, admissionView(request), res);
    let succeeded = false;
    try {
      succeeded = await this.dispatcher.dispatch(req, res, key, { kind: JobName.Embeddings, request }, policies);
    } finally {
      await admitted.finish(succeeded);
      this.metrics.observe('embeddings', false, succeeded, (performance.now() - started) / 1000);
    }
  }
}
