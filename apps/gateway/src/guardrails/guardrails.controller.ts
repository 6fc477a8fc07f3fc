import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiError } from '@alltokens/contracts';
import type { Guardrail, PrismaClient } from '@alltokens/db';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/auth.service';
import { CurrentPrincipal, ManagementKeyGuard } from '../auth/guards';
import { BudgetsService } from '../budgets/budgets.service';
import { PRISMA } from '../infra/tokens';
import { createGuardrailSchema, toGuardrailView, updateGuardrailSchema } from './guardrails.dto';
import { GuardrailsRepository } from './guardrails.repository';

/** Guardrails on an organisation, team or key, like policies (applied within ~5 s on every gateway). */
@Controller(['api/v1', 'v1'])
@UseGuards(ManagementKeyGuard)
export class GuardrailsController {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly scopes: BudgetsService,
    private readonly repository: GuardrailsRepository,
    private readonly audit: AuditService,
  ) {}

  @Post('guardrails')
  @HttpCode(201)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    const input = createGuardrailSchema.parse(body ?? {});
    const orgId = await this.scopes.orgOf(principal, input.scope, input.scope_id);
    const row = await this.prisma.guardrail.create({
      data: { orgId, name: input.name, scope: input.scope, scopeId: input.scope_id, prompt: input.prompt, response: input.response, enabled: input.enabled },
    });
    await this.repository.changed();
    await this.audit.record(principal, { action: 'guardrail.create', targetType: 'guardrail', targetId: row.id, orgId, after: toGuardrailView(row) });
    return { data: toGuardrailView(row) };
  }

  @Get('guardrails')
  async list(@CurrentPrincipal() principal: Principal) {
    const rows = await this.prisma.guardrail.findMany({ where: principal.kind === 'management' ? { orgId: principal.key.orgId } : {}, orderBy: { createdAt: 'asc' } });
    return { data: rows.map(toGuardrailView) };
  }

  @Get('guardrails/:id')
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return { data: toGuardrailView(await this.find(principal, id)) };
  }

  @Patch('guardrails/:id')
  async update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown) {
    const input = updateGuardrailSchema.parse(body ?? {});
    const before = await this.find(principal, id);
    const after = await this.prisma.guardrail.update({ where: { id }, data: input });
    await this.repository.changed();
    await this.audit.record(principal, { action: 'guardrail.update', targetType: 'guardrail', targetId: id, orgId: after.orgId, before: toGuardrailView(before), after: toGuardrailView(after) });
    return { data: toGuardrailView(after) };
  }

  @Delete('guardrails/:id')
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    const row = await this.find(principal, id);
    await this.prisma.guardrail.delete({ where: { id } });
    await this.repository.changed();
    await this.audit.record(principal, { action: 'guardrail.delete', targetType: 'guardrail', targetId: id, orgId: row.orgId, before: toGuardrailView(row) });
    return { deleted: true, id };
  }

  private async find(principal: Principal, id: string): Promise<Guardrail> {
    const row = await this.prisma.guardrail.findUnique({ where: { id } });
    if (!row || (principal.kind === 'management' && row.orgId !== principal.key.orgId)) throw new ApiError(404, 'guardrail_not_found', `No guardrail '${id}'`);
    return row;
  }
}
