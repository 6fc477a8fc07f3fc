import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { budgetPeriodStart } from '@alltokens/contracts';
import type { PrismaClient } from '@alltokens/db';
import type { Principal } from '../../auth/auth.service';
import { CurrentPrincipal, ManagementKeyGuard } from '../../auth/guards';
import { PRISMA } from '../../infra/tokens';
import { SpendRulesRepository } from '../../limits/spend-rules.repository';
import { consoleOrgOf } from '../console-org';

/** Budgets with what the ledger says was spent this period, and the alerts fired in it. */
@ApiTags('console')
@Controller('api/console')
@UseGuards(ManagementKeyGuard)
export class BudgetStatusController {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly budgets: SpendRulesRepository,
  ) {}

  @Get('budgets')
  @ApiOperation({ summary: "The organisation's budgets with spend in the current period (from the ledger) and the threshold alerts fired in it" })
  async list(@CurrentPrincipal() principal: Principal, @Query('org_id') requestedOrg?: string) {
    const orgId = consoleOrgOf(principal, requestedOrg);
    const rows = await this.prisma.budget.findMany({ where: { orgId }, orderBy: { createdAt: 'asc' } });
    const data = await Promise.all(
      rows.map(async (budget) => {
        const periodStart = budgetPeriodStart(budget.period, new Date());
        const [spent, alerts] = await Promise.all([
          this.budgets.spentSince({ scope: budget.scope, scopeId: budget.scopeId, orgId: budget.orgId }, periodStart),
          this.prisma.budgetAlert.findMany({ where: { budgetId: budget.id, periodStart }, orderBy: { threshold: 'asc' } }),
        ]);
        const amount = budget.amountUsd.toNumber();
        return {
          id: budget.id,
          scope: budget.scope,
          scope_id: budget.scopeId,
          amount,
          period: budget.period,
          period_start: periodStart.toISOString(),
          spent,
          used: amount ? spent / amount : 0,
          thresholds: budget.thresholds,
          alerts_fired: alerts.map((alert) => ({ threshold: alert.threshold, fired_at: alert.firedAt.toISOString() })),
          webhook_url: budget.webhookUrl,
        };
      }),
    );
    return { data };
  }
}
