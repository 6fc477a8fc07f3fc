import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiError } from '@alltokens/contracts';
import type { PrismaClient } from '@alltokens/db';
import { RouteRecordStore } from '@alltokens/routing';
import type { Principal } from '../../auth/auth.service';
import { CurrentPrincipal, ManagementKeyGuard } from '../../auth/guards';
import { toGenerationView } from '../../generations/generations.dto';
import { PRISMA } from '../../infra/tokens';
import { consoleOrgOf } from '../console-org';

/** One request as the log's detail view shows it: the stored generation and its routing decision. */
@ApiTags('console')
@Controller('api/console')
@UseGuards(ManagementKeyGuard)
export class RequestDetailController {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly routes: RouteRecordStore,
  ) {}

  @Get('requests/:id')
  @ApiOperation({ summary: 'A request of the log: tokens, cost, latency, TTFT, trace id, attempts and the route proof (every candidate)' })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query('org_id') requestedOrg?: string) {
    const orgId = consoleOrgOf(principal, requestedOrg);
    const row = await this.prisma.generation.findFirst({ where: { id, orgId } });
    if (!row) throw new ApiError(404, 'generation_not_found', `No request '${id}' in this organisation`);
    const record = await this.routes.load(id);
    const route = record && record.orgId === orgId ? (({ orgId: _org, ...decision }) => decision)(record) : null;
    return { data: { ...toGenerationView(row), route_mode: row.routeMode, decision_reason: row.decisionReason, cache_hit: row.cacheHit, key_id: row.keyId, route } };
  }
}
