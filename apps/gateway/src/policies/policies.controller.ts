import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { ApiError } from '@alltokens/contracts';
import { ScopeKind, type PrismaClient } from '@alltokens/db';
import type { Principal } from '../auth/auth.service';
import { CurrentPrincipal, ManagementKeyGuard } from '../auth/guards';
import { BudgetsService } from '../budgets/budgets.service';
import { PRISMA } from '../infra/tokens';
import { PolicyRepository, toRoutingPolicy } from './policy.repository';
import { AuditService } from '../audit/audit.service';

const list = z.array(z.string().min(1)).default([]);
const createPolicySchema = z.object({
  name: z.string().min(1).max(200),
  scope: z.enum(ScopeKind),
  scope_id: z.string().min(1),
  allowed_providers: list,
  denied_providers: list,
  allowed_models: list,
  denied_models: list,
  allowed_regions: list,
  deny_data_training: z.boolean().default(false),
  deny_data_retention: z.boolean().default(false),
  require_zdr: z.boolean().default(false),
  max_price_per_mtok: z.number().nonnegative().nullish(),
});

/** Routing policies on an organisation, team or key (applied within ~5 s on every gateway). */
@Controller(['api/v1', 'v1'])
@UseGuards(ManagementKeyGuard)
export class PoliciesController {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly scopes: BudgetsService,
    private readonly repository: PolicyRepository,
    private readonly audit: AuditService,
  ) {}

  @Post('policies')
  @HttpCode(201)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    const input = createPolicySchema.parse(body ?? {});
    const orgId = await this.scopes.orgOf(principal, input.scope, input.scope_id);
    const row = await this.prisma.policy.create({
      data: {
        orgId,
        name: input.name,
        scope: input.scope,
        scopeId: input.scope_id,
        allowedProviders: input.allowed_providers,
        deniedProviders: input.denied_providers,
        allowedModels: input.allowed_models,
        deniedModels: input.denied_models,
        allowedRegions: input.allowed_regions,
        denyDataTraining: input.deny_data_training,
        denyDataRetention: input.deny_data_retention,
        requireZdr: input.require_zdr,
        maxPricePerMtok: input.max_price_per_mtok ?? null,
      },
    });
    await this.repository.changed();
    const view = { ...toRoutingPolicy(row), scope_id: row.scopeId };
    await this.audit.record(principal, { action: 'policy.create', targetType: 'policy', targetId: row.id, orgId, after: view });
    return { data: view };
  }

  @Get('policies')
  async list(@CurrentPrincipal() principal: Principal) {
    const rows = await this.prisma.policy.findMany({ where: principal.kind === 'management' ? { orgId: principal.key.orgId } : {}, orderBy: { createdAt: 'asc' } });
    return { data: rows.map((row) => ({ ...toRoutingPolicy(row), scope_id: row.scopeId })) };
  }

  @Delete('policies/:id')
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    const row = await this.prisma.policy.findUnique({ where: { id } });
    if (!row || (principal.kind === 'management' && row.orgId !== principal.key.orgId)) throw new ApiError(404, 'policy_not_found', `No policy '${id}'`);
    await this.prisma.policy.delete({ where: { id } });
    await this.repository.changed();
    await this.audit.record(principal, { action: 'policy.delete', targetType: 'policy', targetId: id, orgId: row.orgId, before: toRoutingPolicy(row) });
    return { deleted: true, id };
  }
}
