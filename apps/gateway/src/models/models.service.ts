import { Injectable } from '@nestjs/common';
import { Catalog } from '@alltokens/catalog';
import { ApiError } from '@alltokens/contracts';
import { toModelView } from './models.dto';

/** The catalog's models in OpenRouter's shape. */
@Injectable()
export class ModelsService {
  constructor(private readonly catalog: Catalog) {}

  /** Every model, or those some endpoint of which supports all of `required`. */
  list(required: string[]) {
    const views = this.catalog.models().map(toModelView);
    return views.filter((view) => required.every((name) => view.supported_parameters.includes(name)));
  }

  retrieve(modelId: string) {
    const model = this.catalog.model(modelId);
    if (!model) throw new ApiError(404, 'model_not_found', `Model '${modelId}' does not exist or is not served here`, 'model');
    return toModelView(model);
  }
}
