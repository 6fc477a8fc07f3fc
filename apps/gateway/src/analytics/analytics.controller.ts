import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import type { Principal } from '../auth/auth.service';
import { CurrentPrincipal, ManagementKeyGuard } from '../auth/guards';
import { AnalyticsService } from './analytics.service';

/** Usage analytics for an organisation (management keys see their own; the admin key names `org_id`). */
@Controller(['api/v1', 'v1'])
@UseGuards(ManagementKeyGuard)
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('analytics/usage')
  async usage(@CurrentPrincipal() principal: Principal, @Query() query: Record<string, unknown>) {
    return { data: await this.analytics.usage(principal, query) };
  }

  @Get('analytics/requests')
  async requests(@CurrentPrincipal() principal: Principal, @Query() query: Record<string, unknown>) {
    const { rows, next } = await this.analytics.requests(principal, query);
    return { data: rows, next_cursor: next };
  }
}
