import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { ApiError } from '@alltokens/contracts';
import { RouteRecordStore } from '@alltokens/routing';
import type { Principal } from '../auth/auth.service';
import { AnyKeyGuard, CurrentPrincipal } from '../auth/guards';

const querySchema = z.object({ generation_id: z.string().min(1, 'generation_id is required') });

/** The full routing decision of one request: every candidate, why it was excluded or ranked, every attempt. */
@Controller(['api/v1', 'v1'])
export class RouteExplainController {
  constructor(private readonly records: RouteRecordStore) {}

  @Get('route/explain')
  @UseGuards(AnyKeyGuard)
  async explain(@CurrentPrincipal() principal: Principal, @Query() query: unknown) {
    const { generation_id } = querySchema.parse(query);
    const record = await this.records.load(generation_id);
    const visible = record && (principal.kind === 'admin' || record.orgId === principal.key.orgId);
    if (!visible) throw new ApiError(404, 'generation_not_found', `No route record for '${generation_id}'`, 'generation_id');
    const { orgId: _org, ...decision } = record;
    return { data: decision };
  }
}
