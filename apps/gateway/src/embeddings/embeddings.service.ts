import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { JobName, type EmbeddingsApiRequest } from '@alltokens/contracts';
import { RouteQuoter } from '@alltokens/routing';
import type { StoredKey } from '../auth/api-key.repository';
import { CompletionDispatcher } from '../chat/completion-dispatcher.service';
import { RequestAdmission } from '../limits/request-admission.service';
import { GatewayMetrics } from '../metrics/gateway-metrics.service';
import { KeyPolicies } from '../policies/key-policies.service';

/** One embeddings request: quote, limits, then the routers. */
@Injectable()
export class EmbeddingsService {
  constructor(
    private readonly quoter: RouteQuoter,
    private readonly dispatcher: CompletionDispatcher,
    private readonly admission: RequestAdmission,
    private readonly policies: KeyPolicies,
    private readonly metrics: GatewayMetrics,
  ) {}

  async embed(req: Request, res: Response, key: StoredKey, request: EmbeddingsApiRequest): Promise<void> {
    const started = performance.now();
    const policies = await this.policies.forKey(key);
    const quote = this.quoter.embeddings(request, policies);
    const admitted = await this.admission.admit(req.requestId, key, quote, res);
    let succeeded = false;
    try {
      succeeded = await this.dispatcher.dispatch(req, res, key, { kind: JobName.Embeddings, request }, policies);
    } finally {
      await admitted.finish(succeeded);
      this.metrics.observe('embeddings', false, succeeded, (performance.now() - started) / 1000);
    }
  }
}
