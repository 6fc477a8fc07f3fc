import { Inject, Injectable } from '@nestjs/common';
import { spentSince, type Budget, type BudgetAlert, type PrismaClient, type SpendScope } from '@alltokens/db';
import { PRISMA } from '../../infra/tokens';

/** Budgets, the ledger's spend of their scope and the threshold alerts fired for them. */
@Injectable()
export class BudgetStatusRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** Oldest first. */
  budgets(orgId: string): Promise<Budget[]> {
    return this.prisma.budget.findMany({ where: { orgId }, orderBy: { createdAt: 'asc' } });
  }

  spentSince(ref: { scope: SpendScope; scopeId: string; orgId: string }, from: Date): Promise<number> {
    return spentSince(this.prisma, ref, from);
  }

  /** The thresholds crossed in the period starting at `periodStart`, lowest first. */
  alertsFired(budgetId: string, periodStart: Date): Promise<BudgetAlert[]> {
    return this.prisma.budgetAlert.findMany({ where: { budgetId, periodStart }, orderBy: { threshold: 'asc' } });
  }
}
