import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { JobName, type EmbeddingsApiRequest } from '@alltokens/contracts';
import { RouteQuoter } from '@alltokens/routing';
import type { StoredKey } from '../auth/api-key.repository';
import { CompletionDispatcher } from '../chat/completion-dispatcher.service';
import { RequestAdmission } from '../limits/request-admission.service';
import { GatewayMetrics } from '../metrics/gateway-metrics.service';
import { KeyPolicies } from '../policies/key-policies.service';
import { RequestGovernanceService } from '../governance/request-governance.service';

/** One embeddings request: quote, limits, then the routers. */
@Injectable()
export class EmbeddingsService {
  constructor(
    private readonly quoter: RouteQuoter,
    private readonly dispatcher: CompletionDispatcher,
    private readonly admission: RequestAdmission,
    private readonly policies: KeyPolicies,
    private readonly metrics: GatewayMetrics,
    private readonly governance: RequestGovernanceService,
  ) {}

  async embed(req: Request, res: Response, key: StoredKey, original: EmbeddingsApiRequest): Promise<void> {
    const started = performance.now();
    // Tags, end user and prompt guardrails on the input before anything else sees it.
    const request = await this.governance.forEmbeddings(req, key, original);
    const policies = await this.policies.forKey(key);
    const quote = this.quoter.embeddings(request, policies);
    const admitted = await this.admission.admit(req.requestId, key, quote, res, req.governance?.attribution);
    let succeeded = false;
    try {
      succeeded = await this.dispatcher.dispatch(req, res, key, { kind: JobName.Embeddings, request }, { policies, budgetReserved: admitted.budgetReserved });
    } finally {
      await admitted.finish(succeeded);
      this.metrics.observe('embeddings', false, succeeded, (performance.now() - started) / 1000);
    }
  }
}
