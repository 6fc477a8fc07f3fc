import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import type { Principal } from '../auth/auth.service';
import { AnyKeyGuard, CurrentPrincipal } from '../auth/guards';
import { routeExplainQuerySchema } from './routing.dto';
import { RouteExplainService } from './route-explain.service';

/** The full routing decision of one request: every candidate, why it was excluded or ranked, every attempt. */
@Controller(['api/v1', 'v1'])
export class RouteExplainController {
  constructor(private readonly routes: RouteExplainService) {}

  @Get('route/explain')
  @UseGuards(AnyKeyGuard)
  async explain(@CurrentPrincipal() principal: Principal, @Query() query: unknown) {
    const { generation_id } = routeExplainQuerySchema.parse(query);
    return { data: await this.routes.explain(principal, generation_id) };
  }
}
