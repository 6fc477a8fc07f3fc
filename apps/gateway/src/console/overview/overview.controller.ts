import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { Principal } from '../../auth/auth.service';
import { CurrentPrincipal, ManagementKeyGuard } from '../../auth/guards';
import { consoleOrgOf } from '../console-org';
import { OverviewService, RANGES } from './overview.service';

const querySchema = z.object({
  range: z.enum(Object.keys(RANGES) as [keyof typeof RANGES]).default('24h'),
  split: z.enum(['none', 'model', 'provider', 'key', 'team']).default('model'),
  org_id: z.string().optional(),
});

@ApiTags('console')
@Controller('api/console')
@UseGuards(ManagementKeyGuard)
export class OverviewController {
  constructor(private readonly overview: OverviewService) {}

  @Get('overview')
  @ApiOperation({ summary: 'Spend, requests, tokens, error rate, latency and TTFT p50/p95/p99 over 1h/24h/7d/30d, split by model, provider, key or team' })
  async get(@CurrentPrincipal() principal: Principal, @Query() query: unknown) {
    const { range, split, org_id } = querySchema.parse(query);
    return { data: await this.overview.overview(consoleOrgOf(principal, org_id), range, split) };
  }
}
