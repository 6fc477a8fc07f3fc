import { Injectable } from '@nestjs/common';
import { budgetPeriodStart } from '@alltokens/contracts';
import type { Budget } from '@alltokens/db';
import { BudgetStatusRepository } from './budget-status.repository';

/** Each budget of an organisation with what was spent in its current period and the alerts fired in it. */
@Injectable()
export class BudgetStatusService {
  constructor(private readonly repository: BudgetStatusRepository) {}

  async list(orgId: string, now = new Date()) {
    const budgets = await this.repository.budgets(orgId);
    return Promise.all(budgets.map((budget) => this.status(budget, now)));
  }

  private async status(budget: Budget, now: Date) {
    const periodStart = budgetPeriodStart(budget.period, now);
    const [spent, alerts] = await Promise.all([
      this.repository.spentSince({ scope: budget.scope, scopeId: budget.scopeId, orgId: budget.orgId }, periodStart),
      this.repository.alertsFired(budget.id, periodStart),
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
  }
}
