import { Injectable } from '@nestjs/common';
import { Catalog } from '@alltokens/catalog';
import { ApiError } from '@alltokens/contracts';
import { FidelityStore, HealthStore } from '@alltokens/routing';
import { toModelView } from '../models/models.dto';
import { toEndpointView } from './routing.dto';

const WINDOW_MINUTES = 30;

/** The providers serving a model, with the live latency, throughput, uptime and fidelity the routers record. */
@Injectable()
export class ModelEndpointsService {
  constructor(
    private readonly catalog: Catalog,
    private readonly health: HealthStore,
    private readonly fidelity: FidelityStore,
  ) {}

  async forModel(modelId: string) {
    const model = this.catalog.model(modelId);
    if (!model) throw new ApiError(404, 'model_not_found', `Model '${modelId}' does not exist or is not served here`);
    const ids = model.endpoints.map((e) => e.id);
    const [stats, fidelity] = await Promise.all([this.health.snapshot(ids, WINDOW_MINUTES), this.fidelity.snapshot(ids)]);
    const { id, name, created, description, architecture } = toModelView(model);
    return { id, name, created, description, architecture, endpoints: model.endpoints.map((endpoint) => toEndpointView(this.catalog, endpoint, stats.get(endpoint.id)!, fidelity.get(endpoint.id)!)) };
  }
}
