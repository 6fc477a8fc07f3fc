import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/auth.service';
import { CurrentPrincipal, ManagementKeyGuard } from '../auth/guards';
import { createGuardrailSchema, toGuardrailView, updateGuardrailSchema } from './guardrails.dto';
import { GuardrailsService } from './guardrails.service';

/** Guardrails on an organisation, team or key, like policies (applied within ~5 s on every gateway). */
@Controller(['api/v1', 'v1'])
@UseGuards(ManagementKeyGuard)
export class GuardrailsController {
  constructor(
    private readonly guardrails: GuardrailsService,
    private readonly audit: AuditService,
  ) {}

  @Post('guardrails')
  @HttpCode(201)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    const view = toGuardrailView(await this.guardrails.create(principal, createGuardrailSchema.parse(body ?? {})));
    await this.audit.record(principal, { action: 'guardrail.create', targetType: 'guardrail', targetId: view.id, orgId: view.org_id, after: view });
    return { data: view };
  }

  @Get('guardrails')
  async list(@CurrentPrincipal() principal: Principal) {
    return { data: (await this.guardrails.list(principal)).map(toGuardrailView) };
  }

  @Get('guardrails/:id')
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return { data: toGuardrailView(await this.guardrails.get(principal, id)) };
  }

  @Patch('guardrails/:id')
  async update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown) {
    const { before, after } = await this.guardrails.update(principal, id, updateGuardrailSchema.parse(body ?? {}));
    await this.audit.record(principal, { action: 'guardrail.update', targetType: 'guardrail', targetId: id, orgId: after.orgId, before: toGuardrailView(before), after: toGuardrailView(after) });
    return { data: toGuardrailView(after) };
  }

  @Delete('guardrails/:id')
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    const row = await this.guardrails.remove(principal, id);
    await this.audit.record(principal, { action: 'guardrail.delete', targetType: 'guardrail', targetId: id, orgId: row.orgId, before: toGuardrailView(row) });
    return { deleted: true, id };
  }
}
