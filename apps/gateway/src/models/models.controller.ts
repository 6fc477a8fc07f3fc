import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { Catalog } from '@alltokens/catalog';
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
}
