import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import type { Principal } from '../auth/auth.service';
import { AnyKeyGuard, CurrentPrincipal } from '../auth/guards';
import { generationQuerySchema, toGenerationView } from './generations.dto';
import { GenerationsService } from './generations.service';

@Controller(['api/v1', 'v1'])
export class GenerationsController {
  constructor(private readonly generations: GenerationsService) {}

  /** The stored record of one request, by the id its response carried (OpenRouter's `/generation`). */
  @Get('generation')
  @UseGuards(AnyKeyGuard)
  async get(@CurrentPrincipal() principal: Principal, @Query() query: unknown) {
    const { id } = generationQuerySchema.parse(query);
    return { data: toGenerationView(await this.generations.find(principal, id)) };
  }
}
