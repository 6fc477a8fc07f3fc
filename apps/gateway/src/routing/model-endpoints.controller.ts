import { Controller, Get, Param } from '@nestjs/common';
import { Catalog } from '@alltokens/catalog';
import { ApiError } from '@alltokens/contracts';
import { HealthStore } from '@alltokens/routing';
import { priceString, toModelView } from '../models/model-view';

const WINDOW_MINUTES = 30;

/** OpenRouter's `GET /models/{author}/{slug}/endpoints`, with live latency, throughput and uptime. */
@Controller(['api/v1', 'v1'])
export class ModelEndpointsController {
  constructor(
    private readonly catalog: Catalog,
    private readonly health: HealthStore,
  ) {}

  @Get('models/:author/:slug/endpoints')
  async endpoints(@Param('author') author: string, @Param('slug') slug: string) {
    const model = this.catalog.model(`${author}/${slug}`);
    if (!model) throw new ApiError(404, 'model_not_found', `Model '${author}/${slug}' does not exist or is not served here`);
    const stats = await this.health.snapshot(model.endpoints.map((e) => e.id), WINDOW_MINUTES);
    const { id, name, created, description, architecture } = toModelView(model);
    return {
      data: {
        id,
        name,
        created,
        description,
        architecture,
        endpoints: model.endpoints.map((endpoint) => {
          const live = stats.get(endpoint.id)!;
          return {
            name: `${this.catalog.provider(endpoint.providerId)?.name ?? endpoint.providerId} | ${endpoint.upstreamModel}`,
            provider_name: endpoint.providerId,
            tag: endpoint.providerId,
            context_length: endpoint.contextLength,
            max_completion_tokens: endpoint.maxOutputTokens,
            max_prompt_tokens: null,
            quantization: endpoint.quantization,
            region: endpoint.region,
            data_policy: { training: endpoint.trainsOnData, retains_prompts: endpoint.retainsData, zero_data_retention: endpoint.zeroDataRetention },
            pricing: {
              prompt: priceString(endpoint.pricing.prompt),
              completion: priceString(endpoint.pricing.completion),
              request: priceString(endpoint.pricing.request),
              input_cache_read: priceString(endpoint.pricing.cachedPrompt),
            },
            supported_parameters: endpoint.supportedParameters,
            status: endpoint.status === 'active' ? (live.breakerOpen ? -1 : 0) : -2,
            uptime_last_30m: live.uptime === null ? null : Math.round(live.uptime * 10000) / 100,
            latency_last_30m: { p50: live.latencyP50, p95: live.latencyP95 },
            ttft_last_30m: live.ttftAvg === null ? null : { avg: Math.round(live.ttftAvg), p50: live.ttftP50, p95: live.ttftP95 },
            throughput_last_30m: live.tokensPerSecond === null ? null : Math.round(live.tokensPerSecond * 10) / 10,
            requests_last_30m: live.requests,
          };
        }),
      },
    };
  }
}
