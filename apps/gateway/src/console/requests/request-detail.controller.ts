import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../../auth/auth.service';
import { CurrentPrincipal, ManagementKeyGuard } from '../../auth/guards';
import { consoleOrgOf } from '../console-org';
import { RequestDetailService } from './request-detail.service';

/** One request as the log's detail view shows it: the stored generation and its routing decision. */
@ApiTags('console')
@Controller('api/console')
@UseGuards(ManagementKeyGuard)
export class RequestDetailController {
  constructor(private readonly requests: RequestDetailService) {}

  @Get('requests/:id')
  @ApiOperation({ summary: 'A request of the log: tokens, cost, latency, TTFT, trace id, attempts and the route proof (every candidate)' })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query('org_id') requestedOrg?: string) {
    return { data: await this.requests.detail(consoleOrgOf(principal, requestedOrg), id) };
  }
}
