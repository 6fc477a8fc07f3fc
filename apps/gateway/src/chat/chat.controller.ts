import { Body, Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiError, chatCompletionRequestSchema } from '@alltokens/contracts';
import { Catalog } from '@alltokens/catalog';
import type { StoredKey } from '../auth/api-key.repository';
import { CurrentKey, InferenceKeyGuard } from '../auth/guards';
import { RequestAdmission } from '../limits/request-admission.service';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { assertPolicyAllows } from '../policies/policy-check';
import { PolicyRepository } from '../policies/policy.repository';
import { assertRoutable } from './assert-routable';
import { CompletionDispatcher } from './completion-dispatcher.service';

@Controller(['api/v1', 'v1'])
@UseGuards(InferenceKeyGuard)
export class ChatController {
  constructor(
    private readonly catalog: Catalog,
    private readonly dispatcher: CompletionDispatcher,
    private readonly admission: RequestAdmission,
    private readonly metrics: GatewayMetrics,
    private readonly policies: PolicyRepository,
  ) {}

  @Post('chat/completions')
  @HttpCode(200)
  async create(@Req() req: Request, @Res() res: Response, @CurrentKey() key: StoredKey, @Body() body: unknown) {
    if (body === undefined || body === null || typeof body !== 'object') {
      throw new ApiError(400, 'invalid_request', 'Request body must be a JSON object');
    }
    const request = chatCompletionRequestSchema.parse(body);
    assertRoutable(this.catalog, request);
    const policies = await this.policies.forKey(key);
    assertPolicyAllows(this.catalog, request, policies);
    const admitted = await this.admission.admit(req.requestId, key, request, res);
    const started = performance.now();
    let succeeded = false;
    try {
      succeeded = await this.dispatcher.dispatch(req, res, key, request, policies);
    } finally {
      await admitted.finish(succeeded);
      this.metrics.observe('chat', request.stream === true, succeeded, (performance.now() - started) / 1000);
    }
  }
}
