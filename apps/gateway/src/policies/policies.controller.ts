import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/auth.service';
import { CurrentPrincipal, ManagementKeyGuard } from '../auth/guards';
import { createPolicySchema, toPolicyView, toRoutingPolicy } from './policies.dto';
import { PoliciesService } from './policies.service';

/** Routing policies on an organisation, team or key (applied within ~5 s on every gateway). */
@Controller(['api/v1', 'v1'])
@UseGuards(ManagementKeyGuard)
export class PoliciesController {
  constructor(
    private readonly policies: PoliciesService,
    private readonly audit: AuditService,
  ) {}

  @Post('policies')
  @HttpCode(201)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    const row = await this.policies.create(principal, createPolicySchema.parse(body ?? {}));
    const view = toPolicyView(row);
    await this.audit.record(principal, { action: 'policy.create', targetType: 'policy', targetId: row.id, orgId: row.orgId, after: view });
    return { data: view };
  }

  @Get('policies')
  async list(@CurrentPrincipal() principal: Principal) {
    return { data: (await this.policies.list(principal)).map(toPolicyView) };
  }

  @Delete('policies/:id')
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    const row = await this.policies.remove(principal, id);
    await this.audit.record(principal, { action: 'policy.delete', targetType: 'policy', targetId: id, orgId: row.orgId, before: toRoutingPolicy(row) });
    return { deleted: true, id };
  }
}
