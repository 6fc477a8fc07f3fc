import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Catalog } from '@alltokens/catalog';
import { FidelityStore, HealthStore } from '@alltokens/routing';
import { ManagementKeyGuard } from '../../auth/guards';
import { toFidelityView } from '../../routing/routing.dto';

const WINDOW_MINUTES = 30;
const perMillion = (perToken: number) => Math.round(perToken * 1e6 * 1e6) / 1e6;

/** Every model and endpoint of the catalog with price, context, data policy and live health, in one call. */
@ApiTags('console')
@Controller('api/console')
@UseGuards(ManagementKeyGuard)
export class ConsoleModelsController {
  constructor(
    private readonly catalog: Catalog,
    private readonly health: HealthStore,
    private readonly fidelity: FidelityStore,
  ) {}

  @Get('models')
  @ApiOperation({ summary: 'Models and their endpoints: price (USD per million tokens), context, data policy, status, 30-minute health and 60-minute measured fidelity' })
  async list() {
    const models = this.catalog.models();
    const ids = models.flatMap((model) => model.endpoints.map((endpoint) => endpoint.id));
    const [stats, fidelity] = await Promise.all([this.health.snapshot(ids, WINDOW_MINUTES), this.fidelity.snapshot(ids)]);
    return {
      data: models.map((model) => ({
        id: model.id,
        name: model.name,
        context_length: model.contextLength,
        endpoints: model.endpoints.map((endpoint) => {
          const live = stats.get(endpoint.id)!;
          return {
            id: endpoint.id,
            provider: endpoint.providerId,
            status: endpoint.status,
            breaker_open: live.breakerOpen,
            pricing: {
              prompt: perMillion(endpoint.pricing.prompt),
              completion: perMillion(endpoint.pricing.completion),
              cached_prompt: perMillion(endpoint.pricing.cachedPrompt),
              request: endpoint.pricing.request,
            },
            context_length: endpoint.contextLength,
            region: endpoint.region,
            data_policy: { training: endpoint.trainsOnData, retains_prompts: endpoint.retainsData, zero_data_retention: endpoint.zeroDataRetention },
            latency_p50: live.latencyP50,
            latency_p95: live.latencyP95,
            tokens_per_second: live.tokensPerSecond,
            uptime: live.uptime,
            requests: live.requests,
            fidelity: toFidelityView(fidelity.get(endpoint.id)!),
          };
        }),
      })),
    };
  }
}
