import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { JobName, type ChatCompletionRequest } from '@alltokens/contracts';
import type { UsageEmitter } from '@alltokens/jobs';
import { RouteQuoter } from '@alltokens/routing';
import type { StoredKey } from '../auth/api-key.repository';
import { replayCached } from '../cache/cache-replay';
import { cacheHitUsage } from '../cache/cache-usage';
import { ResponseCache } from '../cache/response-cache.service';
import { USAGE_EMITTER } from '../infra/tokens';
import { RequestAdmission } from '../limits/request-admission.service';
import { GatewayMetrics } from '../metrics/gateway-metrics.service';
import { KeyPolicies } from '../policies/key-policies.service';
import { RequestGovernanceService } from '../governance/request-governance.service';
import { CompletionDispatcher } from './completion-dispatcher.service';
import type { ReplyCapture, ReplyPresenter } from './reply-writer';

/** One chat completion: checks, cache, limits, then the routers; in that order, each cheap when unused. */
@Injectable()
export class ChatService {
  constructor(
    private readonly quoter: RouteQuoter,
    private readonly dispatcher: CompletionDispatcher,
    private readonly admission: RequestAdmission,
    private readonly metrics: GatewayMetrics,
    private readonly policies: KeyPolicies,
    private readonly cache: ResponseCache,
    @Inject(USAGE_EMITTER) private readonly usage: UsageEmitter,
    private readonly governance: RequestGovernanceService,
  ) {}

  /** With a `presenter` (another API's shape) the response cache is bypassed: cached entries are chat-shaped. */
  async complete(req: Request, res: Response, key: StoredKey, original: ChatCompletionRequest, presenter?: ReplyPresenter, rawPrompt?: string): Promise<void> {
    const policies = await this.policies.forKey(key);
    // Tags, end user and prompt guardrails first: the quote, the cache, the limits and the router see the masked request.
    const { request, legacyPrompt } = await this.governance.forChat(req, key, original, rawPrompt);
    const quote = this.quoter.chat(request, policies, legacyPrompt !== undefined);
    const started = performance.now();
    const lookup = presenter ? undefined : this.cache.lookupFor(req, key, request);
    if (lookup) {
      const hit = await this.cache.get(lookup);
      if (hit) {
        replayCached(res, hit, req.requestId);
        // Through the same emitter (and batches) as the routers' usage; sent by shutdown at the latest.
        void this.usage.emit(cacheHitUsage(req.requestId, key, request, hit, Date.now() - Math.round(performance.now() - started), req.governance));
        this.metrics.observe('chat', request.stream === true, true, (performance.now() - started) / 1000);
        return;
      }
      res.setHeader('x-alltokens-cache', 'miss');
    }
    const admitted = await this.admission.admit(req.requestId, key, quote, res, req.governance?.attribution);
    const capture: ReplyCapture | undefined = lookup ? { chunks: [] } : undefined;
    let succeeded = false;
    try {
      succeeded = await this.dispatcher.dispatch(req, res, key, { kind: JobName.Chat, request, legacyPrompt }, { policies, capture, presenter, budgetReserved: admitted.budgetReserved });
      if (succeeded && lookup && capture) await this.cache.store(lookup, capture).catch(() => undefined);
    } finally {
      await admitted.finish(succeeded);
      this.metrics.observe('chat', request.stream === true, succeeded, (performance.now() - started) / 1000);
    }
  }
}
