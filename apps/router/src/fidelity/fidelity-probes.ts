import { priceUsage, type Catalog, type CatalogEndpoint } from '@alltokens/catalog';
import { RedisKeys, chatCompletionRequestSchema, type Attempt, type ChatCompletionRequest } from '@alltokens/contracts';
import { ROOT_CONTEXT, type Redis } from '@alltokens/platform';
import type { FidelityPolicy, FidelityStore } from '@alltokens/routing';
import type { Logger } from 'pino';
import type { RouterMetrics } from '../health/router-metrics';
import type { Candidate, CandidateResolver } from '../pipeline/candidate-resolver';
import { fromOpenAiUsage } from '../pipeline/request-outcome';
import type { HealthSnapshot } from '../routing/health-snapshot';
import { openUpstream } from '../upstream/attempt-runner';
import { judgeAnswer } from './answer-judge';
import { SchemaValidators } from './schema-validators';

const PROBE_TIMEOUT_MS = 30_000;
/** At most one probe per this long per router, whatever the budget. */
const MIN_INTERVAL_MS = 10_000;

const FORECAST = { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1, maximum: 7 } }, required: ['city', 'days'], additionalProperties: false };

/** A small tool-calling request whose answer shows whether the endpoint keeps to a tool's schema. */
const probeRequest = (model: string): ChatCompletionRequest =>
  chatCompletionRequestSchema.parse({
    model,
    max_tokens: 200,
    messages: [{ role: 'user', content: 'What will the weather be in Paris over the next three days? Use the forecast tool.' }],
    tools: [{ type: 'function', function: { name: 'forecast', description: 'The forecast for a city', parameters: FORECAST } }],
    tool_choice: 'required',
  });

/**
 * Optional fidelity probes for endpoints real traffic says too little about: within a budget per hour
 * shared by every router replica (a Redis counter), the active tool-capable endpoint with the fewest
 * measured tool calls gets one small tool-calling request, judged like real answers. Billed to no key:
 * each probe is counted, with its cost, in the router's metrics and logged. Off unless
 * ROUTER_FIDELITY_PROBES_PER_HOUR is set.
 */
export class FidelityProbes {
  private readonly validators = new SchemaValidators(16);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly deps: {
      catalog: Catalog;
      resolver: Pick<CandidateResolver, 'candidateFor'>;
      health: Pick<HealthSnapshot, 'current'>;
      fidelity: Pick<FidelityStore, 'record'>;
      redis: Redis;
      prefix: string;
      policy: FidelityPolicy;
      metrics: Pick<RouterMetrics, 'probe'>;
      logger: Logger;
    },
    private readonly perHour: number,
  ) {}

  start(): void {
    if (this.perHour <= 0) return;
    this.timer = setInterval(() => void this.probeOnce().catch((error) => this.deps.logger.warn({ err: error }, 'fidelity probe failed')), Math.max(MIN_INTERVAL_MS, 3_600_000 / this.perHour));
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One probe, if the hour's budget has room and an endpoint needs one; returns the endpoint probed. */
  async probeOnce(): Promise<string | null> {
    const candidate = this.neediest();
    if (!candidate || !(await this.takeBudget())) return null;
    const { endpoint, provider, adapter } = candidate;
    const request = probeRequest(endpoint.modelId);
    const attempts: Attempt[] = [];
    let costUsd = 0;
    try {
      const opened = await openUpstream([candidate], { name: 'chat', build: (c) => c.adapter.buildChatRequest(request, { provider: c.provider, endpoint: c.endpoint }, false) }, AbortSignal.timeout(PROBE_TIMEOUT_MS), attempts, {
        deadlineAt: Date.now() + PROBE_TIMEOUT_MS,
        traceContext: ROOT_CONTEXT,
        onFailure: () => undefined,
      });
      opened.span.end();
      const completion = adapter.parseChatResponse(await opened.response.body.json(), { provider, endpoint });
      const message = completion.choices[0]?.message;
      if (completion.usage) costUsd = priceUsage(endpoint.pricing, fromOpenAiUsage(completion.usage));
      const toolCalls = (message?.tool_calls ?? []).map((call) => ({ name: call.function.name, arguments: call.function.arguments }));
      const sample = judgeAnswer(request, { content: message?.content ?? '', toolCalls, finishReason: completion.choices[0]?.finish_reason ?? null, completionTokens: completion.usage?.completion_tokens ?? null }, this.validators);
      this.deps.fidelity.record(endpoint.id, sample);
      this.deps.metrics.probe(provider.id, 'answered', costUsd);
      this.deps.logger.info({ endpoint: endpoint.id, toolCalls: sample.toolCalls, broken: sample.brokenToolCalls, costUsd }, 'fidelity probe');
    } catch (error) {
      this.deps.metrics.probe(provider.id, 'failed', costUsd);
      this.deps.logger.info({ endpoint: endpoint.id, err: error }, 'fidelity probe got no answer');
    }
    return endpoint.id;
  }

  /** The active tool-capable chat endpoint with the fewest measured tool calls, if any has fewer than routing needs. */
  private neediest(): Candidate | null {
    const health = this.deps.health.current();
    const calls = (endpoint: CatalogEndpoint) => health.get(endpoint.id)?.fidelity?.toolCalls ?? 0;
    let best: { candidate: Candidate; calls: number } | null = null;
    for (const model of this.deps.catalog.models()) {
      for (const endpoint of model.endpoints) {
        if (endpoint.type !== 'chat' || endpoint.status !== 'active' || !endpoint.supportedParameters.includes('tools')) continue;
        const seen = calls(endpoint);
        if (seen >= this.deps.policy.minSamples || (best && best.calls <= seen)) continue;
        const candidate = this.deps.resolver.candidateFor(endpoint);
        if (candidate?.adapter.capabilities.tools) best = { candidate, calls: seen };
      }
    }
    return best?.candidate ?? null;
  }

  /** One probe of this hour's budget, counted across every router replica. */
  private async takeBudget(): Promise<boolean> {
    const key = new RedisKeys(this.deps.prefix).key('fidelity', 'probes', Math.floor(Date.now() / 3_600_000));
    const [[, used]] = (await this.deps.redis.multi().incr(key).expire(key, 7200).exec()) as [[unknown, number], unknown];
    return used <= this.perHour;
  }
}
