import { Controller, Get, Param, Query } from '@nestjs/common';
import { listModelsQuerySchema } from './models.dto';
import { ModelsService } from './models.service';

/** Public like OpenRouter's: listing models needs no key. */
@Controller(['api/v1', 'v1'])
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @Get('models')
  list(@Query() query: unknown) {
    const { supported_parameters } = listModelsQuerySchema.parse(query);
    const required = supported_parameters?.split(',').map((name) => name.trim()).filter(Boolean) ?? [];
    return { object: 'list', data: this.models.list(required) };
  }

  /** `GET /models/{author}/{slug}`, or the id URL-encoded in one segment as the OpenAI SDK's `models.retrieve` sends it. */
  @Get(['models/:author/:slug', 'models/:id'])
  retrieve(@Param('author') author?: string, @Param('slug') slug?: string, @Param('id') id?: string) {
    return this.models.retrieve(id ?? `${author}/${slug}`);
  }
}
