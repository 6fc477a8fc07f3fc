import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiError } from '@alltokens/contracts';
import type { Principal } from '../auth/auth.service';
import { AnyKeyGuard, CurrentPrincipal, ManagementKeyGuard } from '../auth/guards';
import { createBudgetSchema, topUpSchema, toBudgetView } from './budgets.dto';
import { BudgetsService } from './budgets.service';
import { WebhookUrlCheck } from '../alerts/webhook-url-check';
import { AuditService } from '../audit/audit.service';

/** Budgets (spend limits per key, team or organisation and period) and prepaid credits. */
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
  async create(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    const input = createBudgetSchema.parse(body ?? {});
    if (input.webhook_url) await this.webhooks.assertAllowed(input.webhook_url, 'webhook_url');
    const row = await this.budgets.create(principal, input);
    const budget = toBudgetView(row);
    await this.audit.record(principal, { action: 'budget.upsert', targetType: 'budget', targetId: budget.id, orgId: budget.org_id, after: budget });
    return { data: budget, ...(row.webhookSecret ? { webhook_secret: row.webhookSecret } : {}) };
  }

  @Get('budgets')
  @UseGuards(ManagementKeyGuard)
  async list(@CurrentPrincipal() principal: Principal) {
    return { data: (await this.budgets.list(principal)).map(toBudgetView) };
  }

  @Delete('budgets/:id')
  @UseGuards(ManagementKeyGuard)
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
