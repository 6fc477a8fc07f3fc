import { Body, Controller, Get, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import type { PrismaClient, Team } from '@alltokens/db';
import type { Principal } from '../auth/auth.service';
import { CurrentPrincipal, ManagementKeyGuard } from '../auth/guards';
import { PRISMA } from '../infra/tokens';
import { DEFAULT_ORG_ID } from '../keys/keys.service';
import { AuditService } from '../audit/audit.service';

const createTeamSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  org_id: z.string().min(1).optional(),
  rate_limits: z
    .strictObject({
      requests_per_minute: z.number().int().positive().optional(),
      tokens_per_minute: z.number().int().positive().optional(),
      concurrent_requests: z.number().int().positive().optional(),
    })
    .optional(),
});

const toTeamView = (team: Team) => ({
  id: team.id,
  org_id: team.orgId,
  name: team.name,
  rate_limits: { requests_per_minute: team.rateLimitRpm, tokens_per_minute: team.rateLimitTpm, concurrent_requests: team.maxConcurrency },
  created_at: team.createdAt.toISOString(),
});

/** Teams group keys for shared budgets, rate limits and policies (`team_id` when creating a key). */
@Controller(['api/v1', 'v1'])
@UseGuards(ManagementKeyGuard)
export class TeamsController {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly audit: AuditService,
  ) {}

  @Post('teams')
  @HttpCode(201)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    const input = createTeamSchema.parse(body ?? {});
    const orgId = principal.kind === 'management' ? principal.key.orgId : (input.org_id ?? DEFAULT_ORG_ID);
    await this.prisma.organization.upsert({ where: { id: orgId }, update: {}, create: { id: orgId, name: orgId } });
    const team = await this.prisma.team.create({
      data: {
        orgId,
        name: input.name,
        rateLimitRpm: input.rate_limits?.requests_per_minute ?? null,
        rateLimitTpm: input.rate_limits?.tokens_per_minute ?? null,
        maxConcurrency: input.rate_limits?.concurrent_requests ?? null,
      },
    });
    await this.audit.record(principal, { action: 'team.create', targetType: 'team', targetId: team.id, orgId, after: toTeamView(team) });
    return { data: toTeamView(team) };
  }

  @Get('teams')
  async list(@CurrentPrincipal() principal: Principal) {
    const teams = await this.prisma.team.findMany({ where: principal.kind === 'management' ? { orgId: principal.key.orgId } : {}, orderBy: { createdAt: 'asc' } });
    return { data: teams.map(toTeamView) };
  }
}
