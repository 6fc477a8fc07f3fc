import type { Request, Response } from 'express';
import { ApiError, type EmbeddingsApiRequest, type RoutingPolicy } from '@alltokens/contracts';
import type { RouteQuote, RouteQuoter } from '@alltokens/routing';
import type { StoredKey } from '../auth/api-key.repository';
import type { CompletionDispatcher, DispatchOptions } from '../chat/completion-dispatcher.service';
import type { RequestAdmission } from '../limits/request-admission.service';
import type { GatewayMetrics } from '../metrics/gateway-metrics.service';
import type { KeyPolicies } from '../policies/key-policies.service';
import type { RequestGovernanceService } from '../governance/request-governance.service';
import { EmbeddingsService } from './embeddings.service';

const policies: RoutingPolicy[] = [{ id: 'p', name: 'eu', scope: 'organization', allowedProviders: [], deniedProviders: [], allowedModels: [], deniedModels: [], allowedRegions: ['eu'], denyDataTraining: false, denyDataRetention: false, requireZdr: false, maxPricePerMtok: null }];
const request: EmbeddingsApiRequest = { model: 'openai/text-embedding-3-small', input: 'hello' };
const quote: RouteQuote = { promptTokens: () => 1, outputTokens: 0, maxCostUsd: () => 0 };

function service(options: { quoteError?: ApiError; dispatch?: () => Promise<boolean> }) {
  const events: string[] = [];
  const quoter = {
    embeddings: (asked: EmbeddingsApiRequest, bound: RoutingPolicy[]) => {
      events.push(`quote ${asked.model} ${bound.map((p) => p.name).join(',')}`);
      if (options.quoteError) throw options.quoteError;
      return quote;
    },
  } as unknown as RouteQuoter;
  const admission = {
    admit: async (_id: string, _key: StoredKey, admitted: RouteQuote) => {
      events.push(admitted === quote ? 'admit quote' : 'admit other');
      return { budgetReserved: true, finish: async (succeeded: boolean) => void events.push(`finish ${succeeded}`) };
    },
  } as unknown as RequestAdmission;
  const dispatcher = {
    dispatch: async (_req: Request, _res: Response, _key: StoredKey, work: { kind: string }, { policies, budgetReserved }: DispatchOptions) => {
      events.push(`dispatch ${work.kind} ${policies!.length}${budgetReserved ? ' reserved' : ''}`);
      return (options.dispatch ?? (async () => true))();
    },
  } as unknown as CompletionDispatcher;
  const keyPolicies = { forKey: async () => policies } as unknown as KeyPolicies;
  const metrics = { observe: (endpoint: string, _stream: boolean, succeeded: boolean) => void events.push(`observe ${endpoint} ${succeeded}`) } as unknown as GatewayMetrics;
  const governance = { forEmbeddings: async (_req: Request, _key: StoredKey, request: EmbeddingsApiRequest) => request } as unknown as RequestGovernanceService;
  return { events, embeddings: new EmbeddingsService(quoter, dispatcher, admission, keyPolicies, metrics, governance) };
}

const run = (embeddings: EmbeddingsService) => embeddings.embed({ requestId: 'r1' } as Request, {} as Response, {} as StoredKey, request);

describe('EmbeddingsService', () => {
  it('quotes under the key’s policies, admits that quote, dispatches, then settles the admission', async () => {
    const { events, embeddings } = service({});
    await run(embeddings);
    expect(events).toEqual(['quote openai/text-embedding-3-small eu', 'admit quote', 'dispatch embeddings 1 reserved', 'finish true', 'observe embeddings true']);
  });

  it('admits nothing when the quote refuses the request', async () => {
    const { events, embeddings } = service({ quoteError: new ApiError(404, 'model_not_found', 'no') });
    await expect(run(embeddings)).rejects.toMatchObject({ status: 404 });
    expect(events).toEqual(['quote openai/text-embedding-3-small eu']);
  });

  it('settles the admission as failed when the reply failed or dispatching threw', async () => {
    const failed = service({ dispatch: async () => false });
    await run(failed.embeddings);
    expect(failed.events.slice(-2)).toEqual(['finish false', 'observe embeddings false']);
    const thrown = service({ dispatch: async () => Promise.reject(new Error('queue down')) });
    await expect(run(thrown.embeddings)).rejects.toThrow('queue down');
    expect(thrown.events.slice(-2)).toEqual(['finish false', 'observe embeddings false']);
  });
});
