import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiError } from '@alltokens/contracts';
import type { Principal } from '../auth/auth.service';
import { AnyKeyGuard, CurrentPrincipal, ManagementKeyGuard } from '../auth/guards';
import { createBudgetSchema, topUpSchema, toBudgetView, updateBudgetSchema } from './budgets.dto';
import { BudgetsService } from './budgets.service';
import { WebhookUrlCheck } from '../alerts/webhook-url-check';
import { AuditService } from '../audit/audit.service';

/** Request bodies in OpenAPI, from the zod schemas that parse them. */
const bodyOf = (schema: z.ZodType) => ({ schema: z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown> });

/** Budgets (spend limits per key, team or organisation and period) and prepaid credits. */
@ApiTags('budgets')
@Controller(['api/v1', 'v1'])
export class BudgetsController {
  constructor(
    private readonly budgets: BudgetsService,
    private readonly audit: AuditService,
    private readonly webhooks: WebhookUrlCheck,
  ) {}

  @Post('budgets')
  @HttpCode(201)
  @UseGuards(ManagementKeyGuard)
  @ApiOperation({ summary: 'Create or replace the budget of a scope and period; a new webhook signing secret is returned once as webhook_secret' })
  @ApiBody(bodyOf(createBudgetSchema))
  async create(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    const input = createBudgetSchema.parse(body ?? {});
    if (input.webhook_url) await this.webhooks.assertAllowed(input.webhook_url, 'webhook_url');
    const { budget: row, newSecret } = await this.budgets.create(principal, input);
    const budget = toBudgetView(row);
    await this.audit.record(principal, { action: 'budget.upsert', targetType: 'budget', targetId: budget.id, orgId: budget.org_id, after: budget });
    return { data: budget, ...(newSecret ? { webhook_secret: newSecret } : {}) };
  }

  @Patch('budgets/:id')
  @UseGuards(ManagementKeyGuard)
  @ApiOperation({ summary: "Edit a budget's amount, thresholds or webhook_url (null removes it); the webhook keeps its signing secret, a webhook added to a budget without one gets a secret returned once" })
  @ApiBody(bodyOf(updateBudgetSchema))
  async update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown) {
    const input = updateBudgetSchema.parse(body ?? {});
    if (input.webhook_url) await this.webhooks.assertAllowed(input.webhook_url, 'webhook_url');
    const { before, budget: row, newSecret } = await this.budgets.update(principal, id, input);
    const budget = toBudgetView(row);
    await this.audit.record(principal, { action: 'budget.update', targetType: 'budget', targetId: id, orgId: budget.org_id, before: toBudgetView(before), after: budget });
    return { data: budget, ...(newSecret ? { webhook_secret: newSecret } : {}) };
  }

  @Get('budgets')
  @UseGuards(ManagementKeyGuard)
  @ApiOperation({ summary: 'Budgets the caller may see (a management key: its organisation’s)' })
  async list(@CurrentPrincipal() principal: Principal) {
    return { data: (await this.budgets.list(principal)).map(toBudgetView) };
  }

  @Delete('budgets/:id')
  @UseGuards(ManagementKeyGuard)
  @ApiOperation({ summary: 'Delete a budget' })
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    await this.budgets.remove(principal, id);
    await this.audit.record(principal, { action: 'budget.delete', targetType: 'budget', targetId: id });
    return { deleted: true, id };
  }

  /** OpenRouter's `GET /credits`: what the caller's organisation bought and used. */
  @Get('credits')
  @UseGuards(AnyKeyGuard)
  async credits(@CurrentPrincipal() principal: Principal) {
    if (principal.kind === 'admin') throw new ApiError(400, 'org_required', 'Ask with a key of the organisation');
    return { data: await this.budgets.credits(principal.key.orgId) };
  }

  @Post('credits')
  @UseGuards(ManagementKeyGuard)
  async topUp(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    const input = topUpSchema.parse(body ?? {});
    const { orgId, balance: credits } = await this.budgets.topUp(principal, input.org_id, input.amount, input.note);
    await this.audit.record(principal, { action: 'credits.top_up', targetType: 'organization', targetId: orgId, orgId, after: { amount: input.amount, note: input.note ?? null } });
    return { data: credits };
  }
}
