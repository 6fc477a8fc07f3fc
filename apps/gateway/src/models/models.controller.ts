import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { Catalog } from '@alltokens/catalog';
import { ApiError } from '@alltokens/contracts';
import { toModelView } from './model-view';

const listQuerySchema = z.object({ supported_parameters: z.string().optional() });

/** Public like OpenRouter's: listing models needs no key. */
@Controller(['api/v1', 'v1'])
export class ModelsController {
  constructor(private readonly catalog: Catalog) {}

  @Get('models')
  list(@Query() query: unknown) {
    const { supported_parameters } = listQuerySchema.parse(query);
    const required = supported_parameters?.split(',').map((name) => name.trim()).filter(Boolean) ?? [];
    const views = this.catalog.models().map(toModelView);
    return {
      object: 'list',
      data: views.filter((view) => required.every((name) => view.supported_parameters.includes(name))),
    };
  }

  /** `GET /models/{author}/{slug}`, or the id URL-encoded in one segment as the OpenAI SDK's `models.retrieve` sends it. */
  @Get(['models/:author/:slug', 'models/:id'])
  retrieve(@Param('author') author?: string, @Param('slug') slug?: string, @Param('id') id?: string) {
    const modelId = id ?? `${author}/${slug}`;
    const model = this.catalog.model(modelId);
    if (!model) throw new ApiError(404, 'model_not_found', `Model '${modelId}' does not exist or is not served here`, 'model');
    return toModelView(model);
  }
}
