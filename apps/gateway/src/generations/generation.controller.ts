import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { ApiError } from '@alltokens/contracts';
import type { Principal } from '../auth/auth.service';
import { AnyKeyGuard, CurrentPrincipal } from '../auth/guards';
import { GenerationRepository } from './generation.repository';
import { toGenerationView } from './generation-view';

const querySchema = z.object({ id: z.string().min(1, 'id is required') });

@Controller(['api/v1', 'v1'])
export class GenerationController {
  constructor(private readonly generations: GenerationRepository) {}

  /** The stored record of one request, by the id its response carried (OpenRouter's `/generation`). */
  @Get('generation')
  @UseGuards(AnyKeyGuard)
  async get(@CurrentPrincipal() principal: Principal, @Query() query: unknown) {
    const { id } = querySchema.parse(query);
    if (principal.kind === 'admin') throw new ApiError(403, 'key_required', 'Ask with the API key that made the request');
    const row = await this.generations.findForOrg(id, principal.key.orgId);
    if (!row) throw new ApiError(404, 'generation_not_found', `Generation '${id}' not found (records appear shortly after the request ends)`, 'id');
    return { data: toGenerationView(row) };
  }
}
