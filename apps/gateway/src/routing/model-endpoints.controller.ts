import { Controller, Get, Param } from '@nestjs/common';
import { ModelEndpointsService } from './model-endpoints.service';

/** OpenRouter's `GET /models/{author}/{slug}/endpoints`, with live latency, throughput and uptime. */
@Controller(['api/v1', 'v1'])
export class ModelEndpointsController {
  constructor(private readonly endpoints: ModelEndpointsService) {}

  @Get('models/:author/:slug/endpoints')
  async endpointsOf(@Param('author') author: string, @Param('slug') slug: string) {
    return { data: await this.endpoints.forModel(`${author}/${slug}`) };
  }
}
