import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/auth.service';
import { CurrentPrincipal, ManagementKeyGuard } from '../auth/guards';
import { createTeamSchema, toTeamView } from './teams.dto';
import { TeamsService } from './teams.service';

/** Teams group keys for shared budgets, rate limits and policies (`team_id` when creating a key). */
@Controller(['api/v1', 'v1'])
@UseGuards(ManagementKeyGuard)
export class TeamsController {
  constructor(
    private readonly teams: TeamsService,
    private readonly audit: AuditService,
  ) {}

  @Post('teams')
  @HttpCode(201)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    const team = toTeamView(await this.teams.create(principal, createTeamSchema.parse(body ?? {})));
    await this.audit.record(principal, { action: 'team.create', targetType: 'team', targetId: team.id, orgId: team.org_id, after: team });
    return { data: team };
  }

  @Get('teams')
  async list(@CurrentPrincipal() principal: Principal) {
    return { data: (await this.teams.list(principal)).map(toTeamView) };
  }
}
